/**
 * `overzicht`: the lead's view of the team's open incidents — first response given or not, aftercare done or not
 * done (never the answers), and the decisions still pending. Access: the team's lead (mayReadOverview). What
 * "open" means: docs/first-week.md.
 */
import { mayReadOverview } from './access';
import { firstResponseOutcome } from './aftercare';
import type { PersonInTeam } from './directory';
import type { FirstResponseOutcome } from './messages';
import type { Incident } from './model';
import type { Clock, Store } from './ports';
import { categoryOf, type Category } from './protocol';

/** An incident is open this long after it happened (the aftercare plan's last check-in is at 6 weeks)... */
export const OPEN_DAYS = 42;
/** ...or longer, while a decision is pending; older ones are looked for this far back. */
const LOOK_BACK_DAYS = 365;

export interface OverviewItem {
  incidentId: string;
  number: string;
  category: Category;
  occurredAt: string;
  firstResponse: FirstResponseOutcome;
  /** Done: every aftercare moment that is due was done, answered or skipped; not done: one is still open. */
  aftercareDone: boolean;
  /** The coordinator's decision on a measure (regiemaatregel) is still to be taken. */
  decisionPending: boolean;
}

export type OverviewOutcome = { result: 'refused' } | { result: 'ok'; teamName: string; items: OverviewItem[] };

const DAY = 86_400_000;

function aftercareDone(incident: Incident, now: Date): boolean {
  const due = (incident.aftercare?.moments ?? []).filter((m) => new Date(m.dueAt).getTime() <= now.getTime());
  return due.every((m) => m.skipped || m.doneAt || m.answeredAt);
}

const decisionPending = (i: Incident) => i.registration === 'required' && !i.sanction?.decidedAt;

export async function leadOverview(deps: { store: Store; clock: Clock }, who: PersonInTeam): Promise<OverviewOutcome> {
  if (!mayReadOverview(who)) return { result: 'refused' };
  const now = deps.clock.now();
  const from = new Date(now.getTime() - LOOK_BACK_DAYS * DAY).toISOString();
  const recent = now.getTime() - OPEN_DAYS * DAY;
  const items = (await deps.store.incidents.find({ teamId: who.team.id, from }))
    .filter((i) => !i.help?.reportPending || i.paging)
    .filter((i) => new Date(i.occurredAt).getTime() >= recent || decisionPending(i))
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
    .map((i) => ({
      incidentId: i.id,
      number: i.number,
      category: categoryOf(i),
      occurredAt: i.occurredAt,
      firstResponse: firstResponseOutcome(i),
      aftercareDone: aftercareDone(i, now),
      decisionPending: decisionPending(i),
    }));
  return { result: 'ok', teamName: who.team.name, items };
}
