/**
 * A safety job that used all its attempts (a page or an escalation that could not go out) must not die
 * silently: the coordinators of the incident's team get a neutral notice in chat (docs/operations.md, "Jobs").
 * The notice names the incident number only: no reporter, no description.
 */
import type { Directory } from './directory';
import { deliverTo } from './delivery';
import type { Job } from './model';
import type { Messenger, Store } from './ports';

/** Job kinds whose failure leaves someone in danger without help (see paging.ts). */
export const SAFETY_JOB_KINDS = ['page.send', 'page.escalate'];

export function reportDeadSafetyJob(store: Store, directory: Directory, messenger: Messenger) {
  return async (job: Job): Promise<void> => {
    if (!SAFETY_JOB_KINDS.includes(job.kind)) return;
    const incidentId = typeof job.payload.incidentId === 'string' ? job.payload.incidentId : undefined;
    const incident = incidentId ? await store.incidents.get(incidentId) : undefined;
    if (!incident) return;
    const team = directory.team(incident.teamId);
    for (const coordinator of directory.withRole(incident.teamId, 'coordinator')) {
      await deliverTo(messenger, coordinator, incident.platform, {
        type: 'notice',
        locale: coordinator.locale ?? team?.locale ?? incident.locale,
        key: 'job.dead',
        vars: { number: incident.number },
      });
    }
  };
}
