/**
 * How deadlines move (SPEC §3, footnote of the procedure): `#verleng N` adds N working days to
 * every running deadline; `#verleng N weken` adds N weeks; `#afwezig VAN TOT` moves every running
 * deadline by the working days the absence takes out of its open window (the day after its start
 * up to its due date). A term in weeks is a legal term (Wkkgz art. 17): only an extension in weeks
 * moves it, counted from the law's end and then off a weekend or holiday by the Atw; an absence or
 * an extension in working days leaves it where the law puts it. Pure.
 */
import { addDays, type DateRange, type LocalDate, type WorkingDayCalendar } from './calendar.js';
import type { DeadlineKind } from './deadlines.js';
import { atwCalendar, atwEnd, weeksLater } from './legal-calendar.js';

export interface MovableDeadline {
  id: number;
  kind: DeadlineKind;
  startDate: LocalDate;
  dueDate: LocalDate;
  /** 'weeks' for a legal term in weeks; omitted for working days. */
  unit?: 'weeks';
  /** A term in weeks: the law's end before the Atw move (falls back to start + length weeks). */
  termEnd?: LocalDate;
}

export interface DeadlineMove {
  deadlineId: number;
  kind: DeadlineKind;
  from: LocalDate;
  to: LocalDate;
  /** Working days added (for a move in weeks: the working days between the two dates, for the annual report). */
  workingDays: number;
  /** A move in weeks: the weeks added (the letters say "+4 weken"). */
  weeks?: number;
  /** A term in weeks moved in weeks: its new end as the law counts it. */
  termEnd?: LocalDate;
}

/** `#verleng days`: each deadline moves `days` working days on the case's calendar. */
export function extensionMoves(deadlines: readonly MovableDeadline[], days: number, calendar: WorkingDayCalendar): DeadlineMove[] {
  if (!Number.isInteger(days) || days < 1) throw new Error(`an extension needs a whole number of working days ≥ 1, not ${days}`);
  return deadlines.map((d) => ({ deadlineId: d.id, kind: d.kind, from: d.dueDate, to: calendar.addWorkingDays(d.dueDate, days), workingDays: days }));
}

/**
 * `#verleng weeks weken`: a term in weeks ends `weeks` weeks after its end as the law counts it,
 * moved by the Atw off a weekend or holiday (`legal`); a term in working days moves to the same
 * weekday `weeks` weeks after its due date, or the next working day of the case's `calendar`.
 */
export function weeksExtensionMoves(
  deadlines: readonly MovableDeadline[],
  weeks: number,
  calendar: WorkingDayCalendar,
  legal: WorkingDayCalendar = atwCalendar(),
): DeadlineMove[] {
  if (!Number.isInteger(weeks) || weeks < 1) throw new Error(`an extension needs a whole number of weeks ≥ 1, not ${weeks}`);
  return deadlines.map((d) => {
    let to: LocalDate;
    const move: Partial<DeadlineMove> = { weeks };
    if (d.unit === 'weeks') {
      const termEnd = weeksLater(d.termEnd ?? d.dueDate, weeks);
      to = atwEnd(termEnd, legal);
      move.termEnd = termEnd;
    } else {
      to = weeksLater(d.dueDate, weeks);
      while (!calendar.isWorkingDay(to)) to = addDays(to, 1);
    }
    return { deadlineId: d.id, kind: d.kind, from: d.dueDate, to, workingDays: calendar.workingDaysBetween(d.dueDate, to), ...move };
  });
}

/**
 * `#afwezig`: the working days of `absence` inside each deadline's open window, counted on the
 * calendar as it was (`before`, which already skips earlier absences, so no day is counted
 * twice); the deadline moves that many working days on the calendar that knows the new absence
 * (`after`). This equals recounting the term with the absence as days off (calendar.ts).
 * Deadlines the absence does not touch, and legal terms in weeks, are left out.
 */
export function absenceMoves(
  deadlines: readonly MovableDeadline[],
  absence: DateRange,
  before: WorkingDayCalendar,
  after: WorkingDayCalendar,
): DeadlineMove[] {
  if (absence.from > absence.to) throw new Error(`absence ${absence.from}..${absence.to} ends before it starts`);
  const moves: DeadlineMove[] = [];
  // A legal term in weeks runs on the law's calendar: the commissioner's absence does not extend it.
  for (const d of deadlines.filter((x) => x.unit !== 'weeks')) {
    const windowStart = addDays(d.startDate, 1);
    const from = absence.from > windowStart ? absence.from : windowStart;
    const to = absence.to < d.dueDate ? absence.to : d.dueDate;
    let overlap = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) if (before.isWorkingDay(day)) overlap++;
    if (overlap > 0) moves.push({ deadlineId: d.id, kind: d.kind, from: d.dueDate, to: after.addWorkingDays(d.dueDate, overlap), workingDays: overlap });
  }
  return moves;
}
