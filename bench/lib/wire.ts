/**
 * Lean local peers for the benchmark: a Bot Framework connector and a Slack Web API that answer at once and keep
 * only what the figures need (the test helpers keep every body, which would weigh on the bench process under load).
 * The connector can ENFORCE Teams' documented limits (per conversation 7 / 1 s, 8 / 2 s, 60 / 30 s; per tenant 50 / s,
 * create-conversation included) and answers 429 with Retry-After when a request exceeds them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Windows } from '../../test/helpers/teams-limits';

export { TEAMS_PER_CONVERSATION, TEAMS_PER_TENANT, type Window } from '../../test/helpers/teams-limits';

export interface WireCall {
  at: number;
  conversationId?: string;
  /** 'create' (POST /v3/conversations), 'send' (POST …/activities), 'update' (PUT). */
  op: 'create' | 'send' | 'update' | 'other';
  status: number;
  /** The first TextBlock of the first card, to recognise a page or a check-in without keeping the body. */
  title?: string;
  createdFor?: string;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function cardTitle(body: any): string | undefined {
  const card = body?.attachments?.[0]?.content;
  const first = card?.body?.[0];
  return first?.text ?? first?.items?.[0]?.text ?? (typeof body?.text === 'string' ? body.text.slice(0, 60) : undefined);
}

export class BenchConnector {
  calls: WireCall[] = [];
  /** Keep WireCalls (off for raw-throughput runs, where only the count matters). */
  record = true;
  enforce = false;
  count = 0;
  rejected = 0;
  url = '';
  private server = createServer((req, res) => void this.handle(req, res));
  private windows = new Windows();
  private counter = 0;

  async start(): Promise<string> {
    this.server.keepAliveTimeout = 30_000;
    this.url = `${await listen(this.server)}/`;
    return this.url;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
  reset(): void {
    this.calls = [];
    this.count = 0;
    this.rejected = 0;
    this.windows = new Windows();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const at = Date.now();
    this.count += 1;
    const path = (req.url ?? '').split('?')[0];
    const m = /^\/v3\/conversations\/([^/]+)/.exec(path);
    const conversationId = m ? decodeURIComponent(m[1]) : undefined;
    const op: WireCall['op'] = req.method === 'PUT' ? 'update' : path === '/v3/conversations' ? 'create' : /\/activities/.test(path) ? 'send' : 'other';
    let body: any;
    if (this.record || op === 'create') body = text ? safeJson(text) : undefined;
    if (this.enforce) {
      const retryAfter = this.windows.admit(conversationId, at);
      if (retryAfter !== undefined) {
        this.rejected += 1;
        if (this.record) this.calls.push({ at, conversationId, op, status: 429, title: cardTitle(body) });
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.max(1, retryAfter)) });
        res.end('{"error":{"code":"TooManyRequests","message":"throttled"}}');
        return;
      }
    }
    this.counter += 1;
    const oneToOne = op === 'create' && body?.members?.length === 1;
    const id = oneToOne ? `a:dm-${body.members[0].id}` : `activity-${this.counter}`;
    if (this.record) this.calls.push({ at, conversationId, op, status: 200, title: cardTitle(body), createdFor: oneToOne ? body.members[0].id : undefined });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id }));
  }
}

export interface ViewsOpen {
  at: number;
  triggerId: string;
}

/** Answers every Web API method with ok; keeps the arrival time of each views.open by trigger id. */
export class BenchSlackApi {
  viewsOpened: ViewsOpen[] = [];
  url = '';
  private server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    this.url = `${await listen(this.server)}/api/`;
    return this.url;
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const at = Date.now();
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const args = Object.fromEntries(new URLSearchParams(text));
    let answer: Record<string, unknown> = { ok: true };
    if (method === 'views.open') {
      this.viewsOpened.push({ at, triggerId: String(args.trigger_id ?? '') });
      answer = { ok: true, view: { id: `V${at}` } };
    } else if (method === 'auth.test') answer = { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
    else if (method === 'conversations.open') answer = { ok: true, channel: { id: `D${String(args.users ?? 'x')}` } };
    else if (method === 'chat.postMessage') answer = { ok: true, channel: args.channel, ts: `${at}.000100` };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
