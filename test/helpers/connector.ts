/**
 * A local Bot Framework connector: the serviceUrl the tests put in activities. It records every call the bot
 * makes (create conversation, send, reply, update), can be told to fail the next matching calls, and can enforce
 * Teams' send limits (enforceTeamsLimits).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Windows } from './teams-limits';
import { until } from './wait';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId?: string;
  body: any;
  at: number;
  status?: number;
  /** The id the connector answered with (a created conversation's id, a sent activity's id). */
  responseId?: string;
}

interface Failure {
  match: (call: ConnectorCall) => boolean;
  status: number;
  headers: Record<string, string>;
  times: number;
}

export class LocalConnector {
  readonly calls: ConnectorCall[] = [];
  private server?: Server;
  private failures: Failure[] = [];
  private holds: { match: (call: ConnectorCall) => boolean; times: number }[] = [];
  private heldResponses: (() => void)[] = [];
  private counter = 0;
  private windows = new Windows();
  /** Answer as Teams does past its send limits (teams-limits.ts): 429 with Retry-After. */
  enforceTeamsLimits = false;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` calls matching `match` answer `status` (with headers, e.g. Retry-After). */
  failNext(match: (call: ConnectorCall) => boolean, status: number, times = 1, headers: Record<string, string> = {}): void {
    this.failures.push({ match, status, headers, times });
  }

  /** The next `times` matching calls get no answer until releaseHeld() (a connector that hangs). */
  holdNext(match: (call: ConnectorCall) => boolean, times = 1): void {
    this.holds.push({ match, times });
  }

  /** How many calls are being held open now. */
  held(): number {
    return this.heldResponses.length;
  }

  /** Answers every held call (200), as a connector that recovers. */
  releaseHeld(): void {
    for (const answer of this.heldResponses.splice(0)) answer();
  }

  /** Activities the bot sent (POSTs of activities), optionally to one conversation. */
  sent(conversationId?: string): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST' && /\/activities/.test(c.path) && (!conversationId || c.conversationId === conversationId));
  }

  /** The 1:1 conversation the bot created with this user, if any. */
  conversationWith(userId: string): string | undefined {
    return this.created().find((c) => c.status === 200 && c.body.members?.[0]?.id === userId)?.responseId;
  }

  /** Successful sends into the 1:1 conversation with this user (created by the bot, or the user's own DM). */
  sentTo(userId: string): ConnectorCall[] {
    return this.sent().filter((c) => c.status === 200 && c.conversationId === `a:dm-${userId}`);
  }

  created(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
  }

  updates(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    await until(predicate, { what: 'the connector', timeoutMs });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0];
      const match = /^\/v3\/conversations\/([^/]+)/.exec(path);
      const call: ConnectorCall = {
        method: req.method ?? '',
        path,
        conversationId: match ? decodeURIComponent(match[1]) : undefined,
        // Activities are JSON; a file upload (PUT of a CSV to an upload URL) is kept as text.
        body: text ? parseJsonOrText(text) : undefined,
        at: Date.now(),
      };
      this.calls.push(call);
      const retryAfter = this.enforceTeamsLimits ? this.windows.admit(call.conversationId, call.at) : undefined;
      if (retryAfter !== undefined) {
        call.status = 429;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.max(1, retryAfter)) });
        res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'throttled' } }));
        return;
      }
      const hold = this.holds.find((h) => h.times > 0 && h.match(call));
      if (hold) {
        hold.times -= 1;
        this.heldResponses.push(() => this.answer(call, path, res));
        return;
      }
      const failure = this.failures.find((f) => f.times > 0 && f.match(call));
      if (failure) {
        failure.times -= 1;
        call.status = failure.status;
        res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
        res.end(JSON.stringify({ error: { code: 'Failure', message: `scripted ${failure.status}` } }));
        return;
      }
      this.answer(call, path, res);
    });
  }

  private answer(call: ConnectorCall, path: string, res: ServerResponse): void {
    this.counter += 1;
    // Like Teams, a 1:1 conversation with a user has one id, whoever starts it.
    const oneToOne = call.method === 'POST' && path === '/v3/conversations' && call.body?.members?.length === 1;
    const id = oneToOne ? `a:dm-${call.body.members[0].id}` : `activity-${this.counter}`;
    call.status = 200;
    call.responseId = id;
    if (res.destroyed) return; // the bot gave up on this call
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id }));
  }
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
