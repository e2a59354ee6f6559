/**
 * Conversation references learned from inbound activities: how to reach a person 1:1 or a channel later
 * (service URL, tenant, conversation id). Keys are platform-neutral strings the domain can ask for.
 */
import type { Activity, ConversationReference } from 'botbuilder';
import { TurnContext } from './sdk';
import type { Directory } from '../../services/directory';
import type { ConversationAddress } from '../../services/model';
import type { Clock, ConversationRepository } from '../../services/ports';

export const teamsUserKey = (userId: string) => `teams:user:${userId}`;
export const teamsConversationKey = (conversationId: string) => `teams:conversation:${conversationId}`;
/** The service URL and tenant last seen, for creating new 1:1 conversations with people who never wrote to the bot. */
export const TEAMS_SERVICE_KEY = 'teams:service';

/** A channel thread's conversation id carries ";messageid=…"; the channel itself is the part before it. */
export function channelConversationId(conversationId: string): string {
  return conversationId.split(';')[0];
}

/**
 * What each repository was last given per key, and when: a reference is written only when it changed (every
 * message of a conversation carries the same one), and again after REWRITE_MS so a reference removed from the store
 * behind this process's back (privacy erasure, another instance's purge) comes back with the next message.
 */
const written = new WeakMap<ConversationRepository, Map<string, { json: string; at: number }>>();
const REWRITE_MS = 10 * 60_000;
const MAX_REMEMBERED = 10_000;

function unchanged(repo: ConversationRepository, key: string, json: string, now: number): boolean {
  let seen = written.get(repo);
  if (!seen) written.set(repo, (seen = new Map()));
  const last = seen.get(key);
  if (last && last.json === json && now - last.at < REWRITE_MS) return true;
  seen.delete(key); // re-inserted last: the oldest entries are dropped first
  seen.set(key, { json, at: now });
  if (seen.size > MAX_REMEMBERED) seen.delete(seen.keys().next().value!);
  return false;
}

/** Forgets what was written for `key` (a failed write must be retried by the next message). */
function forget(repo: ConversationRepository, key: string): void {
  written.get(repo)?.delete(key);
}

export async function rememberConversation(activity: Partial<Activity>, repo: ConversationRepository, clock: Clock): Promise<void> {
  if (!activity.conversation?.id || !activity.serviceUrl) return;
  // Without the inbound activity's id, so a later proactive message is a new post, not a reply in its thread.
  const { activityId: _replyTo, ...reference } = TurnContext.getConversationReference(activity) as ConversationReference;
  const updatedAt = clock.now().toISOString();
  const tenantId = activity.conversation.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const save = async (key: string, ref: Partial<ConversationReference>) => {
    const reference = { ...ref, tenantId } as Record<string, unknown>;
    if (unchanged(repo, key, JSON.stringify(reference), clock.now().getTime())) return;
    try {
      await repo.save({ key, platform: 'teams', reference, updatedAt });
    } catch (err) {
      forget(repo, key);
      throw err;
    }
  };

  const conversationId = channelConversationId(activity.conversation.id);
  await save(teamsConversationKey(conversationId), { ...reference, conversation: { ...reference.conversation, id: conversationId } });
  if (activity.conversation.conversationType === 'personal' && activity.from?.id) {
    await save(teamsUserKey(activity.from.id), reference);
  }
  // Only an activity that names the bot can teach how to reach people proactively.
  if (activity.recipient?.id) await save(TEAMS_SERVICE_KEY, { serviceUrl: activity.serviceUrl, channelId: activity.channelId, bot: activity.recipient });
}

/**
 * Whether a stored Teams address belongs to nobody in the configuration any more (retention, docs/privacy.md): a
 * person's 1:1 (by user key, or a personal conversation's user) not configured, or a channel of no configured team.
 * The service address is never an orphan.
 */
export function isOrphanTeamsAddress(directory: Directory, address: ConversationAddress): boolean {
  if (address.platform !== 'teams' || address.key === TEAMS_SERVICE_KEY) return false;
  const known = (userId: string | undefined) => !!userId && directory.teamsMemberships(userId).length > 0;
  if (address.key.startsWith('teams:user:')) return !known(address.key.slice('teams:user:'.length));
  const ref = address.reference as { conversation?: { id?: string; conversationType?: string }; user?: { id?: string } };
  if (ref.conversation?.conversationType === 'personal') return !known(ref.user?.id);
  const id = address.key.slice('teams:conversation:'.length);
  return !directory.teams.some((t) => t.channel.teams?.conversationId === id);
}
