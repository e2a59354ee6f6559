/**
 * `overzicht`: the lead's view of the team's open incidents — first response given or not, aftercare done or not
 * done (never the answers), and the decisions still pending. Access: the team's lead (mayReadOverview). What
 * "open" means: docs/first-week.md.
 */
import { mayReadOverview } from './access';
import { firstResponseOutcome } from './aftercare-views';
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
  /** Done: the lead's contact and support talk are done and every check-in that is due was answered (or stopped). */
  aftercareDone: boolean;
  /** The coordinator's decision on a measure (regiemaatregel) is still to be taken. */
  decisionPending: boolean;
}

export type OverviewOutcome = { result: 'refused' } | { result: 'ok'; teamName: string; items: OverviewItem[] };

const DAY = 86_400_000;

function aftercareDone(incident: Incident, now: Date): boolean {
  // The lead's own moments count from the start (the lead has them to do); check-ins once they are due.
  const counted = (incident.aftercare?.moments ?? []).filter((m) => m.kind.startsWith('lead-') || new Date(m.dueAt).getTime() <= now.getTime());
  return counted.every((m) => m.skipped || m.doneAt || m.answeredAt);
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
