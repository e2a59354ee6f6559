/** The domain's Messenger for Teams: neutral messages rendered as Adaptive Cards, sent through the gateway. */
import { ActivityTypes, CardFactory } from 'botbuilder';
import type { PersonConfig, TeamConfig } from '../../services/people';
import { renderTeamsMessage } from '../../cards/teams/messages';
import type { OutboundMessage } from '../../services/messages';
import { DeliveryError, type MessageRef, type Messenger } from '../../services/ports';
import type { Platform } from '../../services/model';
import type { TeamsGateway } from './gateway';
import { teamsConversationKey } from './references';

const activityFor = (message: OutboundMessage) => ({
  type: ActivityTypes.Message,
  attachments: [CardFactory.adaptiveCard(renderTeamsMessage(message))],
});

export class TeamsMessenger implements Messenger {
  constructor(private readonly gateway: TeamsGateway) {}

  async sendToPerson(person: PersonConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef> {
    assertTeams(platform);
    if (!person.teamsUserId) throw new DeliveryError(`${person.id} has no teamsUserId`, 'no-address');
    const sent = await this.gateway.sendToPerson(person.teamsUserId, activityFor(message));
    return { platform: 'teams', ...sent };
  }

  async update(ref: MessageRef, message: OutboundMessage): Promise<void> {
    assertTeams(ref.platform);
    await this.gateway.update({ conversationKey: ref.conversationKey, conversationId: ref.conversationId, activityId: ref.activityId }, activityFor(message));
  }

  async postToChannel(team: TeamConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef> {
    assertTeams(platform);
    const channel = team.channel.teams?.conversationId;
    if (!channel) throw new DeliveryError(`team ${team.id} has no Teams channel configured`, 'no-address');
    const sent = await this.gateway.sendToConversation(teamsConversationKey(channel), activityFor(message));
    return { platform: 'teams', ...sent };
  }
}

function assertTeams(platform: Platform): void {
  if (platform !== 'teams') throw new Error(`TeamsMessenger cannot deliver to ${platform}`);
}
