/**
 * The Dutch public holidays that do not count as working days (SPEC §3; the list of the
 * Algemene termijnenwet art. 3). Pure: the dates come from the bundled `date-holidays` rules.
 *
 * date-holidays itself is loaded only for a year outside holidays-nl-table.ts, a table of the
 * dates it gives, generated from it and checked against it by test/unit/holidays-data.test.ts.
 * Loading it and computing a year costs some 35 MB of resident memory: every country's data, and
 * an engine that brings moment-timezone with every zone and astronomia's tables. The engine is
 * most of it (some 28 MB with only the Dutch data), so the dates are tabled instead; the table
 * runs to 2199, far past any term the service computes.
 */
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import type { LocalDate } from './calendar.js';
import { NL_HOLIDAY_DATES } from './holidays-nl-table.js';

/** Whether Bevrijdingsdag (5 May) is a holiday every year or only in years divisible by 5. */
export type LiberationDay = 'yearly' | 'lustrum';

/** A holiday on a local date, with the Dutch name used in letters and overviews. */
export interface Holiday {
  date: LocalDate;
  name: string;
}

/** The first year for which the SPEC's Koningsdag rule (27 April, since 2014) holds. */
export const FIRST_HOLIDAY_YEAR = 2014;

/**
 * The holidays we need, picked from date-holidays by rule (language-independent, documented as
 * "use for references") rather than by type: the library types Goede Vrijdag and Bevrijdingsdag
 * as 'school', so filtering on 'public' would silently drop two holidays. Pasen and Pinksteren
 * are left out: they are Sundays anyway. The table holds each year's dates in this order.
 */
export const SELECTED: readonly (readonly [rule: string, name: string])[] = [
  ['01-01', 'Nieuwjaarsdag'],
  ['easter -2', 'Goede Vrijdag'],
  ['easter 1', 'Tweede Paasdag'],
  // The library moves Koningsdag to Saturday 26 April when the 27th is a Sunday, as the SPEC says.
  ['04-27 if sunday then previous saturday since 2014', 'Koningsdag'],
  ['05-05', 'Bevrijdingsdag'],
  ['easter 39', 'Hemelvaartsdag'],
  ['easter 50', 'Tweede Pinksterdag'],
  ['12-25', 'Eerste Kerstdag'],
  ['12-26', 'Tweede Kerstdag'],
];

// The CommonJS build, so that it can be loaded on first use from this synchronous code.
const require = createRequire(import.meta.url);
let library: Holidays | undefined;

/**
 * The dates date-holidays gives for the SELECTED rules in `year`, in SELECTED order. Loads
 * date-holidays on first use. For years outside the table, for the test that checks the table,
 * and for regenerating it.
 */
export function selectedDatesFromLibrary(year: number): LocalDate[] {
  library ??= new (require('date-holidays') as typeof Holidays)('NL');
  const byRule = new Map(library.getHolidays(year).map((h) => [h.rule, h]));
  return SELECTED.map(([rule]) => {
    const h = byRule.get(rule);
    if (!h) throw new Error(`date-holidays (NL) has no holiday '${rule}' in ${year}; did its data change?`);
    // `date` is the local date in Europe/Amsterdam ("YYYY-MM-DD 00:00:00"). `start` is a UTC
    // instant on the evening before, so a date taken from `start` would be a day early.
    return h.date.slice(0, 10);
  });
}

/** The dates of the SELECTED rules in `year`, in SELECTED order: from the table when it has the year. */
function selectedDates(year: number): LocalDate[] {
  const row = NL_HOLIDAY_DATES[year];
  return row === undefined ? selectedDatesFromLibrary(year) : row.split(' ').map((monthDay) => `${year}-${monthDay}`);
}

const cache = new Map<number, readonly Holiday[]>();

/** All nine holidays of `year` (Bevrijdingsdag included), in date order; cached per year. */
function allHolidaysOf(year: number): readonly Holiday[] {
  const cached = cache.get(year);
  if (cached) return cached;
  if (!Number.isInteger(year) || year < FIRST_HOLIDAY_YEAR || year > 9999) {
    throw new RangeError(`Dutch holidays are only known for the years ${FIRST_HOLIDAY_YEAR}–9999, not ${year}`);
  }
  const dates = selectedDates(year);
  const list = SELECTED.map(([, name], i) => ({ date: dates[i]!, name })).sort((a, b) => (a.date < b.date ? -1 : 1));
  cache.set(year, list);
  return list;
}

/**
 * The non-working holidays of `year` in date order. Bevrijdingsdag is included every year with
 * 'yearly', and only in years divisible by 5 with 'lustrum'. Throws a RangeError before 2014.
 */
export function dutchHolidays(year: number, liberationDay: LiberationDay): Holiday[] {
  return allHolidaysOf(year).filter(
    (h) => h.name !== 'Bevrijdingsdag' || liberationDay === 'yearly' || year % 5 === 0,
  );
}
