/**
 * How deadlines move (SPEC §3, footnote of the procedure): `#verleng N` adds N working days to
 * every running deadline; `#afwezig VAN TOT` moves every running deadline by the working days the
 * absence takes out of its open window (the day after its start up to its due date). Pure.
 */
import { addDays, type DateRange, type LocalDate, type WorkingDayCalendar } from './calendar.js';
import type { DeadlineKind } from './deadlines.js';

export interface MovableDeadline {
  id: number;
  kind: DeadlineKind;
  startDate: LocalDate;
  dueDate: LocalDate;
}

export interface DeadlineMove {
  deadlineId: number;
  kind: DeadlineKind;
  from: LocalDate;
  to: LocalDate;
  /** Working days added. */
  workingDays: number;
}

/** `#verleng days`: each deadline moves `days` working days on the case's calendar. */
export function extensionMoves(deadlines: readonly MovableDeadline[], days: number, calendar: WorkingDayCalendar): DeadlineMove[] {
  if (!Number.isInteger(days) || days < 1) throw new Error(`an extension needs a whole number of working days ≥ 1, not ${days}`);
  return deadlines.map((d) => ({ deadlineId: d.id, kind: d.kind, from: d.dueDate, to: calendar.addWorkingDays(d.dueDate, days), workingDays: days }));
}

/**
 * `#afwezig`: the working days of `absence` inside each deadline's open window, counted on the
 * calendar as it was (`before`, which already skips earlier absences, so no day is counted
 * twice); the deadline moves that many working days on the calendar that knows the new absence
 * (`after`). This equals recounting the term with the absence as days off (calendar.ts).
 * Deadlines the absence does not touch are left out.
 */
export function absenceMoves(
  deadlines: readonly MovableDeadline[],
  absence: DateRange,
  before: WorkingDayCalendar,
  after: WorkingDayCalendar,
): DeadlineMove[] {
  if (absence.from > absence.to) throw new Error(`absence ${absence.from}..${absence.to} ends before it starts`);
  const moves: DeadlineMove[] = [];
  for (const d of deadlines) {
    const windowStart = addDays(d.startDate, 1);
    const from = absence.from > windowStart ? absence.from : windowStart;
    const to = absence.to < d.dueDate ? absence.to : d.dueDate;
    let overlap = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) if (before.isWorkingDay(day)) overlap++;
    if (overlap > 0) moves.push({ deadlineId: d.id, kind: d.kind, from: d.dueDate, to: after.addWorkingDays(d.dueDate, overlap), workingDays: overlap });
  }
  return moves;
}
