/**
 * The hourly maintenance, run at start-up and every hour: it closes cases whose appeal term has
 * passed, purges what is past its retention, prunes the ledger of done reminders, and then has
 * the reminders reconciled (jobs/reminder-reconciler.ts), which also moves their horizon on.
 */
import type { Logger } from '../logger.js';
import type { AppContext } from '../use-cases/context.js';
import { closeExpiredAppeals } from '../use-cases/close-expired-appeals.js';
import { purgeCases, type PurgeReport } from '../use-cases/purge-cases.js';
import type { MailboxPurger } from '../use-cases/purge-cases.js';
import type { ReconcileResult, ReminderReconciler } from './reminder-reconciler.js';

export interface MaintenanceResult {
  closed: string[];
  purge: PurgeReport | null;
  reconcile: ReconcileResult;
}

const LEDGER_DAYS = 120;

export class HourlyMaintenance {
  private timer: NodeJS.Timeout | null = null;
  private maintaining: Promise<MaintenanceResult> | null = null;

  constructor(
    private readonly ctx: AppContext,
    private readonly reconciler: ReminderReconciler,
    private readonly mailbox: MailboxPurger | null,
    private readonly log: Logger,
    private readonly opts: { intervalMs: number },
  ) {}

  /** Run the maintenance now (in the background) and then every interval. */
  start(): void {
    this.reconciler.start();
    this.timer = setInterval(() => void this.maintainNow().catch(() => undefined), this.opts.intervalMs);
    void this.maintainNow().catch(() => undefined);
  }

  /** Stops the interval and the reconciler, and waits for the runs in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const reconciler = this.reconciler.stop(); // takes no kicks from here on
    await this.maintaining?.catch(() => undefined);
    await reconciler;
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
    return { closed, purge, reconcile: await this.reconciler.reconcileNow() };
  }
}
