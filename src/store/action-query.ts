/** What each bound of an ActionQuery means, one table for both stores (sqlite-reviews.ts, cosmos-reviews.ts). */
import type { TeamAction } from '../services/model';
import type { ActionQuery } from '../services/ports';

export const ACTION_BOUNDS = [
  { field: 'kind', op: '=', key: 'kind' },
  { field: 'createdAt', op: '>=', key: 'createdFrom' },
  { field: 'createdAt', op: '<', key: 'createdTo' },
  { field: 'doneAt', op: '>=', key: 'doneFrom' },
  { field: 'doneAt', op: '<', key: 'doneTo' },
] as const satisfies readonly { field: keyof TeamAction; op: string; key: keyof ActionQuery }[];
