/**
 * The Core: the domain services, built once in the composition root (src/app.ts) and handed to every platform
 * adapter (src/bots/<platform>). An adapter translates its platform's requests into calls on these and renders
 * their neutral messages; it keeps no rule of its own.
 */
import type { AftercareService } from './aftercare';
import type { EditService } from './edits';
import type { Directory } from './directory';
import type { HelpService } from './help';
import type { IncidentService } from './incidents';
import type { MeasureService } from './measures';
import type { PagingService } from './paging';
import type { Clock, JobQueue, Logger, Store } from './ports';
import type { Locale } from './protocol';
import type { SanctionService } from './sanctions';
import type { TeamActionService } from './team-actions';

export interface Core {
  store: Store;
  clock: Clock;
  directory: Directory;
  logger: Logger;
  /** The language when nothing else says which (the teams file's `locale`). */
  defaultLocale: Locale;
  incidents: IncidentService;
  paging: PagingService;
  aftercare: AftercareService;
  sanctions: SanctionService;
  /** Measures on citizen references: catalogue, check, history, expiry (docs/measures.md). */
  measures: MeasureService;
  help: HelpService;
  /** Wijzigen: the reporter's correction within the edit window (docs/first-week.md). */
  edits: EditService;
  /** Improvement actions and deviations. */
  actions: TeamActionService;
  jobs: JobQueue;
}
