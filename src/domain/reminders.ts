/**
 * When reminders fall (SPEC §4), as pure functions of the open deadlines and "now". The
 * reconciler turns the plan into BullMQ delayed jobs; the processors ask the same functions
 * again, with the stored deadlines, before they write a letter. Time is passed in.
 *
 * - The commissioner: REMINDER_WD_BEFORE working days before each of her deadlines, on the day,
 *   and every working day while overdue — all in ONE digest per day (jobId per date).
 * - The beklaagde: 2 working days before the response deadline (jobId per case, deadline, due date).
 * - The commissioner's weekly overview, on the first working day of each week.
 */
import { addDays, atLocalTime, localDateOf, weekday, type LocalDate, type WorkingDayCalendar } from './calendar.js';
import type { DeadlineKind } from './deadlines.js';

/** The deadlines that are the commissioner's own steps (SPEC §3): she is reminded of these. */
export const COMMISSIONER_KINDS: readonly DeadlineKind[] = ['ack', 'present', 'handle', 'appeal-handle'];
/** SPEC §4: the beklaagde is reminded 2 working days before the response deadline. */
export const BEKLAAGDE_WD_BEFORE = 2;

export interface ReminderSettings {
  calendar: WorkingDayCalendar;
  timeZone: string;
  /** REMINDER_HOUR, local. */
  hour: number;
  /** REMINDER_WD_BEFORE. */
  wdBefore: number;
}

/** An open deadline of an open case, as the planner needs it (ids and dates only). */
export interface OpenDeadline {
  caseId: number;
  deadlineId: number;
  kind: DeadlineKind;
  dueDate: LocalDate;
  /** Whether the case has a beklaagde to remind. */
  beklaagdeNamed: boolean;
}

/** Job payloads: ids and dates only, never names, addresses or texts (SPEC §7). */
export type ReminderJobData =
  | { type: 'digest'; date: LocalDate }
  | { type: 'beklaagde'; caseId: number; deadlineId: number; dueDate: LocalDate }
  | { type: 'overview'; date: LocalDate };

export interface PlannedJob {
  jobId: string;
  runAt: Date;
  data: ReminderJobData;
}

// jobIds: no ':' and never all digits (bullmq#4052, #2832).
export const digestJobId = (date: LocalDate) => `digest-${date}`;
export const overviewJobId = (date: LocalDate) => `overview-${date}`;
export const beklaagdeJobId = (caseId: number, deadlineId: number, dueDate: LocalDate) =>
  `rem-c${caseId}-d${deadlineId}-response-beklaagde-${dueDate}`;

export function jobIdOf(data: ReminderJobData): string {
  switch (data.type) {
    case 'digest': return digestJobId(data.date);
    case 'overview': return overviewJobId(data.date);
    case 'beklaagde': return beklaagdeJobId(data.caseId, data.deadlineId, data.dueDate);
  }
}

export type DigestSection = 'overdue' | 'today' | 'before';

export interface DigestItem {
  caseId: number;
  deadlineId: number;
  kind: DeadlineKind;
  dueDate: LocalDate;
  section: DigestSection;
  /** Working days left (before) or overdue (overdue); 0 on the day. */
  wd: number;
}

/** The day the commissioner is first reminded of a deadline due on `due`. */
export function beforeDate(due: LocalDate, s: Pick<ReminderSettings, 'calendar' | 'wdBefore'>): LocalDate {
  return s.calendar.addWorkingDays(due, -s.wdBefore);
}

/** What the commissioner's digest of `date` lists: before, on the day, and overdue (working days only). */
export function digestItems(deadlines: readonly OpenDeadline[], date: LocalDate, s: ReminderSettings): DigestItem[] {
  const items: DigestItem[] = [];
  for (const d of deadlines) {
    if (!COMMISSIONER_KINDS.includes(d.kind)) continue;
    const base = { caseId: d.caseId, deadlineId: d.deadlineId, kind: d.kind, dueDate: d.dueDate };
    if (date === d.dueDate) items.push({ ...base, section: 'today', wd: 0 });
    else if (date > d.dueDate) {
      if (s.calendar.isWorkingDay(date)) items.push({ ...base, section: 'overdue', wd: s.calendar.workingDaysBetween(d.dueDate, date) });
    } else if (date === beforeDate(d.dueDate, s)) {
      items.push({ ...base, section: 'before', wd: s.calendar.workingDaysBetween(date, d.dueDate) });
    }
  }
  const order: Record<DigestSection, number> = { overdue: 0, today: 1, before: 2 };
  return items.sort((a, b) => order[a.section] - order[b.section] || a.dueDate.localeCompare(b.dueDate) || a.caseId - b.caseId);
}

/** The day the beklaagde is reminded of a response deadline due on `due`. */
export function beklaagdeReminderDate(due: LocalDate, calendar: WorkingDayCalendar): LocalDate {
  return calendar.addWorkingDays(due, -BEKLAAGDE_WD_BEFORE);
}

/** The first working day of the (Monday-based) week of `d`; the Monday when none is. */
export function firstWorkingDayOfWeek(d: LocalDate, calendar: WorkingDayCalendar): LocalDate {
  const monday = addDays(d, -((weekday(d) + 6) % 7));
  for (let i = 0; i < 5; i++) if (calendar.isWorkingDay(addDays(monday, i))) return addDays(monday, i);
  return monday;
}

/**
 * The last due date that can matter to reminders running up to the local date `until`: a
 * deadline due later has neither a digest line (REMINDER_WD_BEFORE) nor a beklaagde reminder
 * (BEKLAAGDE_WD_BEFORE) on or before that day. One working day more than needed, so a due date
 * on a day that later became non-working (a closure, an absence) is never cut off.
 */
export function lastDueDateFor(until: LocalDate, s: Pick<ReminderSettings, 'calendar' | 'wdBefore'>): LocalDate {
  return s.calendar.addWorkingDays(until, Math.max(s.wdBefore, BEKLAAGDE_WD_BEFORE) + 1);
}

/**
 * Every reminder job that should exist now. `done` tells which jobIds have already run (kept in
 * SQLite). A job due earlier today that has not run runs at once; days gone by are not caught
 * up (today's digest lists what is overdue), except the beklaagde's reminder, which is still
 * useful until the deadline itself: a missed one goes at REMINDER_HOUR today (at once if past).
 * With `until`, only the jobs that run by then (the reconciler's horizon); `deadlines` may then
 * leave out those due after lastDueDateFor(until).
 */
export function planReminders(
  deadlines: readonly OpenDeadline[], now: Date, done: ReadonlySet<string>, s: ReminderSettings, until?: Date,
): PlannedJob[] {
  const today = localDateOf(now, s.timeZone);
  const at = (d: LocalDate) => atLocalTime(d, s.hour, 0, s.timeZone);
  const jobs = new Map<string, PlannedJob>();
  const add = (data: ReminderJobData, runAt: Date) => {
    if (until && runAt > until) return;
    const jobId = jobIdOf(data);
    if (!done.has(jobId) && !jobs.has(jobId)) jobs.set(jobId, { jobId, runAt, data });
  };

  const digestDates = new Set<LocalDate>();
  for (const d of deadlines) {
    if (!COMMISSIONER_KINDS.includes(d.kind)) continue;
    for (const day of [beforeDate(d.dueDate, s), d.dueDate]) if (day >= today) digestDates.add(day);
    if (d.dueDate <= today) {
      // Overdue (or due today): today's digest if today is a working day, and the next one's.
      if (d.dueDate < today && s.calendar.isWorkingDay(today)) digestDates.add(today);
      digestDates.add(s.calendar.addWorkingDays(today, 1));
    }
  }
  for (const date of [...digestDates].sort()) add({ type: 'digest', date }, at(date));

  for (const d of deadlines) {
    if (d.kind !== 'response' || !d.beklaagdeNamed || d.dueDate < today) continue;
    const day = beklaagdeReminderDate(d.dueDate, s.calendar);
    add({ type: 'beklaagde', caseId: d.caseId, deadlineId: d.deadlineId, dueDate: d.dueDate }, at(day < today ? today : day));
  }

  let week = firstWorkingDayOfWeek(today, s.calendar);
  if (week < today || (week === today && done.has(overviewJobId(week)))) week = firstWorkingDayOfWeek(addDays(today, 7 - ((weekday(today) + 6) % 7)), s.calendar);
  add({ type: 'overview', date: week }, at(week));

  return [...jobs.values()].sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.jobId.localeCompare(b.jobId));
}
