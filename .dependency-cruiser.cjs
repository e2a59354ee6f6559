/**
 * The boundaries of src/ (README, "Architecture"), checked on every CI run by `npm run lint:deps`.
 * Type-only imports count: a type is a dependency too.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circle in src/, type-only imports included.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-stays-pure',
      severity: 'error',
      comment: 'src/services (the domain) imports nothing from the bots, the store, the scheduler or the config parser.',
      from: { path: '^src/services/' },
      to: { path: '^src/(bots|store|scheduler|cards)/|^src/config\\.ts$' },
    },
    {
      name: 'domain-imports-no-sdk',
      severity: 'error',
      comment: 'src/services imports no platform or cloud SDK.',
      from: { path: '^src/services/' },
      to: { path: 'node_modules/(botbuilder|botframework-[^/]+|@slack/[^/]+|@azure/[^/]+)/' },
    },
    {
      name: 'slack-not-into-teams',
      severity: 'error',
      comment: 'The Slack platform (bot and Block Kit) does not reach into Teams (bot, Adaptive Cards, templates).',
      from: { path: '^src/(bots|cards)/slack/' },
      to: { path: '^src/(bots|cards)/teams/' },
    },
    {
      name: 'teams-not-into-slack',
      severity: 'error',
      comment: 'The Teams platform (bot and Adaptive Cards) does not reach into Slack.',
      from: { path: '^src/(bots|cards)/teams/' },
      to: { path: '^src/(bots|cards)/slack/' },
    },
    {
      name: 'shared-cards-platform-free',
      severity: 'error',
      comment: 'The shared part of src/cards (strings, action ids, formatting) belongs to no platform.',
      from: { path: '^src/cards/', pathNot: '^src/cards/(teams|slack)/' },
      to: { path: '^src/(bots|cards)/(teams|slack)/|node_modules/(botbuilder|botframework-[^/]+|@slack/[^/]+|adaptivecards[^/]*)/' },
    },
    {
      name: 'botbuilder-only-in-teams-bot',
      severity: 'error',
      comment: 'botbuilder and botframework-* are imported only under src/bots/teams.',
      from: { path: '^src/', pathNot: '^src/bots/teams/' },
      to: { path: 'node_modules/(botbuilder|botframework-[^/]+)/' },
    },
    {
      name: 'slack-sdk-only-in-slack-bot',
      severity: 'error',
      comment: '@slack/* is imported only under src/bots/slack.',
      from: { path: '^src/', pathNot: '^src/bots/slack/' },
      to: { path: 'node_modules/@slack/' },
    },
    {
      name: 'azure-only-in-store',
      severity: 'error',
      comment: '@azure/* only under src/store, and in src/telemetry.ts (Azure Monitor, loaded by the entry point when configured).',
      from: { path: '^src/', pathNot: '^src/store/|^src/telemetry\\.ts$' },
      to: { path: 'node_modules/@azure/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: { path: '^(src|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
