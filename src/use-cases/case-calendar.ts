/**
 * The working-day calendar of one case: the configured holidays and closed days plus the
 * absences declared for it (#afwezig) or for every case. Terms of that case that are extended
 * later skip those days too, and every "working days left" shown anywhere (the web, `cases
 * list`, `cases show`, the digest, the overview, the beklaagde's reminder) is counted on it.
 */
import type { DateRange, LocalDate, WorkingDayCalendar } from '../domain/calendar.js';
import type { Store } from '../store/store.js';
import type { AppContext } from './context.js';

/** The calendar of case `caseId`: `base` (holidays, closed days) with the absences that count for it. */
export function caseCalendar(store: Store, base: WorkingDayCalendar, caseId: number): WorkingDayCalendar {
  return base.withAbsences(store.deadlines.absencesFor(caseId));
}

export function calendarForCase(ctx: AppContext, caseId: number): WorkingDayCalendar {
  return caseCalendar(ctx.store, ctx.calendar, caseId);
}

/** Working days from `today` to `due` for case `caseId`: the days left, negative when overdue. */
export function workingDaysLeft(ctx: AppContext, caseId: number, today: LocalDate, due: LocalDate): number {
  return calendarForCase(ctx, caseId).workingDaysBetween(today, due);
}

/**
 * The calendars of many cases (a list of 100,000: `cases list`), from one read of the absences:
 * cases without absences of their own share one calendar, and its answers are cached.
 */
export class CaseCalendars {
  readonly #general: WorkingDayCalendar;
  readonly #own = new Map<number, DateRange[]>();
  readonly #made = new Map<number, WorkingDayCalendar>();

  constructor(store: Store, base: WorkingDayCalendar) {
    const general: DateRange[] = [];
    for (const a of store.deadlines.allAbsences()) {
      if (a.caseId === null) general.push(a.range);
      else this.#own.set(a.caseId, [...(this.#own.get(a.caseId) ?? []), a.range]);
    }
    this.#general = base.withAbsences(general);
  }

  of(caseId: number): WorkingDayCalendar {
    const own = this.#own.get(caseId);
    if (!own) return this.#general;
    let cal = this.#made.get(caseId);
    if (!cal) this.#made.set(caseId, (cal = this.#general.withAbsences(own)));
    return cal;
  }

  /** Working days from `today` to `due` for case `caseId`: the days left, negative when overdue. */
  workingDaysLeft(caseId: number, today: LocalDate, due: LocalDate): number {
    return this.of(caseId).workingDaysBetween(today, due);
  }
}
