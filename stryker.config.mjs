// Mutation testing of the domain's pure rule files (on demand: `npm run test:mutation`, not in CI).
// Only the unit tests run against each mutant; the service classes that orchestrate store and
// messenger are covered by the e2e tests and are left out (see the README, "Mutation testing").
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  checkers: ['typescript'],
  // The checker type-checks the domain (and what it imports), not the whole project: far fewer files per mutant.
  tsconfigFile: 'tsconfig.stryker.json',
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 5000,
  // Static mutants (module-level tables and constants) would each rerun every unit test: hours on this
  // machine. They are left out of the score; the tables they sit in are checked by the unit tests as data.
  ignoreStatic: true,
  // Every file of src/services with rules that run without store or messenger; where such rules share a file with a
  // service class, only their lines (a range follows the code: re-check it when the file changes). Left out, and
  // covered end to end instead: the service classes that drive store, scheduler and messenger (paging, help,
  // aftercare, sanctions, measures, reviews, privacy, retention, edits, overview, police-report, followups,
  // dead-jobs, team-actions' TeamActionService and the command handlers in commands.ts); files that hold only
  // types and constant tables (core, model, people, messages, review-views, ports).
  mutate: [
    'src/services/access.ts',
    'src/services/aftercare-plan.ts',
    'src/services/delivery.ts',
    'src/services/directory.ts',
    'src/services/duty.ts',
    'src/services/gir-export.ts',
    'src/services/job-kinds.ts',
    'src/services/paging-rules.ts',
    'src/services/protocol.ts',
    'src/services/public-holidays.ts',
    'src/services/report-form.ts',
    'src/services/review-calendar.ts',
    'src/services/statistics.ts',
    'src/services/wait.ts',
    'src/services/working-calendar.ts',
    // The pure half of team-actions.ts (parsing and views); the TeamActionService below it is store I/O.
    'src/services/team-actions.ts:1-88',
    // commandPhrase, chatIntent, parseTeamActionCommand (the command handlers below need a store).
    'src/services/commands.ts:43-68',
    // editableUntil, editWindowOpen, formValuesOf.
    'src/services/edits.ts:34-60',
    // isDate, inForce, measureCounts.
    'src/services/measures.ts:32-62',
    // afterWorkingDays.
    'src/services/sanctions.ts:35-43',
    // shorten and capped; dilemmaFor and agendaIncident.
    'src/services/reviews.ts:39-45',
    'src/services/reviews.ts:227-243',
    'src/services/aftercare-views.ts:71-74',
    // incidentIdFor; findPattern and classify; nextIncidentNumber (against the embedded store in incidents.test.ts).
    'src/services/incidents.ts:21-24',
    'src/services/incidents.ts:84-113',
    'src/services/incidents.ts:165-170',
  ],
  jest: {
    projectType: 'custom',
    config: {
      testEnvironment: 'node',
      // The unit tests of the domain rules: each mutant runs only these (the card, manifest, config and
      // infrastructure tests load SDKs and cover none of the mutated files' rules).
      roots: ['<rootDir>/test/unit'],
      testMatch: [
        '**/access-matrix.test.ts',
        '**/aftercare-plan.test.ts',
        '**/gir-export.test.ts',
        '**/incidents.test.ts',
        '**/protocol.test.ts',
        '**/public-holidays.test.ts',
        '**/review-calendar.test.ts',
        '**/reviews.test.ts',
        '**/slack-form.test.ts',
        '**/team-actions.test.ts',
        '**/texts.test.ts',
        '**/rules-*.test.ts',
      ],
      // Type errors are the TypeScript checker's job; the runner only transpiles.
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }] },
      testTimeout: 30000,
    },
    enableFindRelatedTests: false,
  },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 85, break: null },
};

// Survivors that are equivalent (no input tells them apart), measured 2 December 2026:
// - paging-rules waveDone: `unreachable ?? []` → `?? ["Stryker was here"]`: only a person with that id would notice.
// - measures lastDay: `early < endDate` → `<=`: when they are equal both branches give the same day.
// - statistics percentile: the empty-list guard → false: `sorted[-1]` is undefined as well.
// - team-actions parseActionText: `split(/\s+/)` → `/\s/`: the extra empty words are filtered out; the
//   `^(voor|owner)$` anchors: the keyword captured is always a whole keyword. findPerson: `split(/\s+/)[0]` →
//   `/\s/`: the first word is the same.
// - report-form validateReport: the date's format test (→ false, or either anchor dropped): Luxon refuses any
//   other form of date as well, with the same 'invalid-date'.
// - protocol: `(value ?? '')` → `("Stryker was here!")`: "st" is no locale either, so the default follows.
// - review-calendar isMeetingDate: `every === 1` early return → false (any week count modulo 1 is 0); `+ every` →
//   `- every` in the parity (the same zero test for every ≤ 2); the anchor's `zone: 'utc'` (rounding to whole
//   weeks absorbs any zone offset); `d < MAX_DAYS_AHEAD` → `<=` (a configured weekday recurs within 14 days);
//   nextPeriodic's zone of `after` (an earlier start only adds one step of the forward search); occurrenceFor's
//   zone for the period end (an ISO instant with its offset is the same instant in any zone).

