/**
 * A local Slack Web API (SLACK_API_URL points here). It records every call the bot makes — views.open,
 * conversations.open, chat.postMessage, chat.update, chat.postEphemeral — answers auth.test, and can be told to
 * fail the next matching calls (a 429 with Retry-After, or a Slack error such as channel_not_found).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { until } from './wait';

export interface SlackCall {
  method: string;
  args: Record<string, any>;
  authorization?: string;
  at: number;
  status: number;
  response: any;
}

interface Failure {
  match: (call: SlackCall) => boolean;
  status: number;
  headers: Record<string, string>;
  error?: string;
  times: number;
}

/** Slack's DM channel for a user, as this server hands it out. */
export const dmChannel = (userId: string) => `D${userId}`;

export class LocalSlackApi {
  readonly calls: SlackCall[] = [];
  /** What apps.connections.open answers (Socket Mode); undefined → invalid_auth. */
  socketUrl?: string;
  url = '';
  private server?: Server;
  private failures: Failure[] = [];
  private counter = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` calls matching `match` fail: with an HTTP status (429 + Retry-After) or a Slack `error`. */
  failNext(match: (call: SlackCall) => boolean, failure: { status?: number; headers?: Record<string, string>; error?: string }, times = 1): void {
    this.failures.push({ match, status: failure.status ?? 200, headers: failure.headers ?? {}, error: failure.error, times });
  }

  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Successful chat.postMessage calls into this user's DM channel. */
  dmsTo(userId: string): SlackCall[] {
    return this.of('chat.postMessage').filter((c) => c.args.channel === dmChannel(userId) && c.response.ok);
  }

  updates(): SlackCall[] {
    return this.of('chat.update').filter((c) => c.response.ok);
  }

  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    await until(predicate, { what: 'the Slack API', timeoutMs });
  }

  private nextTs(): string {
    this.counter += 1;
    return `1790000000.${String(this.counter).padStart(6, '0')}`;
  }

  private answer(method: string, args: Record<string, any>): any {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UMELDEN', bot_id: 'BMELDEN', team_id: 'T0KCC', user: 'melden' };
      case 'conversations.open':
        return { ok: true, channel: { id: dmChannel(String(args.users)) } };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel, ts: this.nextTs(), message: { text: args.text } };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'views.open':
      case 'views.update':
        return { ok: true, view: { ...args.view, id: `V${this.nextTs()}` } };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'invalid_auth' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const method = (req.url ?? '').split('?')[0].replace(/^\/api\//, '');
      const call: SlackCall = { method, args: parseArgs(req.headers['content-type'], text), authorization: req.headers.authorization, at: Date.now(), status: 200, response: undefined };
      this.calls.push(call);
      const failure = this.failures.find((f) => f.times > 0 && f.match(call));
      if (failure) {
        failure.times -= 1;
        call.status = failure.status;
        call.response = { ok: false, error: failure.error ?? (failure.status === 429 ? 'ratelimited' : 'internal_error') };
        res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
        res.end(JSON.stringify(call.response));
        return;
      }
      call.response = this.answer(method, call.args);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(call.response));
    });
  }
}

/** The Web API client posts form fields, with objects (blocks, view) as JSON strings. */
function parseArgs(contentType: string | undefined, text: string): Record<string, any> {
  if ((contentType ?? '').includes('application/json')) return text ? JSON.parse(text) : {};
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
