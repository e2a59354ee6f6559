/**
 * `npm run playground` as a newcomer runs it: the bot and two Microsoft 365 Agents Playground servers start, and
 * the test talks to the playgrounds only through the HTTP and websocket API their own web client uses (read from
 * the package's bundled client: POST /_conversation/v1/conversations/<chat>/messages, POST /_conversation/v1/invoke,
 * POST /_debug/conversation/<chat>/installation, and the stream /_ws_conversation/v1/conversations/stream).
 * Fleur's window: welcome card, `melden` → the form, the form submitted → the confirmation; Anna's window: the page,
 * and her Ik ga → Fleur hears who is coming.
 * Every card here is one the bot sent through the playground: with the bot silent, nothing arrives and the test fails.
 * Ctrl-C (SIGINT to the process group) stops everything with exit code 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import WebSocket from 'ws';

const ROOT = join(__dirname, '../..');
const STARTUP_MS = 180_000; // tsx, the bot and two playgrounds on a loaded 2-core machine
const ANSWER_MS = 30_000;

type Card = { type?: string; body?: unknown[]; actions?: unknown[] } & Record<string, unknown>;
interface StreamEvent {
  action: string;
  actionConversationId: string;
  message: { messageId: string; text?: string; attachments?: { contentType: string; content: Card }[] };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every text of a card, depth first (TextBlock text, FactSet titles and values, action titles). */
function texts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(texts);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = ['text', 'title', 'value'].map((k) => o[k]).filter((v): v is string => typeof v === 'string');
  return [...own, ...Object.entries(o).filter(([k]) => k !== 'data' && k !== 'choices').flatMap(([, v]) => texts(v))];
}

function find(node: unknown, match: (o: Record<string, unknown>) => boolean): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap((n) => find(n, match));
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  return [...(match(o) ? [o] : []), ...Object.values(o).flatMap((v) => find(v, match))];
}

/** One playground window as its web client sees it: the conversation stream, and the calls the client makes. */
class Window {
  readonly events: StreamEvent[] = [];
  private ws!: WebSocket;
  constructor(
    readonly url: string,
    readonly userId: string,
    readonly chatId: string,
  ) {}

  async open(): Promise<void> {
    this.ws = new WebSocket(`${this.url.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
    this.ws.on('message', (data) => this.events.push(JSON.parse(String(data)) as StreamEvent));
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  close(): void {
    this.ws?.close();
  }

  private async post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** What the client does on opening the personal chat: the app is installed, the bot gets conversationUpdate. */
  install(): Promise<Response> {
    return this.post(`/_debug/conversation/${this.chatId}/installation`, {});
  }

  say(text: string): Promise<Response> {
    return this.post(`/_conversation/v1/conversations/${this.chatId}/messages`, { type: 'text', text, textFormat: 'plain', from: { id: this.userId } });
  }

  /** An Action.Execute button pressed on a card in this chat (the client merges the inputs into the data). */
  execute(messageId: string, verb: string, data: Record<string, unknown>): Promise<Response> {
    return this.post('/_conversation/v1/invoke', {
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      from: { id: this.userId },
      conversation: { id: this.chatId },
      replyToId: messageId,
    });
  }

  /** The next message the bot posted in this window's 1:1 chat (after event `after`) whose text or card texts match. */
  card(what: string, match: RegExp, after = 0): Promise<{ messageId: string; card?: Card; index: number }> {
    return until(
      what,
      () => {
        for (let i = after; i < this.events.length; i++) {
          const e = this.events[i];
          if (e.action !== 'createMessage' || e.actionConversationId !== this.chatId) continue;
          const card = e.message.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
          if (match.test([e.message.text ?? '', ...texts(card)].join('\n'))) return { messageId: e.message.messageId, card, index: i };
        }
        return undefined;
      },
      ANSWER_MS,
    );
  }
}

let child: ChildProcess | undefined;
let output = '';
const windows: Window[] = [];

afterAll(async () => {
  windows.forEach((w) => w.close());
  const running = () => !!child && child.exitCode === null && child.signalCode === null;
  // After a failure: the SIGINT of the test's finally gets 20 s to clean up, then the whole group is killed.
  await until('npm run playground to stop', () => !running(), 20_000).catch(() => undefined);
  if (running()) process.kill(-child!.pid!, 'SIGKILL');
});

test('npm run playground: the playground answers on its port and relays the bot: welcome card, melden → form → confirmation, the page in the responder\'s window, Ik ga; Ctrl-C stops it', async () => {
  const botPort = await freePort();
  const playgroundPort = await freePort();
  child = spawn('npm', ['run', '--silent', 'playground'], {
    cwd: ROOT,
    detached: true, // its own process group, so the test can press Ctrl-C on it as a terminal would
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(botPort), PLAYGROUND_PORT: String(playgroundPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child!.on('exit', (code, signal) => resolve({ code, signal })));

  try {
    const ready = await until('"Melden playground is ready" with two URLs', () => {
      const at = output.indexOf('Melden playground is ready');
      const urls = at >= 0 ? [...output.slice(at).matchAll(/http:\/\/localhost:(\d+)/g)].map((m) => `http://127.0.0.1:${m[1]}`) : [];
      return urls.length >= 2 && urls;
    }, STARTUP_MS).catch((err: Error) => {
      throw new Error(`${err.message}\n--- output ---\n${output}`);
    });
    expect(output).toContain(`Bot: http://127.0.0.1:${botPort}/api/messages`);
    expect(output).toMatch(/store in \S+/);

    // The playground answers on its port: its ping, and the web client a browser opens.
    for (const url of ready) {
      expect(await (await fetch(`${url}/_debug/ping`)).text()).toBe('pong');
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">/);
    }
    const fleur = new Window(ready[0], '29:fleur', 'playground-chat-fleur');
    const anna = new Window(ready[1], '29:anna', 'playground-chat-anna');
    windows.push(fleur, anna);
    // The playground's own config made these two team members of config/playground.yaml.
    const config = (await (await fetch(`${fleur.url}/_internal/v1/config`)).json()) as { config: { currentUser: { id: string; name: string } } };
    expect(config.config.currentUser).toMatchObject({ id: '29:fleur', name: 'Fleur Mulder' });
    await Promise.all(windows.map((w) => w.open()));

    // Fleur opens her chat: the welcome card, in Dutch.
    expect((await fleur.install()).status).toBe(200);
    const welcome = await fleur.card("Fleur's welcome card", /Hallo, ik ben Melden/);

    // `melden` goes through the playground to the bot; the form comes back through it.
    expect((await fleur.say('melden')).status).toBe(200);
    const form = await fleur.card('the report form', /Melding maken/, welcome.index + 1);
    const [submit] = find(form.card, (o) => o.type === 'Action.Execute' && o.verb === 'report.submit');
    expect(submit).toBeDefined();
    const inputs = find(form.card, (o) => typeof o.type === 'string' && o.type.startsWith('Input.')).map((o) => o.id as string);
    expect(inputs).toEqual(expect.arrayContaining(['date', 'time', 'channel', 'category', 'description', 'firstResponse']));

    // Submitted as the client does: the button's data with the inputs merged in. A report of five minutes ago.
    const when = DateTime.now().setZone('Europe/Amsterdam').minus({ minutes: 5 });
    const values = {
      date: when.toISODate(),
      time: when.toFormat('HH:mm'),
      channel: 'desk',
      category: 'threat',
      description: 'Een bezoeker aan de balie zei: "ik wacht je straks op". Ik heb het gesprek beëindigd.',
      stoppedAfterLimit: 'false',
      conversationEnded: 'true',
      citizenRef: '',
      firstResponse: 'true',
      consentTeamMeeting: 'false',
    };
    const pageFrom = anna.events.length;
    const res = await fleur.execute(form.messageId, 'report.submit', { ...(submit.data as Record<string, unknown>), ...values });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { statusCode?: number; type?: string; value?: Card };
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(texts(answer.value).join('\n')).toMatch(/Melding \d{4}-\d{4} is ontvangen/);

    // The page reaches the colleague on first-response duty, in her own window, with Ik ga / Kan niet.
    const page = await anna.card("the page in Anna's window", /Eerste opvang gevraagd/, pageFrom);
    // The script registered her window with an installationUpdate only: no welcome card before she opens her tab.
    expect(anna.events.some((e) => texts(e.message.attachments).join('\n').includes('Hallo, ik ben Melden'))).toBe(false);
    const buttons = find(page.card, (o) => o.type === 'Action.Execute');
    expect(buttons.map((o) => o.title)).toEqual(expect.arrayContaining(['Ik ga', 'Kan niet']));

    // Anna presses Ik ga in her window: her card says so, and Fleur's window hears who is coming.
    const go = buttons.find((o) => o.title === 'Ik ga')!;
    const fleurFrom = fleur.events.length;
    const ack = await anna.execute(page.messageId, go.verb as string, (go.data ?? {}) as Record<string, unknown>);
    expect(ack.status).toBe(200);
    const acked = (await ack.json()) as { value?: Card };
    expect(texts(acked.value).join('\n')).toMatch(/Jij hebt dit opgepakt om \d{2}:\d{2}/);
    await fleur.card("Fleur's message that Anna is coming", /Anna de Vries komt naar je toe/, fleurFrom);
  } catch (err) {
    (err as Error).message += `\n--- npm run playground output ---\n${output.slice(-4000)}`;
    throw err;
  } finally {
    windows.forEach((w) => w.close());
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGINT');
  }

  // Ctrl-C: the script, the bot and both playgrounds stop, the temp store is removed, nothing answers any more.
  // (npm itself re-raises the SIGINT it was stopped with; the script under it exits 0, else it prints why.)
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([exited, new Promise<string>((r) => (timer = setTimeout(() => r('still running after 30 s'), 30_000)))]);
  clearTimeout(timer);
  expect([{ code: 0, signal: null }, { code: null, signal: 'SIGINT' }]).toContainEqual(stopped);
  expect(output).not.toMatch(/stopped unexpectedly|npm run playground failed/);
  const dataDir = /store in (\S+)/.exec(output)![1];
  expect(existsSync(dataDir)).toBe(false);
  for (const w of windows) await expect(fetch(`${w.url}/_debug/ping`)).rejects.toThrow();
  await expect(fetch(`http://127.0.0.1:${botPort}/healthz`)).rejects.toThrow();
}, 300_000);
