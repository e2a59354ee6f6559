/**
 * Durable job scheduler. The store is the only source of truth: a job is a row, a worker takes a time-boxed
 * lease on it by conditional update (JobRepository.claim), runs the handler for its kind and marks it done,
 * fenced by owner + attempts so a worker whose lease ran out cannot overwrite a newer run. Timers only decide
 * when to poll, so a restart (or a second instance) picks up every overdue job.
 *
 * Delivery is at-least-once: if a process dies after the handler's side effect but before complete(), the job
 * runs again once its lease expires. Handlers must therefore tolerate a repeat, and `leaseMs` must exceed the
 * longest handler run, or another instance may start the same job while the first is still busy. Leases are
 * compared with each instance's own clock, so instances' clocks must agree to well within leaseMs.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Job } from '../services/model';
import { jobHandlerEntries, type JobHandlers } from '../services/job-kinds';
import { RetryLaterError, type Clock, type JobRepository, type Store } from '../services/ports';

/** Resolves when the job's work is done; throwing (or rejecting) counts as a failed attempt. */
export type JobHandler = (job: Job) => Promise<void>;


export interface SchedulerLogger {
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface SchedulerOptions {
  /** Lease owner name; must differ between instances. Default: host:pid:random. */
  owner?: string;
  /** How long a claim is exclusive. Must exceed the longest handler run (see above). */
  leaseMs?: number;
  /**
   * Shorter leases for some kinds (the path to a page): renewed every third of the lease while the handler runs,
   * so a long send keeps its lease but a crashed instance's job is free again within seconds. These kinds are also
   * fetched ahead of every other due job, so an escalation never waits behind a backlog of check-ins.
   */
  shortLeases?: { kinds: readonly string[]; leaseMs: number };
  /** Idle delay between polls. */
  pollMs?: number;
  /** Jobs fetched (and run concurrently) per pass. */
  batchSize?: number;
  /** Attempts (including the first) before a failing job ends `dead`. */
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** [0, 1) source for the jitter; injectable for tests. */
  random?: () => number;
  logger?: SchedulerLogger;
  /** Called once when a job ends dead (after its last attempt); its failure must not affect the scheduler. */
  onDead?: (job: Job, error: string) => Promise<void>;
}

export interface ScheduleRequest {
  id: string;
  kind: string;
  dueAt: Date | string;
  payload: Record<string, unknown>;
}

export class Scheduler {
  readonly owner: string;
  private readonly jobs: JobRepository;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly random: () => number;
  private readonly logger: SchedulerLogger;
  private readonly shortLeases: { kinds: ReadonlySet<string>; leaseMs: number };
  private readonly onDead: SchedulerOptions['onDead'];
  /** False from stop() on: no new claims (shutdown), until start() again. */
  private accepting = true;
  /** Wall-clock ms of the polling loop's last finished pass (readiness); undefined while not polling. */
  private lastPoll: number | undefined;
  /** Passes and runNow calls still running, so stop() can wait for their handlers. */
  private readonly inflight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Bumped by start(), so a pass left over from before a stop() cannot re-arm a second loop. */
  private loop = 0;
  /** Jobs the polling loop started that still run (tick). */
  private readonly polled = new Set<string>();
  /** The loop's last pass found a full batch: more may be due. */
  private more = false;
  private filling = false;

  constructor(
    store: Store | JobRepository,
    private readonly clock: Clock,
    options: SchedulerOptions = {},
  ) {
    this.jobs = 'jobs' in store ? store.jobs : store;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.pollMs = options.pollMs ?? 1000;
    this.batchSize = options.batchSize ?? 50;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseBackoffMs = options.baseBackoffMs ?? 5_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? console;
    this.shortLeases = { kinds: new Set(options.shortLeases?.kinds ?? []), leaseMs: options.shortLeases?.leaseMs ?? this.leaseMs };
    this.onDead = options.onDead;
  }

  /** Idle delay between polls (readiness compares the last poll with it). */
  get pollIntervalMs(): number {
    return this.pollMs;
  }

  /** When the polling loop last finished a pass (Date.now() ms), undefined when it is not polling. */
  get lastPollAt(): number | undefined {
    return this.running ? this.lastPoll : undefined;
  }

  /** Every handler of a service's or adapter's map, each under its kind. */
  registerAll(handlers: JobHandlers): void {
    for (const [kind, handler] of jobHandlerEntries(handlers)) this.register(kind, handler);
  }

  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered`);
    this.handlers.set(kind, handler);
  }

  /** Idempotent per id: the second call with the same id leaves the first job untouched. */
  async schedule(job: ScheduleRequest): Promise<'created' | 'exists'> {
    // The store compares instants as text, so every instant must be in the one canonical UTC form
    // ("...T...Z" with milliseconds); this also rejects invalid dates (RangeError) instead of storing them.
    const dueAt = new Date(job.dueAt).toISOString();
    return this.jobs.schedule({ id: job.id, kind: job.kind, dueAt, payload: job.payload });
  }

  /** One pass: fetches up to batchSize due jobs, claims and runs them. Returns how many this owner ran. */
  runDue(): Promise<number> {
    return this.track(this.pass()).then((r) => r.ran);
  }

  /**
   * Claims one job if it is due and free and runs it now (a page goes out in the same request cycle instead of
   * at the next poll). True when this call ran it (even if the handler failed and it was rescheduled); false
   * when it is not due, not pending, or leased by someone else.
   */
  runNow(id: string): Promise<boolean> {
    return this.track(
      (async () => {
        const job = await this.claim(id);
        if (!job) return false;
        await this.execute(job, this.leaseFor(undefined));
        return true;
      })(),
    );
  }

  /** Starts polling; the first pass runs at once so overdue jobs (e.g. after a restart) catch up. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.accepting = true;
    this.loop += 1;
    this.tick(this.loop);
  }

  /**
   * Stops polling and claiming, and waits for every pass and runNow still running — at most `drainMs` when
   * given. Then frees the leases this owner still holds (a handler that outlived the drain), so another
   * instance takes those jobs at once; their late results are not recorded (fenced), the job runs again.
   */
  async stop(options: { drainMs?: number } = {}): Promise<{ released: number }> {
    this.running = false;
    this.accepting = false;
    this.lastPoll = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    const drained = (async () => {
      while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    })();
    if (options.drainMs === undefined) {
      await drained;
      return { released: 0 };
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise<void>((resolve) => (timer = setTimeout(resolve, options.drainMs)))]);
    clearTimeout(timer);
    const released = await this.jobs.releaseLeases(this.owner);
    if (released > 0) this.logger.warn('scheduler: released leases of jobs still running at shutdown', { released });
    return { released };
  }

  cancel(id: string): Promise<void> {
    return this.jobs.cancel(id);
  }

  /**
   * One pass of the polling loop. Unlike runDue it does not wait for the batch: each job runs on its own, and while
   * more are due the loop tops the batch up as soon as half of it finished. A batch of slow sends (a fan-out of
   * check-ins under the platform's rate limit) then keeps the limit busy instead of idling at every batch's tail.
   */
  private tick(loop: number): void {
    this.timer = undefined;
    this.filling = true;
    this.track(this.fill())
      .then(
        (more) => more,
        (err: unknown) => {
          // Store trouble (e.g. a locked file) must not kill the loop; the jobs are still in the store.
          this.logger.error('scheduler: poll failed', err);
          return false;
        },
      )
      .then((more) => {
        this.filling = false;
        this.lastPoll = Date.now();
        this.more = more;
        if (!this.running || loop !== this.loop) return;
        // More due: at once when half the batch is free already, else when it is (refill), and at the poll
        // interval at the latest.
        this.arm(loop, more && this.polled.size <= this.batchSize / 2 ? 0 : this.pollMs);
      });
  }

  private arm(loop: number, delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(loop), delay);
    this.timer.unref(); // the poll loop alone must not keep the process alive
  }

  /** A job of the loop finished: with more due and half the batch free, poll again now. */
  private refill(): void {
    if (this.more && !this.filling && this.running && this.polled.size <= this.batchSize / 2) this.arm(this.loop, 0);
  }

  /**
   * Up to `room` due jobs: the short-lease kinds (the path to a page) first, earliest first, then the rest. A fan-out
   * of thousands of check-ins due earlier must not hold an escalation back (docs/operations.md, "Send limits").
   */
  private async dueFirstSafety(room: number): Promise<Job[]> {
    const now = this.clock.now().toISOString();
    if (!this.shortLeases.kinds.size) return this.jobs.due(now, room);
    const first = await this.jobs.due(now, room, [...this.shortLeases.kinds]);
    if (first.length >= room) return first;
    const taken = new Set(first.map((j) => j.id));
    const rest = (await this.jobs.due(now, room)).filter((j) => !taken.has(j.id));
    return [...first, ...rest].slice(0, room);
  }

  /** Claims due jobs up to the batch's free room and starts them; true when more may be due. */
  private async fill(): Promise<boolean> {
    const room = this.batchSize - this.polled.size;
    if (room <= 0) return true;
    const due = (await this.dueFirstSafety(room)).filter((j) => !this.polled.has(j.id));
    const claims = await Promise.allSettled(
      due.map(async (candidate) => {
        const job = await this.claim(candidate.id, candidate.kind);
        if (!job) return false; // another instance got it first
        this.polled.add(job.id);
        void this.track(
          this.execute(job, this.leaseFor(candidate.kind)).finally(() => {
            this.polled.delete(job.id);
            this.refill();
          }),
        );
        return true;
      }),
    );
    for (const r of claims) if (r.status === 'rejected') this.logger.error('scheduler: claim failed', r.reason);
    return due.length >= room && claims.some((r) => r.status === 'fulfilled' && r.value);
  }

  private async pass(): Promise<{ fetched: number; ran: number }> {
    const due = await this.dueFirstSafety(this.batchSize);
    // Run the batch concurrently so one slow handler does not hold up other incidents' escalations; each job
    // is claimed right before it runs, so its lease starts with its own run.
    // allSettled, not all: a failed claim must not end the pass while other handlers still run (stop() waits
    // for the pass).
    const results = await Promise.allSettled(
      due.map(async (candidate) => {
        const job = await this.claim(candidate.id, candidate.kind);
        if (!job) return false; // another instance got it first
        await this.execute(job, this.leaseFor(candidate.kind));
        return true;
      }),
    );
    for (const r of results) if (r.status === 'rejected') this.logger.error('scheduler: claim failed', r.reason);
    return { fetched: due.length, ran: results.filter((r) => r.status === 'fulfilled' && r.value).length };
  }

  /** The lease a claim takes: the kind's; without the kind (runNow), the shorter one, lengthened in keepLease. */
  private leaseFor(kind: string | undefined): number {
    return kind === undefined || this.shortLeases.kinds.has(kind) ? this.shortLeases.leaseMs : this.leaseMs;
  }

  private async claim(id: string, kind?: string): Promise<Job | undefined> {
    if (!this.accepting) return undefined; // shutting down: leave it to another instance or the restart
    const now = this.clock.now();
    return this.jobs.claim(id, this.owner, now.toISOString(), new Date(now.getTime() + this.leaseFor(kind)).toISOString());
  }

  /** Runs a claimed job and records the outcome. Never rejects: one job's trouble must not abort its batch. */
  private async execute(job: Job, claimedLeaseMs: number): Promise<void> {
    try {
      const handler = this.handlers.get(job.kind);
      if (!handler) {
        // Retrying cannot help until a deploy adds the handler; end it instead of re-claiming it every poll.
        await this.finish(job, `No handler registered for job kind "${job.kind}"`, undefined);
        return;
      }
      const heartbeat = await this.keepLease(job, claimedLeaseMs);
      try {
        await handler(job);
      } catch (err) {
        heartbeat?.stop();
        await this.failed(job, err);
        return;
      } finally {
        heartbeat?.stop();
      }
      if (!(await this.jobs.complete(job.id, this.owner, job.attempts))) {
        this.logger.warn('scheduler: job finished after its lease was lost or it was cancelled; result not recorded', {
          id: job.id,
          kind: job.kind,
          attempts: job.attempts,
          leaseMs: this.leaseMs,
        });
      }
    } catch (err) {
      // The store failed while recording; the lease will expire and the job runs again.
      this.logger.error('scheduler: could not record job outcome', { id: job.id, kind: job.kind }, err);
    }
  }

  /**
   * Short-lease kinds: renew the lease while the handler runs. A job claimed with another lease than its kind's
   * (runNow claims short before it knows the kind): set its own lease once first.
   */
  private async keepLease(job: Job, claimedLeaseMs: number): Promise<{ stop(): void } | undefined> {
    const short = this.shortLeases.kinds.has(job.kind);
    const leaseMs = short ? this.shortLeases.leaseMs : this.leaseMs;
    const renew = () =>
      this.jobs
        .renew(job.id, this.owner, job.attempts, new Date(this.clock.now().getTime() + leaseMs).toISOString())
        .catch((err: unknown) => this.logger.warn('scheduler: could not renew a lease', { id: job.id, kind: job.kind }, err));
    if (claimedLeaseMs !== leaseMs) await renew();
    if (!short) return undefined;
    const timer = setInterval(() => void renew(), Math.max(50, Math.floor(leaseMs / 3)));
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  private async failed(job: Job, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    if (job.attempts >= this.maxAttempts) return this.finish(job, message, undefined);
    const delay =
      err instanceof RetryLaterError && Number.isFinite(err.retryAfterMs)
        ? Math.max(0, err.retryAfterMs) // the server's instruction, taken as given
        : this.backoffMs(job.attempts);
    return this.finish(job, message, new Date(this.clock.now().getTime() + delay).toISOString());
  }

  /** Exponential backoff with jitter in [50%, 100%) so failed jobs of one outage do not retry in lockstep. */
  private backoffMs(attempts: number): number {
    const capped = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempts - 1));
    return Math.round(capped * (0.5 + this.random() / 2));
  }

  /** Records a failure: rescheduled at retryAt, or dead when retryAt is undefined. */
  private async finish(job: Job, error: string, retryAt: string | undefined): Promise<void> {
    const recorded = await this.jobs.fail(job.id, this.owner, job.attempts, error, retryAt);
    const context = { id: job.id, kind: job.kind, attempts: job.attempts, error };
    if (!recorded) this.logger.warn('scheduler: job failure not recorded, lease lost or job cancelled', context);
    else if (retryAt) this.logger.warn('scheduler: job failed, will retry', { ...context, retryAt });
    else {
      this.logger.error('scheduler: job is dead', context);
      await this.onDead?.({ ...job, state: 'dead', lastError: error }, error).catch((err: unknown) =>
        this.logger.error('scheduler: reporting a dead job failed', { id: job.id, kind: job.kind }, err),
      );
    }
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inflight.add(promise);
    const untrack = () => this.inflight.delete(promise);
    promise.then(untrack, untrack);
    return promise;
  }
}
