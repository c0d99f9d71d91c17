/**
 * The outbox relay: moves pending outbox rows to BullMQ with jobId = row id, then marks them
 * queued. Runs when told (after a commit) and on a timer. If Redis is down the add fails, the
 * rows stay pending, and the next run tries again: nothing is lost. If we crash between the add
 * and the mark, the next run adds again under the same jobId, which BullMQ de-duplicates, and
 * the processor's status check covers the rest.
 */
import type { Queue } from 'bullmq';
import type { Logger } from '../logger.js';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/store.js';
import { letterJobId, type SendLetterJob } from './queues.js';

export interface RelayOptions {
  intervalMs: number;
  batchSize: number;
  attempts: number;
  backoffMs: number;
}

/** kickWhenQuiet never waits longer than this after its first kick. */
const QUIET_MAX_MS = 2000;

export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private lostTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private quietTimer: NodeJS.Timeout | null = null;
  private quietSince: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly queue: Queue<SendLetterJob>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly opts: RelayOptions,
  ) {}

  start(): void {
    this.stopped = false;
    // The timer waits, like everyone, for a burst to be quiet (kickWhenQuiet kicks when it is).
    this.timer = setInterval(() => {
      if (!this.quietTimer) this.kick();
    }, this.opts.intervalMs);
    this.kick();
    this.lostTimer = setInterval(() => void this.requeueLost().catch(() => undefined), 60_000);
    void this.requeueLost().catch((err) => this.log.warn({ err: (err as Error).message }, 'could not check queued letters'));
  }

  /**
   * Ask for a run once kicks have been quiet for `quietMs` (at most QUIET_MAX_MS after the first):
   * for letters written in a burst (reminders due together), whose decisions should all be taken
   * before the event loop turns to rendering and sending (bench:reminders).
   */
  kickWhenQuiet(quietMs: number): void {
    if (this.stopped) return;
    this.quietSince ??= Date.now();
    if (this.quietTimer) clearTimeout(this.quietTimer);
    const wait = Math.max(0, Math.min(quietMs, this.quietSince + QUIET_MAX_MS - Date.now()));
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      this.quietSince = null;
      this.kick();
    }, wait);
  }

  /** Ask for a run soon; runs never overlap, and a kick during a run causes one more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runUntilIdle().finally(() => (this.running = null));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.lostTimer) clearInterval(this.lostTimer);
    if (this.quietTimer) clearTimeout(this.quietTimer);
    await this.running;
  }

  private async runUntilIdle(): Promise<void> {
    do {
      this.again = false;
      try {
        while ((await this.relayBatch()) === this.opts.batchSize && !this.stopped);
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'outbox relay could not reach the queue; will retry');
        return;
      }
    } while (this.again && !this.stopped);
  }

  /**
   * Re-add queued rows whose job is gone from Redis (a wiped or restarted Redis without
   * persistence). SQLite is the truth; the same jobId keeps this from doubling a live job.
   */
  async requeueLost(): Promise<number> {
    let n = 0;
    for (const id of this.store.outbox.queuedIds()) {
      if (await this.queue.getJob(letterJobId(id))) continue;
      await this.queue.add('send-letter', { outboxId: id }, {
        jobId: letterJobId(id), attempts: this.opts.attempts, backoff: { type: 'exponential', delay: this.opts.backoffMs },
      });
      n++;
    }
    if (n > 0) this.log.warn({ count: n }, 'outbox relay re-queued letters whose jobs were lost');
    return n;
  }

  /** Relay one batch; returns how many rows it moved. */
  async relayBatch(): Promise<number> {
    const rows = this.store.outbox.pending(this.opts.batchSize);
    if (rows.length === 0) return 0;
    await this.queue.addBulk(
      rows.map((r) => ({
        name: 'send-letter',
        data: { outboxId: r.id },
        opts: { jobId: letterJobId(r.id), attempts: this.opts.attempts, backoff: { type: 'exponential', delay: this.opts.backoffMs } },
      })),
    );
    this.store.outbox.markQueued(rows.map((r) => r.id), this.clock.now().toISOString());
    return rows.length;
  }
}
