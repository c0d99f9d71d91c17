/**
 * Keeps the terms running on time. At start-up and every hour it closes cases whose appeal term
 * has passed, purges what is past its retention, and reconciles the reminders queue with SQLite:
 * every planned reminder has its delayed job, and no stale job remains (a wiped Redis is rebuilt
 * from the deadlines table; SQLite is the truth). A kick after any commit that wrote letters
 * (ctx.outboxChanged) reconciles soon, so moved or finished deadlines reschedule at once.
 *
 * Redis holds only the reminders up to the end of the REMINDER_HORIZON_WD-th working day after
 * today: each reconcile reads the open deadlines due within a few days of that (an index range,
 * not the whole table) and the jobs of those days, so a store of 100,000 open cases costs what
 * its next days cost (bench:scale). The hourly run moves the horizon on, so every job is in
 * Redis at least two days before it runs.
 */
import type { Queue } from 'bullmq';
import type { Logger } from '../logger.js';
import type { PlannedJob } from '../domain/reminders.js';
import type { AppContext } from '../use-cases/context.js';
import { closeExpiredAppeals } from '../use-cases/close-expired-appeals.js';
import { plannedReminderJobs } from '../use-cases/plan-reminders.js';
import { purgeCases, type PurgeReport } from '../use-cases/purge-cases.js';
import type { MailboxPurger } from '../use-cases/purge-cases.js';
import { PENDING_STATES, type ReminderJob } from './reminders-queue.js';

export interface ReconcileResult {
  planned: string[];
  added: string[];
  removed: string[];
}

export interface MaintenanceResult {
  closed: string[];
  purge: PurgeReport | null;
  reconcile: ReconcileResult;
}

const LEDGER_DAYS = 120;
/** How far ahead (working days after today) reminder jobs are kept in Redis. */
export const REMINDER_HORIZON_WD = 2;
/** Jobs per addBulk call when the reconciler adds many. */
const ADD_SLICE = 1000;
/** Kicks closer together than this share one reconcile. */
const KICK_DELAY_MS = 200;
// A minute: a reminder a little late or early is fine; a clock that jumped further is followed.
const TOLERANCE_MS = 60_000;

/** Whether a job due at `a` runs when one due at `b` should (both now or overdue counts as the same). */
function sameTime(a: number, b: number, now: number): boolean {
  return Math.abs(a - b) <= TOLERANCE_MS || (a <= now && b <= now);
}

export class TermsKeeper {
  private timer: NodeJS.Timeout | null = null;
  private reconciling: Promise<ReconcileResult> | null = null;
  private again = false;
  private maintaining: Promise<MaintenanceResult> | null = null;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  private kickTimer: NodeJS.Timeout | null = null;
  /** How long the last reconcile took: kicks wait at least that long (see kick()). */
  private lastRunMs = 0;
  private failures = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly queue: Queue<ReminderJob>,
    private readonly mailbox: MailboxPurger | null,
    private readonly log: Logger,
    private readonly opts: { intervalMs: number },
  ) {}

  /** Run the maintenance now (in the background) and then every interval. */
  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => void this.maintainNow().catch(() => undefined), this.opts.intervalMs);
    void this.maintainNow().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.kickTimer) clearTimeout(this.kickTimer);
    await this.maintaining?.catch(() => undefined);
    await this.reconciling?.catch(() => undefined);
  }

  /**
   * Reconcile soon; runs never overlap. Kicks within KICK_DELAY_MS, or within as long as the last
   * run took, make one run, started after the run in progress: each run reads every open
   * deadline and every waiting job, so a burst of commits (a backlog after downtime, the reminder
   * hour on a large store) must not cost one full run per commit nor keep the service busy with
   * nothing else (bench:ingest and bench:scale profiles).
   */
  kick(): void {
    if (this.stopped || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      if (this.stopped) return;
      if (this.reconciling) this.kick(); // after the run in progress, not right behind it
      else void this.reconcileNow().catch(() => undefined);
    }, Math.max(KICK_DELAY_MS, this.lastRunMs));
  }

  /** After a failed reconcile (Redis not reachable yet or gone), try again soon, backing off to a minute. */
  private retrySoon(): void {
    if (this.stopped || this.retryTimer) return;
    const delay = Math.min(60_000, 1000 * 2 ** Math.min(this.failures++, 6));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, delay);
  }

  /** Reconcile and wait for it (a run in progress is followed by a fresh one). */
  reconcileNow(): Promise<ReconcileResult> {
    if (this.reconciling) {
      // The run in progress makes one more pass, which starts after this call.
      this.again = true;
      return this.reconciling;
    }
    this.reconciling = (async () => {
      let result: ReconcileResult;
      try {
        do {
          this.again = false;
          const t0 = Date.now();
          result = await this.reconcile();
          this.lastRunMs = Date.now() - t0;
        } while (this.again && !this.stopped);
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'reminders could not be reconciled; will retry');
        this.retrySoon();
        throw err;
      }
      this.failures = 0;
      return result;
    })().finally(() => (this.reconciling = null));
    return this.reconciling;
  }

  /** Close expired appeal windows, purge what is due, prune the ledger, reconcile. */
  maintainNow(): Promise<MaintenanceResult> {
    this.maintaining ??= this.maintain().finally(() => (this.maintaining = null));
    return this.maintaining;
  }

  private async maintain(): Promise<MaintenanceResult> {
    const { ctx } = this;
    let closed: string[] = [];
    let purge: PurgeReport | null = null;
    try {
      closed = closeExpiredAppeals(ctx);
      purge = await purgeCases(ctx, this.mailbox);
      const cutoff = new Date(ctx.clock.now().getTime() - LEDGER_DAYS * 86_400_000).toISOString();
      ctx.store.tx(() => ctx.store.deadlines.pruneDone(cutoff));
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'terms maintenance failed; will retry');
    }
    return { closed, purge, reconcile: await this.reconcileNow() };
  }

  private async reconcile(): Promise<ReconcileResult> {
    const planned = plannedReminderJobs(this.ctx, REMINDER_HORIZON_WD);
    const byId = new Map(planned.map((j) => [j.jobId, j]));
    const pending = await this.queue.getJobs([...PENDING_STATES]);
    const removed: string[] = [];
    const present = new Set<string>();
    // Delays run on the wall clock; the plan on ctx.clock (the same in production, injected in tests).
    const realNow = Date.now();
    const offset = realNow - this.ctx.clock.now().getTime();
    for (const job of pending) {
      if (!job.id) continue;
      const want = byId.get(job.id);
      if (want && job.data.runAt === want.runAt.toISOString() && sameTime(job.timestamp + (job.delay ?? 0), want.runAt.getTime() + offset, realNow)) {
        present.add(job.id);
        continue;
      }
      // Not planned any more, or its time changed (REMINDER_HOUR, a clock that jumped): replaced.
      try {
        await job.remove();
        removed.push(job.id);
      } catch {
        present.add(job.id); // it started meanwhile: the processor's own check decides
      }
    }
    const now = realNow - offset;
    const toAdd = planned.filter((p) => !present.has(p.jobId));
    // In slices: one addBulk with every job of a large store (a rebuild) held the event loop and
    // the memory of the whole pipeline at once (bench:scale).
    for (let i = 0; i < toAdd.length; i += ADD_SLICE) {
      await this.queue.addBulk(toAdd.slice(i, i + ADD_SLICE).map((p) => this.jobOf(p, now)));
    }
    const added = toAdd.map((p) => p.jobId);
    if (added.length > 0 || removed.length > 0) this.log.info({ added: added.length, removed: removed.length, planned: planned.length }, 'reminders reconciled');
    return { planned: planned.map((p) => p.jobId), added, removed };
  }

  private jobOf(p: PlannedJob, now: number) {
    return {
      name: p.data.type,
      data: { ...p.data, runAt: p.runAt.toISOString() } satisfies ReminderJob,
      opts: { jobId: p.jobId, delay: Math.max(0, p.runAt.getTime() - now) },
    };
  }
}
