/**
 * Conversation references learned from inbound activities: how to reach a person 1:1 or a channel later
 * (service URL, tenant, conversation id). Keys are platform-neutral strings the domain can ask for.
 */
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Clock, ConversationRepository } from '../../services/ports';

export const teamsUserKey = (userId: string) => `teams:user:${userId}`;
export const teamsConversationKey = (conversationId: string) => `teams:conversation:${conversationId}`;
/** The service URL and tenant last seen, for creating new 1:1 conversations with people who never wrote to the bot. */
export const TEAMS_SERVICE_KEY = 'teams:service';

/** A channel thread's conversation id carries ";messageid=…"; the channel itself is the part before it. */
export function channelConversationId(conversationId: string): string {
  return conversationId.split(';')[0];
}

export async function rememberConversation(activity: Partial<Activity>, repo: ConversationRepository, clock: Clock): Promise<void> {
  if (!activity.conversation?.id || !activity.serviceUrl) return;
  // Without the inbound activity's id, so a later proactive message is a new post, not a reply in its thread.
  const { activityId: _replyTo, ...reference } = TurnContext.getConversationReference(activity) as ConversationReference;
  const updatedAt = clock.now().toISOString();
  const tenantId = activity.conversation.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const save = (key: string, ref: Partial<ConversationReference>) =>
    repo.save({ key, platform: 'teams', reference: { ...ref, tenantId } as Record<string, unknown>, updatedAt });

  const conversationId = channelConversationId(activity.conversation.id);
  await save(teamsConversationKey(conversationId), { ...reference, conversation: { ...reference.conversation, id: conversationId } });
  if (activity.conversation.conversationType === 'personal' && activity.from?.id) {
    await save(teamsUserKey(activity.from.id), reference);
  }
  // Only an activity that names the bot can teach how to reach people proactively.
  if (activity.recipient?.id) await save(TEAMS_SERVICE_KEY, { serviceUrl: activity.serviceUrl, channelId: activity.channelId, bot: activity.recipient });
}
