/**
 * Processor of the reminders queue. Each job re-reads the stored deadlines (a done, moved or
 * closed one sends nothing), records in SQLite that it ran, and writes its letters to the outbox
 * in the same transaction; the outbox relay sends them like every other letter. Idempotent: a job
 * that runs twice (stalled, or re-added after a Redis wipe) finds its ledger entry and does nothing.
 */
import type { Job } from 'bullmq';
import type { AppContext } from '../use-cases/context.js';
import { writeBeklaagdeReminder } from '../use-cases/remind-beklaagde.js';
import type { ReminderOutcome } from '../use-cases/commissioner-job.js';
import { writeDigest } from '../use-cases/send-digest.js';
import { writeWeeklyOverview } from '../use-cases/send-overview.js';
import type { ReminderJob } from './reminders-queue.js';
import { GroupCommit } from '../store/group-commit.js';

export function sendReminderProcessor(ctx: AppContext, onDone?: (jobId: string, outcome: ReminderOutcome) => void) {
  const log = ctx.log.child({ component: 'reminders' });
  // Jobs that come due together share one fsynced commit; each still completes only after it.
  const commits = new GroupCommit(ctx.store);
  return async (job: Job<ReminderJob>): Promise<ReminderOutcome> => {
    const d = job.data;
    const outcome = await commits.run(() => d.type === 'digest' ? writeDigest(ctx, d.date)
      : d.type === 'overview' ? writeWeeklyOverview(ctx, d.date)
        : writeBeklaagdeReminder(ctx, d));
    if (outcome === 'sent') ctx.outboxChanged({ termsUnchanged: true, burst: true });
    log.info({ jobId: job.id, type: d.type, caseId: d.type === 'beklaagde' ? d.caseId : undefined, outcome }, 'reminder job ran');
    onDone?.(job.id ?? '', outcome);
    return outcome;
  };
}
