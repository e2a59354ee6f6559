/**
 * Copies an embedded store (the SQLite file under DATA_DIR) into Azure Cosmos DB, for a team that moves from one
 * machine to several instances. Idempotent: a second run changes nothing, and a run after more changes on the
 * SQLite side brings those over.
 *
 *   COSMOS_ENDPOINT=https://<account>.documents.azure.com:443/ [COSMOS_KEY=…] [COSMOS_DATABASE=melden] \
 *     npm run migrate:sqlite-to-cosmos -- [--from data/melden.sqlite] [--dry-run]
 *
 * Without COSMOS_KEY it signs in with Entra ID (DefaultAzureCredential, e.g. `az login`). The SQLite file is only
 * read. Each document is written with the same mapping the Cosmos store uses, plus a mark (a hash of what was
 * copied). Per document, on a later run:
 * - missing in Cosmos → created;
 * - still carrying the mark of an earlier run, unchanged in SQLite → left alone (a second run writes nothing);
 * - still carrying an earlier mark, changed in SQLite since → replaced (If-Match);
 * - without the mark: the Cosmos store wrote it since (the bot already runs on Cosmos) → left alone, Cosmos is ahead;
 * - counters: raised to the SQLite value when lower, never lowered; handled-once keys and audit entries (never
 *   changed once written): created when missing.
 * Cut-over: run once while the old bot still runs (the bulk), stop it, run again (the rest), start the instances.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { Container, ItemDefinition } from '@azure/cosmos';
import { ConfigError, loadCosmosConfig, loadTeamsConfig } from '../src/config';
import type { CitizenMeasure, Incident, Job, ReviewPost, TeamAction } from '../src/services/model';
import { incidentDoc } from '../src/store/cosmos-incidents';
import { CAS_ROUNDS, createIfAbsent, entityDoc, readDoc, replaceIfMatch } from '../src/store/cosmos-ops';
import { connectCosmos, type CosmosStoreOptions } from '../src/store/cosmos-client';
import { conversationDoc, jobDoc, MIGRATION_MARK, type HandledOnceDoc, type SequenceDoc } from '../src/store/cosmos-docs';
import { docId } from '../src/store/cosmos-containers';
import { Retention } from '../src/store/cosmos-ttl';
import { cosmosStoreOptions } from '../src/store/cosmos';
import { jobFromRow } from '../src/store/sqlite';
import { postFromRow } from '../src/store/sqlite-reviews';
import { auditDoc, type AuditDoc } from '../src/store/cosmos-audit';
import { auditFromRow } from '../src/store/sqlite-audit';

/** The SQLite schema (PRAGMA user_version) this migration copies completely. A new SQLite migration must come here too. */
// 5 adds `measures` (docs/measures.md), copied like team actions (a measure can still be ended early).
export const KNOWN_SCHEMA_VERSION = 5;

export type Kind = 'incidents' | 'conversations' | 'jobs' | 'sequences' | 'handledOnce' | 'teamActions' | 'reviewPosts' | 'audit' | 'measures';
export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  /** Changed in Cosmos since it was copied (or being written right now): Cosmos is ahead, left alone. */
  cosmosAhead: number;
}
export type MigrationReport = Record<Kind, Counts>;

type Row = Record<string, unknown>;
type Outcome = keyof Counts;

interface Target {
  kind: Kind;
  container: Container;
  partitionKey: string;
  doc: ItemDefinition;
}

/** JSON with sorted keys: the mark must not depend on property order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The mark: a hash of the document as copied, without its ttl (which depends on when it was written). */
function markOf(doc: ItemDefinition): string {
  const { ttl: _ttl, ...content } = doc;
  return createHash('sha256').update(canonical(content)).digest('hex').slice(0, 32);
}

/** Created, replaced (if copied before and changed in SQLite since) or left alone; see the header. */
async function copy(target: Target, dryRun: boolean): Promise<Outcome> {
  const mark = markOf(target.doc);
  const desired = { ...target.doc, [MIGRATION_MARK]: mark };
  for (let round = 0; round < CAS_ROUNDS; round++) {
    const existing = await readDoc<ItemDefinition>(target.container, target.doc.id as string, target.partitionKey);
    if (!existing) {
      if (dryRun) return 'created';
      if (await createIfAbsent(target.container, desired)) return 'created';
      continue; // created meanwhile: look again
    }
    const previous = existing[MIGRATION_MARK];
    if (previous === mark) return 'unchanged';
    if (typeof previous !== 'string') return 'cosmosAhead';
    if (dryRun) return 'updated';
    if (await replaceIfMatch(target.container, desired, target.partitionKey, existing._etag)) return 'updated';
  }
  return 'cosmosAhead';
}

/** Counters only grow: raised to the SQLite value when lower (If-Match, as the bot may be counting meanwhile). */
async function copySequence(container: Container, name: string, value: number, dryRun: boolean): Promise<Outcome> {
  const id = docId(name);
  for (let round = 0; round < CAS_ROUNDS; round++) {
    const existing = await readDoc<SequenceDoc>(container, id, id);
    if (!existing) {
      if (dryRun) return 'created';
      if (await createIfAbsent<SequenceDoc>(container, { id, key: name, value })) return 'created';
      continue;
    }
    if (existing.value >= value) return 'unchanged';
    if (dryRun) return 'updated';
    if (await replaceIfMatch<SequenceDoc>(container, { id, key: name, value }, id, existing._etag)) return 'updated';
  }
  throw new Error(`sequence ${name}: too many concurrent updates`);
}

/** Runs `work` over the items, `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

export async function migrateSqliteToCosmos(
  sqliteFile: string,
  options: CosmosStoreOptions,
  { dryRun = false, log = () => {} }: { dryRun?: boolean; log?: (line: string) => void } = {},
): Promise<MigrationReport> {
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== KNOWN_SCHEMA_VERSION) {
      throw new Error(
        version < KNOWN_SCHEMA_VERSION
          ? `${sqliteFile} has schema version ${version}; start the current bot on it once (it migrates the file), then run this again`
          : `${sqliteFile} has schema version ${version}, newer than this migration knows (${KNOWN_SCHEMA_VERSION}): update scripts/migrate-sqlite-to-cosmos.ts`,
      );
    }
    // One read transaction: a consistent snapshot even while the old bot still writes.
    const read = db.transaction(() => ({
      incidents: (db.prepare('SELECT doc FROM incidents ORDER BY id').pluck().all() as string[]).map((d) => JSON.parse(d) as Incident),
      conversations: db.prepare('SELECT * FROM conversations ORDER BY key').all() as Row[],
      jobs: (db.prepare('SELECT * FROM jobs ORDER BY id').all() as Row[]).map(jobFromRow),
      sequences: db.prepare('SELECT name, value FROM sequences ORDER BY name').all() as { name: string; value: number }[],
      handledOnce: db.prepare('SELECT key, at FROM handled_once ORDER BY key').all() as { key: string; at: string }[],
      teamActions: (db.prepare('SELECT doc FROM team_actions ORDER BY id').pluck().all() as string[]).map((d) => JSON.parse(d) as TeamAction),
      reviewPosts: (db.prepare('SELECT * FROM review_posts ORDER BY id').all() as Row[]).map(postFromRow),
      audit: (db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]).map(auditFromRow),
      measures: (db.prepare('SELECT doc FROM measures ORDER BY id').pluck().all() as string[]).map((d) => JSON.parse(d) as CitizenMeasure),
    }));
    const data = read();

    const connection = await connectCosmos(options);
    try {
      const c = connection.background;
      const retention = new Retention(options);
      const report = Object.fromEntries(
        (['incidents', 'conversations', 'jobs', 'sequences', 'handledOnce', 'teamActions', 'reviewPosts', 'audit', 'measures'] as Kind[]).map((k) => [
          k,
          { created: 0, updated: 0, unchanged: 0, cosmosAhead: 0 },
        ]),
      ) as MigrationReport;

      const targets: Target[] = [
        ...data.incidents.map((i) => ({ kind: 'incidents' as const, container: c.incidents, partitionKey: i.teamId, doc: incidentDoc(i, retention) })),
        ...data.conversations.map((r) => {
          const doc = conversationDoc({
            key: r.key as string,
            platform: r.platform as 'teams' | 'slack',
            reference: JSON.parse(r.reference as string),
            updatedAt: r.updated_at as string,
          });
          return { kind: 'conversations' as const, container: c.conversations, partitionKey: doc.id, doc: doc as ItemDefinition };
        }),
        ...data.jobs.map((j) => {
          const doc = jobDoc(j, retention);
          return { kind: 'jobs' as const, container: c.jobs, partitionKey: doc.shard, doc: doc as ItemDefinition };
        }),
        ...data.teamActions.map((a) => ({ kind: 'teamActions' as const, container: c.teamActions, partitionKey: a.teamId, doc: entityDoc(a) })),
        ...data.reviewPosts.map((p) => ({ kind: 'reviewPosts' as const, container: c.reviewPosts, partitionKey: p.teamId, doc: entityDoc(p) })),
        ...data.measures.map((m) => ({ kind: 'measures' as const, container: c.measures, partitionKey: m.teamId, doc: entityDoc(m) })),
      ];
      await pool(targets, 16, async (target) => {
        report[target.kind][await copy(target, dryRun)] += 1;
      });
      await pool(data.sequences, 16, async ({ name, value }) => {
        report.sequences[await copySequence(c.sequences, name, value, dryRun)] += 1;
      });
      await pool(data.handledOnce, 16, async ({ key, at }) => {
        const doc: HandledOnceDoc = { id: docId(key), key, at, ttl: retention.handledOnce() };
        const existing = await readDoc<HandledOnceDoc>(c.handledOnce, doc.id, doc.id);
        const outcome: Outcome = existing ? 'unchanged' : dryRun || (await createIfAbsent(c.handledOnce, doc)) ? 'created' : 'unchanged';
        report.handledOnce[outcome] += 1;
      });
      await pool(data.audit, 16, async (entry) => {
        const doc = auditDoc(entry);
        const existing = await readDoc<AuditDoc>(c.audit, doc.id, doc.id);
        const outcome: Outcome = existing ? 'unchanged' : dryRun || (await createIfAbsent(c.audit, doc)) ? 'created' : 'unchanged';
        report.audit[outcome] += 1;
      });

      for (const [kind, n] of Object.entries(report)) {
        log(`${kind.padEnd(14)} created ${n.created}, updated ${n.updated}, unchanged ${n.unchanged}, left alone (Cosmos ahead) ${n.cosmosAhead}`);
      }
      return report;
    } finally {
      connection.close();
    }
  } finally {
    db.close();
  }
}

function parseArgs(argv: string[]): { from: string; dryRun: boolean } {
  let from = `${process.env.DATA_DIR ?? './data'}/melden.sqlite`;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--from' && argv[i + 1]) from = argv[++i];
    else if (argv[i] === '--dry-run') dryRun = true;
    else throw new ConfigError(`unknown argument "${argv[i]}" (use --from <file> and --dry-run)`);
  }
  return { from, dryRun };
}

async function main(): Promise<void> {
  const { from, dryRun } = parseArgs(process.argv.slice(2));
  const cosmos = loadCosmosConfig(process.env);
  console.log(`${dryRun ? 'Dry run: ' : ''}copying ${from} → Cosmos DB ${cosmos.endpoint} database "${cosmos.database}"`);
  // The options the bot uses: ttl from the team file's retention when it is there (else the default, P30D).
  let retention = { operational: 'P30D' };
  try {
    retention = loadTeamsConfig(process.env.MELDEN_CONFIG ?? 'config/melden.yaml').retention;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
  }
  await migrateSqliteToCosmos(from, cosmosStoreOptions(cosmos, retention), { dryRun, log: (line) => console.log(`  ${line}`) });
  console.log(dryRun ? 'Dry run: nothing was written.' : 'Done. Running this again changes nothing unless the SQLite store changed.');
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err instanceof ConfigError ? err.message : `Migration failed: ${err.message}`);
    process.exit(1);
  });
}
