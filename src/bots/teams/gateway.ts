/**
 * Outbound Teams messages: to a person 1:1 (through a stored reference, or a new conversation created with
 * the tenant and service URL learned earlier) and to a stored channel conversation. Errors are classified so
 * callers can decide between retrying later and trying someone else.
 */
import type { Activity, CloudAdapter, ConversationReference } from 'botbuilder';
import { TurnContext } from './sdk';
import { DeliveryError, type Clock, type ConversationRepository } from '../../services/ports';
import { TEAMS_SERVICE_KEY, teamsUserKey } from './references';
import { PER_CONVERSATION, PER_TENANT, SEND_MARGIN_MS, SlidingWindowLimiter, type SendPriority } from './rate-limit';

/** The Bot Framework audience for public-cloud channels. */
const CHANNEL_AUDIENCE = 'https://api.botframework.com';

export interface SentActivity {
  /** The stored reference that supplies service URL, tenant and bot identity. */
  conversationKey: string;
  conversationId: string;
  activityId: string;
}

/** Maps a connector error to what the caller should do: 429/412/5xx later, 403/404 never for this person. */
export function classifyDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { statusCode?: number; response?: { headers?: { get?(name: string): string | undefined } }; message?: string };
  const status = e.statusCode;
  const retryAfter = e.response?.headers?.get?.('retry-after');
  const retryAfterMs = retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
  const message = `Teams delivery failed${status ? ` (${status})` : ''}: ${e.message ?? String(err)}`;
  if (status === 429) return new DeliveryError(message, 'rate-limited', status, retryAfterMs);
  if (status === 403 || status === 404) return new DeliveryError(message, 'unreachable', status);
  return new DeliveryError(message, 'transient', status, retryAfterMs);
}

export class TeamsGateway {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly conversations: ConversationRepository,
    private readonly clock: Clock,
    private readonly limiter = new SlidingWindowLimiter(undefined, { marginMs: SEND_MARGIN_MS }),
  ) {}

  /**
   * Waits for a slot within Teams' limits for this conversation and tenant; returns "done", to be called when the
   * answer is back (the slot counts until then: rate-limit.ts). Without a conversation (creating one): the tenant only.
   */
  private slot(conversationId: string | undefined, tenantId: unknown, priority: SendPriority): Promise<() => void> {
    const tenant = { key: `tenant:${typeof tenantId === 'string' ? tenantId : ''}`, windows: PER_TENANT };
    return this.limiter.acquire(conversationId ? [{ key: `conversation:${conversationId}`, windows: PER_CONVERSATION }, tenant] : [tenant], { priority, holdUntilDone: true });
  }

  /** Runs one connector request inside its slot. */
  private async limited<T>(conversationId: string | undefined, tenantId: unknown, priority: SendPriority, request: () => Promise<T>): Promise<T> {
    const done = await this.slot(conversationId, tenantId, priority);
    try {
      return await request();
    } finally {
      done();
    }
  }

  /**
   * Answers within an inbound turn (a reply, an updated card) are connector requests too and count under the same
   * limits: each takes a slot, in the safety lane, since someone is waiting for it and what people type bounds them.
   * The invoke response travels in the HTTP answer and is no request.
   */
  countTurn(context: TurnContext): void {
    const { conversation, channelData } = context.activity;
    const tenantId = conversation?.tenantId ?? (channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    context.onSendActivities(async (_context, activities, next) => {
      const requests = activities.filter((a) => a.type !== 'invokeResponse' && a.type !== 'delay' && a.type !== 'trace').length;
      const dones: (() => void)[] = [];
      try {
        for (let i = 0; i < requests; i++) dones.push(await this.slot(conversation?.id, tenantId, 'safety'));
        return await next();
      } finally {
        for (const done of dones) done();
      }
    });
    context.onUpdateActivity((_context, _activity, next) => this.limited(conversation?.id, tenantId, 'safety', next));
  }

  /**
   * Sends to a person 1:1; `hint` (an inbound activity) supplies tenant and service URL when none is stored.
   * `priority`: pages and help go ahead of bulk sends (check-ins, agendas) under the same limits.
   */
  async sendToPerson(userId: string, activity: Partial<Activity>, hint?: Partial<Activity>, priority: SendPriority = 'bulk'): Promise<SentActivity> {
    const stored = await this.conversations.get(teamsUserKey(userId));
    if (stored) return this.sendToReference(teamsUserKey(userId), stored.reference as Partial<ConversationReference>, activity, priority);

    const service = await this.conversations.get(TEAMS_SERVICE_KEY);
    const serviceUrl = hint?.serviceUrl ?? (service?.reference.serviceUrl as string | undefined);
    const tenantId = hint?.conversation?.tenantId ?? (hint?.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? (service?.reference.tenantId as string | undefined);
    const bot = hint?.recipient ?? (service?.reference.bot as Activity['recipient'] | undefined);
    if (!serviceUrl || !bot) throw new DeliveryError(`no Teams service URL known to reach ${userId}`, 'no-address');

    let sent: SentActivity | undefined;
    // Creating the conversation is a request of its own under the tenant's limit; the send after it another.
    let createDone = await this.slot(undefined, tenantId, priority);
    await this.throughPipeline((logic) =>
      this.adapter.createConversationAsync(
        this.appId,
        'msteams',
        serviceUrl,
        CHANNEL_AUDIENCE,
        { isGroup: false, bot, members: [{ id: userId, name: '' }], tenantId, channelData: { tenant: { id: tenantId } } } as never,
        logic,
      ),
      async (context: TurnContext) => {
        createDone();
        createDone = () => {};
        // botbuilder gives the synthetic create event the conversation id as activity id: not something to reply to.
        const { activityId: _synthetic, ...created } = TurnContext.getConversationReference(context.activity) as ConversationReference;
        const reference = { ...created, user: { id: userId, name: '' } };
        await this.conversations.save({
          key: teamsUserKey(userId),
          platform: 'teams',
          reference: { ...reference, tenantId } as Record<string, unknown>,
          updatedAt: this.clock.now().toISOString(),
        });
        const response = await this.limited(context.activity.conversation.id, tenantId, priority, () => context.sendActivity(activity));
        sent = { conversationKey: teamsUserKey(userId), conversationId: context.activity.conversation.id, activityId: response?.id ?? '' };
      },
    ).finally(() => createDone());
    if (!sent) throw new DeliveryError('conversation created but nothing was sent', 'transient');
    return sent;
  }

  /** Posts to a stored conversation: a person's 1:1 chat or a team channel. */
  async sendToConversation(key: string, activity: Partial<Activity>, priority: SendPriority = 'bulk'): Promise<SentActivity> {
    const stored = await this.conversations.get(key);
    if (!stored) throw new DeliveryError(`no stored Teams conversation ${key}`, 'no-address');
    return this.sendToReference(key, stored.reference as Partial<ConversationReference>, activity, priority);
  }

  /** Replaces an earlier message in place (a page that was picked up, an answered check-in). */
  async update(sent: SentActivity, activity: Partial<Activity>, priority: SendPriority = 'bulk'): Promise<void> {
    const stored = await this.conversations.get(sent.conversationKey);
    if (!stored) throw new DeliveryError(`no stored Teams conversation ${sent.conversationKey}`, 'no-address');
    const reference = stored.reference as Partial<ConversationReference>;
    const target = { ...reference, conversation: { ...reference.conversation, id: sent.conversationId } } as Partial<ConversationReference>;
    await this.continueWith(target, async (context) => {
      await this.limited(sent.conversationId, stored.reference.tenantId, priority, () => context.updateActivity({ ...activity, id: sent.activityId }));
    });
  }

  private async sendToReference(key: string, reference: Partial<ConversationReference>, activity: Partial<Activity>, priority: SendPriority): Promise<SentActivity> {
    let activityId = '';
    const tenantId = (reference as { tenantId?: string }).tenantId;
    await this.continueWith(reference, async (context) => {
      activityId = (await this.limited(reference.conversation?.id ?? key, tenantId, priority, () => context.sendActivity(activity)))?.id ?? '';
    });
    return { conversationKey: key, conversationId: reference.conversation?.id ?? '', activityId };
  }

  private continueWith(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return this.throughPipeline((wrapped) => this.adapter.continueConversationAsync(this.appId, reference, wrapped), logic);
  }

  /**
   * continueConversationAsync and createConversationAsync run the logic inside the adapter's turn pipeline, whose
   * onTurnError catches and only logs what the logic throws: a 403 or 404 would look like a successful send. The
   * error is carried out and thrown here, classified, so callers can retry or try someone else.
   */
  private async throughPipeline(
    run: (logic: (context: TurnContext) => Promise<void>) => Promise<void>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    let failure: unknown;
    try {
      await run(async (context) => {
        try {
          await logic(context);
        } catch (err) {
          failure = err;
        }
      });
    } catch (err) {
      failure ??= err;
    }
    if (failure !== undefined) throw classifyDeliveryError(failure);
  }
}
