/** The small rules of paging that need no store: when a wave is done, what a viewer's page says, who hears of failure. */
import type { PersonConfig, TeamConfig } from './people';
import { waveAt } from './duty';
import type { PageView } from './messages';
import type { PagingState } from './model';

/** Everyone paged at the current step has declined or could not be reached. */
export function waveDone(paging: PagingState): boolean {
  const out = new Set([...paging.declined, ...(paging.unreachable ?? [])]);
  return waveAt(paging, paging.step).every((id) => out.has(id));
}

export function pageState(paging: PagingState | undefined, viewerId: string): PageView['state'] {
  switch (paging?.status) {
    case 'acknowledged':
      return 'acknowledged';
    case 'exhausted':
      return 'exhausted';
    case 'stood-down':
      return 'stood-down';
    default:
      return paging?.declined.includes(viewerId) ? 'declined' : 'open';
  }
}

/** Who hears that first response failed: the team's leads and aggression coordinators. */
export function responsible(team: TeamConfig): PersonConfig[] {
  return team.people.filter((p) => !p.absent && (p.roles.includes('lead') || p.roles.includes('coordinator')));
}

export class SendTimeout extends Error {}

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeout(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
