/**
 * The action ids both platforms put on their buttons and forms (Adaptive Card verbs, Block Kit action ids), and
 * the bots route by: one table, so a Teams card and a Slack message of the same thing answer to the same id.
 */

export const REPORT_VERBS = {
  reportSubmit: 'report.submit',
} as const;

export const PAGE_VERBS = { ack: 'page.ack', decline: 'page.decline', done: 'page.done', refresh: 'page.refresh' } as const;

export const AFTERCARE_VERBS = {
  answer: 'checkin.answer',
  snooze: 'checkin.snooze',
  stop: 'checkin.stop',
  done: 'aftercare.done',
} as const;

/** The lead asks for an incident's description and citizen reference (docs/roles.md); asking is audited. */
export const DETAILS_VERB = 'incident.details';

export const SANCTION_VERB = 'sanction.decide';

/** The review cards' actions; the Teams handlers live in src/bots/teams/review-commands.ts. */
export const REVIEW_VERBS = {
  addAction: 'review.action.add',
  addDeviation: 'review.deviation.add',
  complete: 'review.action.done',
  export: 'review.export',
} as const;
