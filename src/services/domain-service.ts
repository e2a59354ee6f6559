/**
 * The ports every domain service that sends, plans or posts runs on (store, clock, directory, messenger, job
 * queue): one set, built once in the composition root (src/app.ts) and handed to each service.
 */
import type { Directory } from './directory';
import type { Clock, JobQueue, Messenger, Store } from './ports';

export interface ServicePorts {
  store: Store;
  clock: Clock;
  directory: Directory;
  messenger: Messenger;
  jobs: JobQueue;
}

export abstract class DomainService {
  protected readonly store: Store;
  protected readonly clock: Clock;
  protected readonly directory: Directory;
  protected readonly messenger: Messenger;
  protected readonly jobs: JobQueue;

  constructor(ports: ServicePorts) {
    ({ store: this.store, clock: this.clock, directory: this.directory, messenger: this.messenger, jobs: this.jobs } = ports);
  }
}
