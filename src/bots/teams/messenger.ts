/** The domain's Messenger for Teams: neutral messages rendered as Adaptive Cards, sent through the gateway. */
import { ActivityTypes, CardFactory } from './sdk';
import type { PersonConfig, TeamConfig } from '../../services/people';
import { renderTeamsMessage } from '../../cards/teams/messages';
import type { OutboundMessage } from '../../services/messages';
import { DeliveryError, type MessageRef, type Messenger } from '../../services/ports';
import type { Platform } from '../../services/model';
import type { TeamsGateway } from './gateway';
import type { SendPriority } from './rate-limit';
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
    const sent = await this.gateway.sendToPerson(person.teamsUserId, activityFor(message), undefined, priorityOf(message));
    return { platform: 'teams', ...sent };
  }

  async update(ref: MessageRef, message: OutboundMessage): Promise<void> {
    assertTeams(ref.platform);
    await this.gateway.update({ conversationKey: ref.conversationKey, conversationId: ref.conversationId, activityId: ref.activityId }, activityFor(message), priorityOf(message));
  }

  async postToChannel(team: TeamConfig, platform: Platform, message: OutboundMessage): Promise<MessageRef> {
    assertTeams(platform);
    const channel = team.channel.teams?.conversationId;
    if (!channel) throw new DeliveryError(`team ${team.id} has no Teams channel configured`, 'no-address');
    const sent = await this.gateway.sendToConversation(teamsConversationKey(channel), activityFor(message));
    return { platform: 'teams', ...sent };
  }
}

/** Pages and help requests go ahead of everything else under the same limits (docs/operations.md, "Send limits"). */
const priorityOf = (message: OutboundMessage): SendPriority => (message.type === 'page' || message.type === 'help' ? 'safety' : 'bulk');

function assertTeams(platform: Platform): void {
  if (platform !== 'teams') throw new Error(`TeamsMessenger cannot deliver to ${platform}`);
}
