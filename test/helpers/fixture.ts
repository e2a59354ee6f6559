/**
 * The end-to-end test bed, set up once here instead of in every e2e file: the platform's local API (a Bot
 * Framework connector for Teams, a Slack Web API for Slack), a fake clock, the real bot on them, and the
 * teardown of all three.
 *
 *   const fixture = new TeamsFixture({ now: NOW, introduce: [FLEUR] });
 *   beforeEach(async () => ({ connector, clock, bot } = await fixture.start()));
 *   afterEach(() => fixture.stop());
 *
 * By default the bot polls its job table only once an hour, so the tests decide with `runDue` and the fake clock
 * what is due; pass `bot: { scheduler: undefined }` for the real polling.
 */
import { startBot, type RunningBot } from './app';
import { FakeClock } from './clock';
import { LocalConnector } from './connector';
import { slackEnv } from './slack';
import { LocalSlackApi } from './slack-api';
import { message, post, type TeamsUser } from './teams';

export type BotOptions = NonNullable<Parameters<typeof startBot>[0]>;

export interface FixtureOptions {
  /** The fake clock's start. */
  now?: string;
  /** Options for the bot over the fixture's (its clock, hourly polling, the platform's environment). */
  bot?: BotOptions;
  /** false: start the local API and the clock only; the test starts the bot with `startBot`. */
  startBot?: boolean;
}

const HOURLY = { pollMs: 3_600_000 };
const DEFAULT_NOW = '2026-11-20T09:45:00.000Z'; // a Friday, 10:45 in Amsterdam

abstract class Fixture {
  clock!: FakeClock;
  bot!: RunningBot;
  private bots: RunningBot[] = [];

  constructor(protected readonly options: FixtureOptions) {}

  protected abstract platformEnv(): Record<string, string>;

  /** The bot with the fixture's defaults under `overrides` (environment variables merged). */
  protected defaults(overrides: BotOptions = {}): BotOptions {
    const base = { clock: this.clock, scheduler: HOURLY, ...this.options.bot, ...overrides };
    return { ...base, env: { ...this.platformEnv(), ...this.options.bot?.env, ...overrides.env } };
  }

  /** Another bot with exactly these options (e.g. a restart on the same data folder); stopped at teardown. */
  async startBot(options: BotOptions = {}): Promise<RunningBot> {
    const running = await startBot(options);
    let stopped: Promise<void> | undefined;
    const stop = running.stop.bind(running);
    running.stop = (opts) => (stopped ??= stop(opts));
    this.bots.push(running);
    this.bot = running;
    return running;
  }

  /** The bot with the fixture's defaults under `overrides`, for tests that start it themselves. */
  startWith(overrides: BotOptions = {}): Promise<RunningBot> {
    return this.startBot(this.defaults(overrides));
  }

  protected async startDefaultBot(overrides?: BotOptions): Promise<void> {
    this.clock = new FakeClock(this.options.now ?? DEFAULT_NOW);
    if (this.options.startBot !== false) await this.startBot(this.defaults(overrides));
  }

  protected async stopBots(): Promise<void> {
    for (const running of this.bots.splice(0)) await running.stop();
  }
}

export interface TeamsFixtureOptions extends FixtureOptions {
  /** People who have talked to the bot before (it knows the service URL and their 1:1 chat); calls then cleared. */
  introduce?: TeamsUser[];
}

export class TeamsFixture extends Fixture {
  connector!: LocalConnector;

  constructor(protected override readonly options: TeamsFixtureOptions = {}) {
    super(options);
  }

  protected platformEnv(): Record<string, string> {
    return {};
  }

  /** `overrides`: bot options for this start only (e.g. a config file written in a temp folder). */
  async start(overrides?: BotOptions): Promise<this> {
    this.connector = new LocalConnector();
    await this.connector.start();
    await this.startDefaultBot(overrides);
    if (this.options.introduce?.length) {
      for (const user of this.options.introduce) await post(this.bot.url, message(this.connector.url, user, 'help'));
      this.connector.calls.length = 0;
    }
    return this;
  }

  async stop(): Promise<void> {
    await this.stopBots();
    await this.connector?.stop();
  }
}

export class SlackFixture extends Fixture {
  slackApi!: LocalSlackApi;

  constructor(options: FixtureOptions = {}) {
    super(options);
  }

  protected platformEnv(): Record<string, string> {
    return slackEnv(this.slackApi.url);
  }

  async start(overrides?: BotOptions): Promise<this> {
    this.slackApi = new LocalSlackApi();
    await this.slackApi.start();
    await this.startDefaultBot(overrides);
    return this;
  }

  async stop(): Promise<void> {
    await this.stopBots();
    await this.slackApi?.stop();
  }
}
