/** Entry point for `npm start`: load and check the configuration, open the store, serve. */
import { ConfigError, loadAppConfig } from './config';
import { createMelden } from './app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadAppConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Melden kan niet starten / cannot start:\n${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  if (config.localDevelopment) {
    console.warn(
      '\n*** LOCAL DEVELOPMENT MODE — no MicrosoftAppId is set. ***\n' +
        '*** Bot Framework authentication is OFF: any caller is trusted. Listening on 127.0.0.1 only. ***\n' +
        '*** Never run like this in production (NODE_ENV=production refuses to start). ***\n',
    );
  }
  if (!config.teamsEnabled) console.warn('Teams is off: no MicrosoftAppId in production. Serving Slack only.');
  const melden = createMelden({ config });
  const port = await melden.listen();
  const teamCount = config.teams.teams.length;
  console.log(`Melden listening on http://${config.host}:${port} (store: ${config.store}, ${teamCount} team${teamCount === 1 ? '' : 's'})`);
  console.log(`  Teams / Bot Framework Emulator: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/api/messages`);

  const shutdown = (signal: string) => {
    console.log(`${signal}: shutting down`);
    melden.close().then(
      () => process.exit(0),
      (err) => {
        console.error(`shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(`Melden stopped: ${(err as Error).message}`);
  process.exit(1);
});
