/**
 * The domain's Messenger for Slack: neutral messages rendered as Block Kit (cards/slack/messages.ts), sent as DMs
 * (conversations.open + chat.postMessage) or to the team's channel, and updated in place (chat.update). Posting is
 * kept at one message per second per channel (Slack's rule for chat.postMessage); each channel waits on its own,
 * so a busy DM does not hold up a page to someone else.
 */
import type { WebClient } from '@slack/web-api';
import type { PersonConfig, TeamConfig } from '../../services/people';
import { renderSlackMessage } from '../../cards/slack/messages';
import type { SlackMessage } from '../../cards/slack/blocks';
import type { OutboundMessage } from '../../services/messages';
import type { Platform } from '../../services/model';
import { DeliveryError, type MessageRef, type Messenger } from '../../services/ports';
import { SlidingWindowLimiter, type Window } from '../rate-limit';
import { classifySlackError } from './client';

export const PER_CHANNEL: readonly Window[] = [{ ms: 1000, max: 1 }];

export interface SlackRef {
  channel: string;
  ts: string;
}

export class SlackMessenger implements Messenger {
  /** conversations.open answers the same DM channel every time; remembering it saves a call per message. */
  private readonly dmChannels = new Map<string, string>();

  constructor(
    private readonly client: WebClient,
    private readonly limiter = new SlidingWindowLimiter(),
  ) {}

  async sendToPerson(person: PersonConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef> {
    assertSlack(platform);
    if (!person.slackUserId) throw new DeliveryError(`${person.id} has no slackUserId`, 'no-address');
    return toRef(await this.postToUser(person.slackUserId, renderSlackMessage(message)));
  }

  async update(ref: MessageRef, message: OutboundMessage): Promise<void> {
    assertSlack(ref.platform);
    await this.updateMessage({ channel: ref.channel, ts: ref.ts }, renderSlackMessage(message));
  }

  async postToChannel(team: TeamConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef> {
    assertSlack(platform);
    const channel = team.channel.slack?.channelId;
    if (!channel) throw new DeliveryError(`team ${team.id} has no Slack channel configured`, 'no-address');
    return toRef(await this.post(channel, renderSlackMessage(message)));
  }

  /** A DM to a Slack user, whatever the message (confirmation, help, errors). */
  async postToUser(userId: string, message: SlackMessage): Promise<SlackRef> {
    const channel = await this.dmChannel(userId);
    try {
      return await this.post(channel, message);
    } catch (err) {
      if (err instanceof DeliveryError && err.permanent) this.dmChannels.delete(userId);
      throw err;
    }
  }

  async post(channel: string, message: SlackMessage): Promise<SlackRef> {
    await this.limiter.acquire([{ key: `channel:${channel}`, windows: PER_CHANNEL }]);
    try {
      const res = await this.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        // User text may hold links: never let Slack fetch or preview them.
        unfurl_links: false,
        unfurl_media: false,
      });
      return { channel: res.channel ?? channel, ts: String(res.ts ?? '') };
    } catch (err) {
      throw classifySlackError(err, 'chat.postMessage');
    }
  }

  async updateMessage(ref: SlackRef, message: SlackMessage): Promise<void> {
    try {
      await this.client.chat.update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks as never });
    } catch (err) {
      throw classifySlackError(err, 'chat.update');
    }
  }

  /** Only `user` sees it, in the channel they are in (a button they may not use, a command's trouble). */
  async ephemeral(channel: string, user: string, message: SlackMessage): Promise<void> {
    try {
      await this.client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks as never });
    } catch (err) {
      throw classifySlackError(err, 'chat.postEphemeral');
    }
  }

  async openView(triggerId: string, view: Record<string, unknown>): Promise<void> {
    try {
      await this.client.views.open({ trigger_id: triggerId, view: view as never });
    } catch (err) {
      throw classifySlackError(err, 'views.open');
    }
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    let channel: string | undefined;
    try {
      channel = (await this.client.conversations.open({ users: userId })).channel?.id;
    } catch (err) {
      throw classifySlackError(err, 'conversations.open');
    }
    if (!channel) throw new DeliveryError(`conversations.open gave no channel for ${userId}`, 'transient');
    this.dmChannels.set(userId, channel);
    return channel;
  }
}

const toRef = (ref: SlackRef): MessageRef => ({ platform: 'slack', channel: ref.channel, ts: ref.ts });

function assertSlack(platform: Platform): void {
  if (platform !== 'slack') throw new Error(`SlackMessenger cannot deliver to ${platform}`);
}
