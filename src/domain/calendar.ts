/**
 * The working-day calendar (SPEC §3): terms are counted in Dutch working days, the start day does
 * not count, and a deadline is a local date. Pure: no I/O and no clock reads; time is passed in.
 */
import { dutchHolidays, type Holiday, type LiberationDay } from './holidays-nl.js';

export type { Holiday, LiberationDay } from './holidays-nl.js';

/** A local calendar date 'YYYY-MM-DD': serialisable, sortable as a string, stored as is. */
export type LocalDate = string;

/** An inclusive range of local dates. */
export interface DateRange {
  from: LocalDate;
  to: LocalDate;
}

/** What makes a weekday a non-working day besides the fixed holiday list. */
export interface CalendarOptions {
  /** Bevrijdingsdag every year, or only in years divisible by 5 (LIBERATION_DAY). */
  liberationDay: LiberationDay;
  /** Days the commissioner declares closed (CLOSED_DAYS). */
  closedDays: LocalDate[];
  /** Inclusive absence ranges (#afwezig); their days are not working days for this calendar. */
  absences?: DateRange[];
}

const DAY_MS = 86_400_000;
/** Bound of each answer cache below (a few MB at most); a cache is cleared whole when reached. */
const CACHE_MAX = 50_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid LocalDate; throws on anything else. */
function dayNumber(s: string): number {
  const m = DATE_RE.exec(s);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Date.UTC rolls 2026-02-30 over to 2026-03-02, so a round trip rejects impossible dates.
  if (Number.isNaN(ms) || fromDayNumber(ms / DAY_MS) !== s) {
    throw new Error(`Invalid date '${s}': expected a real calendar date as YYYY-MM-DD`);
  }
  return ms / DAY_MS;
}

function fromDayNumber(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Validates a 'YYYY-MM-DD' string that names a real date and returns it; throws an Error otherwise. */
export function parseLocalDate(s: string): LocalDate {
  dayNumber(s);
  return s;
}

/** The date `n` calendar days after `d` (before it when `n` is negative). */
export function addDays(d: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new Error(`addDays needs a whole number of days, not ${n}`);
  return fromDayNumber(dayNumber(d) + n);
}

/** Day of the week of `d`: 0 = Sunday … 6 = Saturday (as Date#getDay). */
export function weekday(d: LocalDate): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  return new Date(dayNumber(d) * DAY_MS).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

// Formatters are costly to build; one per time zone. A cache, not state: results never change.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of `ms` in `timeZone`, as if that wall clock were UTC (in ms). */
function wallClockMs(ms: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
}

/** UTC offset of `timeZone` at instant `ms`, in ms (e.g. +7 200 000 in Amsterdam in summer). */
function offsetMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000; // the formatter drops milliseconds
  return wallClockMs(whole, timeZone) - whole;
}

/** The local calendar date of `instant` in `timeZone` (an IANA name), DST included. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new Error('localDateOf needs a valid Date');
  return fromDayNumber(Math.floor(wallClockMs(ms, timeZone) / DAY_MS));
}

/**
 * The instant at which the wall clock in `timeZone` shows `hour:minute` on `d`. A time that
 * occurs twice (autumn) gives the earlier instant; one skipped by DST (spring) is moved forward
 * by the gap (02:30 → 03:30), as Temporal's 'compatible' disambiguation does.
 */
export function atLocalTime(d: LocalDate, hour: number, minute: number, timeZone: string): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new Error(`Invalid local time ${hour}:${minute}`);
  }
  // Four Intl round trips per answer, asked for every planned reminder on every reconcile
  // (bench:scale profile): answers are cached, as the formatters are.
  const key = `${d}|${hour}|${minute}|${timeZone}`;
  const known = atLocalCache.get(key);
  if (known !== undefined) return new Date(known);
  const wall = dayNumber(d) * DAY_MS + (hour * 60 + minute) * 60_000;
  // Offsets a day either side bracket any DST change; try each and keep those that round-trip.
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const fits = [wall - before, wall - after].filter((ms) => wallClockMs(ms, timeZone) === wall);
  const at = fits.length > 0 ? Math.min(...fits) : wall - before;
  if (atLocalCache.size >= CACHE_MAX) atLocalCache.clear();
  atLocalCache.set(key, at);
  return new Date(at);
}
const atLocalCache = new Map<string, number>();

/** Working days (Monday–Friday minus holidays, closures and absences) in a configured setting. */
export class WorkingDayCalendar {
  readonly #liberationDay: LiberationDay;
  readonly #closed: ReadonlySet<LocalDate>;
  readonly #absences: readonly DateRange[];
  readonly #holidays = new Map<number, ReadonlySet<LocalDate>>();
  /**
   * Answers by their question: caches, not state (the calendar is immutable). The reminder
   * planner and the digest ask the same few questions for every open deadline on every
   * reconcile (bench:ingest and bench:scale profiles).
   */
  readonly #added = new Map<string, LocalDate>();
  readonly #open = [new Map<LocalDate, boolean>(), new Map<LocalDate, boolean>()] as const;
  readonly #between = new Map<string, number>();

  /** Validates the closed days and absences; throws an Error on a bad date or reversed range. */
  constructor(options: CalendarOptions) {
    this.#liberationDay = options.liberationDay;
    this.#closed = new Set(options.closedDays.map(parseLocalDate));
    this.#absences = (options.absences ?? []).map(({ from, to }) => {
      if (parseLocalDate(from) > parseLocalDate(to)) throw new Error(`Absence ${from}..${to} ends before it starts`);
      return { from, to };
    });
  }

  /** The same calendar with `absences` added (a case's own and the general ones, #afwezig). */
  withAbsences(absences: readonly DateRange[]): WorkingDayCalendar {
    if (absences.length === 0) return this;
    return new WorkingDayCalendar({ liberationDay: this.#liberationDay, closedDays: [...this.#closed], absences: [...this.#absences, ...absences] });
  }

  /** The holidays of `year` (per SPEC §3 and the liberationDay option), in date order. */
  holidaysOf(year: number): Holiday[] {
    return dutchHolidays(year, this.#liberationDay);
  }

  /** Monday–Friday, not a holiday, not closed; and, when `withAbsences`, not in an absence. */
  #isOpen(d: LocalDate, withAbsences: boolean): boolean {
    const cache = this.#open[withAbsences ? 1 : 0];
    const known = cache.get(d);
    if (known !== undefined) return known;
    const open = this.#isOpenUncached(d, withAbsences);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(d, open);
    return open;
  }

  #isOpenUncached(d: LocalDate, withAbsences: boolean): boolean {
    const wd = weekday(d);
    if (wd === 0 || wd === 6 || this.#closed.has(d)) return false;
    const year = Number(d.slice(0, 4));
    let holidays = this.#holidays.get(year);
    if (!holidays) {
      holidays = new Set(this.holidaysOf(year).map((h) => h.date));
      this.#holidays.set(year, holidays);
    }
    if (holidays.has(d)) return false;
    return !withAbsences || !this.#absences.some((a) => a.from <= d && d <= a.to);
  }

  /** Whether `d` is a working day: Monday–Friday and not a holiday, closed day or absence. */
  isWorkingDay(d: LocalDate): boolean {
    return this.#isOpen(d, true);
  }

  /**
   * The n-th working day after `start`; the start day itself never counts, so from a Friday
   * +1 is the Monday, and from a Saturday or a holiday +1 is the next working day. n = 0 gives
   * `start`; a negative n counts back (-1 from a Monday is the Friday before).
   */
  addWorkingDays(start: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new Error(`addWorkingDays needs a whole number, not ${n}`);
    // The calendar never changes, so neither does an answer: the reminder planner asks the same
    // few questions for every open deadline on every reconcile (bench:ingest profile).
    const key = `${start}|${n}`;
    const known = this.#added.get(key);
    if (known !== undefined) return known;
    const step = n < 0 ? -1 : 1;
    let d = parseLocalDate(start);
    for (let left = Math.abs(n); left > 0; ) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    if (this.#added.size >= CACHE_MAX) this.#added.clear();
    this.#added.set(key, d);
    return d;
  }

  /**
   * The number of working days d with from < d ≤ to; negative (minus the count of to < d ≤ from)
   * when `to` is before `from`. So workingDaysBetween(today, due) is the days left, and its
   * negation the days overdue.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const key = `${from}|${to}`;
    const known = this.#between.get(key);
    if (known !== undefined) return known;
    if (parseLocalDate(to) < parseLocalDate(from)) return -this.workingDaysBetween(to, from);
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    if (this.#between.size >= CACHE_MAX) this.#between.clear();
    this.#between.set(key, count);
    return count;
  }

  /**
   * The number of working days in the inclusive `range`, limited to `within` (inclusive) when
   * given; 0 when they do not meet. Absences are not subtracted here — this counts what an
   * absence takes away (#afwezig): a deadline due on `due`, with open window `within` =
   * (start+1 … due), moves to addWorkingDays(due, overlap) on a calendar that knows the absence.
   */
  overlapWorkingDays(range: DateRange, within?: DateRange): number {
    let from = parseLocalDate(range.from);
    let to = parseLocalDate(range.to);
    if (within) {
      if (parseLocalDate(within.from) > from) from = within.from;
      if (parseLocalDate(within.to) < to) to = within.to;
    }
    let count = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (this.#isOpen(d, false)) count++;
    return count;
  }
}
