/**
 * The reminders queue: delayed jobs for the commissioner's daily digest, the beklaagde's
 * reminder and the weekly overview. Payloads carry ids and dates only (SPEC §7); jobIds are
 * deterministic (src/domain/reminders.ts), so adding a planned job twice keeps one.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import type { ReminderJobData } from '../domain/reminders.js';

export const REMINDERS_QUEUE = 'reminders';

/** The planned job plus when it was planned to run (to notice a changed plan). */
export type ReminderJob = ReminderJobData & { runAt?: string };

/** Job states in which a job is still to run: the ones the reconciler compares with the plan (BullMQ 6 keeps a paused queue's jobs in 'waiting'). */
export const PENDING_STATES = ['delayed', 'waiting', 'prioritized'] as const;

export function remindersQueue(connection: ConnectionOptions, prefix: string): Queue<ReminderJob> {
  return new Queue<ReminderJob>(REMINDERS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      // SQLite's reminders_done ledger, not Redis, keeps a reminder from running twice; finished
      // jobs are kept a day only to look at.
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
      attempts: 5,
      backoff: { type: 'exponential', delay: 5_000 },
    },
  });
}
