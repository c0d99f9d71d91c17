/**
 * The reminder jobs that should exist now, from the stored deadlines (SQLite is the truth): the
 * reconciler makes Redis hold exactly these. Reminder settings come from the configuration.
 */
import { addDays, atLocalTime, localDateOf, type LocalDate } from '../domain/calendar.js';
import { COMMISSIONER_KINDS, lastDueDateFor, planReminders, type OpenDeadline, type PlannedJob, type ReminderSettings } from '../domain/reminders.js';
import type { AppContext } from './context.js';

/**
 * What the plan of a horizon needs: the open deadlines due from today to `lastDue`, and of the
 * overdue ones only one of the commissioner's. Every overdue commissioner deadline plans the
 * same jobs (today's digest and the next working day's) and an overdue response deadline none,
 * so a desk with thousands overdue is not read whole on every reconcile.
 */
function nearDeadlines(ctx: AppContext, today: LocalDate, lastDue: LocalDate): OpenDeadline[] {
  const repo = ctx.store.deadlines;
  const overdue = repo.lastOverdue(COMMISSIONER_KINDS, today);
  return [...(overdue ? [overdue] : []), ...repo.openOfOpenCases({ from: today, to: lastDue })];
}

export function reminderSettings(ctx: AppContext): ReminderSettings {
  return { calendar: ctx.calendar, timeZone: ctx.config.timeZone, hour: ctx.config.reminderHour, wdBefore: ctx.config.reminderWdBefore };
}

/**
 * The reminder jobs that should be waiting now, and not one more. With `horizonWd`, only those
 * that run by the end of the horizonWd-th working day after today (the reconciler's horizon);
 * without, every one the open deadlines will ever cause.
 */
export function plannedReminderJobs(ctx: AppContext, horizonWd?: number): PlannedJob[] {
  const repo = ctx.store.deadlines;
  const now = ctx.clock.now();
  const settings = reminderSettings(ctx);
  const lastDay = horizonWd === undefined ? null : ctx.calendar.addWorkingDays(localDateOf(now, settings.timeZone), horizonWd);
  const until = lastDay ? atLocalTime(addDays(lastDay, 1), 0, 0, settings.timeZone) : undefined;
  const open = lastDay ? nearDeadlines(ctx, localDateOf(now, settings.timeZone), lastDueDateFor(lastDay, settings)) : repo.openOfOpenCases();
  // Plan once without the ledger to learn which jobIds are candidates, then drop those that ran.
  const candidates = planReminders(open, now, new Set(), settings, until);
  const done = repo.doneAmong(candidates.map((j) => j.jobId));
  if (done.size === 0) return candidates;
  return planReminders(open, now, done, settings, until);
}
