/**
 * The reminder jobs that should exist now, from the stored deadlines (SQLite is the truth): the
 * reconciler makes Redis hold exactly these. Reminder settings come from the configuration.
 */
import { planReminders, type PlannedJob, type ReminderSettings } from '../domain/reminders.js';
import { deadlinesOf } from '../store/deadlines-repo.js';
import type { AppContext } from './context.js';

export function reminderSettings(ctx: AppContext): ReminderSettings {
  return { calendar: ctx.calendar, timeZone: ctx.config.timeZone, hour: ctx.config.reminderHour, wdBefore: ctx.config.reminderWdBefore };
}

/** Every reminder job that should be waiting in the queue now, and not one more. */
export function plannedReminderJobs(ctx: AppContext): PlannedJob[] {
  const repo = deadlinesOf(ctx.store);
  const open = repo.openOfOpenCases();
  const now = ctx.clock.now();
  const settings = reminderSettings(ctx);
  // Plan once without the ledger to learn which jobIds are candidates, then drop those that ran.
  const candidates = planReminders(open, now, new Set(), settings);
  const done = repo.doneAmong(candidates.map((j) => j.jobId));
  if (done.size === 0) return candidates;
  return planReminders(open, now, done, settings);
}
