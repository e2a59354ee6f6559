/**
 * Improvement actions and deviations (container `team-actions`) and posted review agendas (`review-posts`), both
 * partitioned by /teamId and addressed by id through TeamDocs. Conditional changes are If-Match replaces (or
 * deletes), re-decided on a fresh read after a 412, as the SQLite store's conditional UPDATE/DELETE.
 */
import type { ItemDefinition } from '@azure/cosmos';
import type { ReviewPost, ReviewType, TeamAction } from '../services/model';
import { ACTION_BOUNDS } from './action-query';
import type { ActionQuery, ActionRepository, ReviewRepository } from '../services/ports';
import { compareText, deleteAll, entityDoc, entityFromDoc, TeamEntities, type TeamDocs } from './cosmos-ops';

type Param = { name: string; value: string };

export class CosmosActionRepository extends TeamEntities<TeamAction> implements ActionRepository {
  async find(q: ActionQuery): Promise<TeamAction[]> {
    const where = ['c.teamId = @teamId'];
    const parameters: Param[] = [{ name: '@teamId', value: q.teamId }];
    for (const { field, op, key } of ACTION_BOUNDS) {
      const value = q[key];
      if (value === undefined) continue;
      where.push(`c.${field} ${op} @${key}`);
      parameters.push({ name: `@${key}`, value });
    }
    if (q.state === 'open') where.push('(NOT IS_DEFINED(c.doneAt) OR IS_NULL(c.doneAt))');
    if (q.state === 'done') where.push('(IS_DEFINED(c.doneAt) AND NOT IS_NULL(c.doneAt))');
    const container = await this.docs.container();
    const { resources } = await container.items
      .query<ItemDefinition>({ query: `SELECT * FROM c WHERE ${where.join(' AND ')}`, parameters }, { partitionKey: q.teamId })
      .fetchAll();
    for (const doc of resources) this.docs.remember(doc);
    return resources.map((d) => entityFromDoc<TeamAction>(d)).sort((a, b) => compareText(a.createdAt, b.createdAt) || compareText(a.id, b.id));
  }

  async complete(id: string, doneAt: string, doneBy: string): Promise<boolean> {
    const written = await this.docs.change(id, (doc) => {
      const action = entityFromDoc<TeamAction>(doc);
      if (action.doneAt !== undefined && action.doneAt !== null) return undefined;
      return entityDoc({ ...action, doneAt, doneBy });
    });
    return written !== undefined;
  }

  async delete(id: string): Promise<void> {
    await this.docs.change(id, () => 'delete');
  }

  async purgeBefore(kind: TeamAction['kind'], instant: string): Promise<number> {
    const query =
      kind === 'deviation'
        ? "SELECT c.id, c.teamId FROM c WHERE c.kind = 'deviation' AND c.createdAt < @instant"
        : "SELECT c.id, c.teamId FROM c WHERE c.kind = 'action' AND IS_DEFINED(c.doneAt) AND NOT IS_NULL(c.doneAt) AND c.doneAt < @instant";
    return purgeQuery(this.docs, query, instant);
  }
}

/** Cross-partition query for what is past its retention, then the deletes. */
async function purgeQuery(docs: TeamDocs, query: string, instant: string): Promise<number> {
  const container = await docs.container(true);
  const { resources } = await container.items.query<{ id: string; teamId: string }>({ query, parameters: [{ name: '@instant', value: instant }] }).fetchAll();
  for (const { id } of resources) docs.forget(id);
  return deleteAll(container, resources.map(({ id, teamId }) => ({ id, partitionKey: teamId })));
}

export class CosmosReviewRepository implements ReviewRepository {
  constructor(private readonly docs: TeamDocs) {}

  async claim(post: Omit<ReviewPost, 'state' | 'postedAt' | 'ref'>): Promise<'claimed' | 'exists'> {
    const claimed: ReviewPost = { ...post, state: 'posting' };
    return (await this.docs.createUnique(entityDoc(claimed))) ? 'claimed' : 'exists';
  }

  async markPosted(id: string, postedAt: string, ref?: Record<string, string>): Promise<void> {
    await this.docs.change(id, (doc) => {
      const post = entityFromDoc<ReviewPost>(doc);
      const next: ReviewPost = { ...post, state: 'posted', postedAt };
      if (ref) next.ref = ref as unknown as ReviewPost['ref'];
      else delete next.ref;
      return entityDoc(next);
    });
  }

  async release(id: string): Promise<void> {
    await this.docs.change(id, (doc) => (entityFromDoc<ReviewPost>(doc).state === 'posting' ? 'delete' : undefined));
  }

  get(id: string): Promise<ReviewPost | undefined> {
    return this.docs.getEntity<ReviewPost>(id);
  }

  /** The latest periodEnd (TOP 1, one-property ORDER BY), then the highest id among posts with that periodEnd. */
  async latest(teamId: string, type: ReviewType): Promise<ReviewPost | undefined> {
    const container = await this.docs.container();
    const parameters: Param[] = [
      { name: '@teamId', value: teamId },
      { name: '@type', value: type },
    ];
    const { resources: ends } = await container.items
      .query<string>(
        { query: 'SELECT TOP 1 VALUE c.periodEnd FROM c WHERE c.teamId = @teamId AND c.type = @type ORDER BY c.periodEnd DESC', parameters },
        { partitionKey: teamId },
      )
      .fetchAll();
    if (ends.length === 0) return undefined;
    const { resources } = await container.items
      .query<ItemDefinition>(
        {
          query: 'SELECT * FROM c WHERE c.teamId = @teamId AND c.type = @type AND c.periodEnd = @end',
          parameters: [...parameters, { name: '@end', value: ends[0] }],
        },
        { partitionKey: teamId },
      )
      .fetchAll();
    const posts = resources.map((d) => entityFromDoc<ReviewPost>(d)).sort((a, b) => compareText(b.id, a.id));
    return posts[0];
  }

  async purgeBefore(instant: string): Promise<number> {
    return purgeQuery(this.docs, 'SELECT c.id, c.teamId FROM c WHERE c.periodEnd < @instant', instant);
  }
}
