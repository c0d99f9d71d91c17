/**
 * The calendar of the Algemene termijnenwet (Atw), on which a term that a law sets ends (the
 * Wkkgz's six weeks, art. 17). It is not the desk's working-day calendar: the practice's closed
 * days (CLOSED_DAYS), the commissioner's absences (#afwezig) and the LIBERATION_DAY setting do not
 * move a legal term; only the Atw does. Pure.
 *
 * Atw art. 1 lid 1: a term set in a law that ends on a Saturday, Sunday or "algemeen erkende
 * feestdag" runs to the next day that is none of those. Art. 3 lid 1 names those days: Nieuwjaarsdag,
 * the second Easter and Whit days, both Christmas days, Ascension Day, the King's birthday as
 * celebrated (Koningsdag) and 5 May, every year; lid 2 equates Goede Vrijdag with them. That is the
 * SPEC's holiday list with Bevrijdingsdag every year, so the Atw calendar is a WorkingDayCalendar
 * with `liberationDay: 'yearly'` and nothing closed.
 *
 * Not in it: the days a royal decree equates for a given year (art. 3 lid 3, e.g. the Friday after
 * Ascension Day), which no rule predicts. On such a day the law's end is one working day later than
 * the one computed here, so the date the desk gives is never later than the law's.
 */
import { addDays, WorkingDayCalendar, type LocalDate } from './calendar.js';

const ATW = new WorkingDayCalendar({ liberationDay: 'yearly', closedDays: [] });

/** The Atw calendar: Monday–Friday minus the days of Atw art. 3 lid 1 and 2. */
export function atwCalendar(): WorkingDayCalendar {
  return ATW;
}

/** Atw art. 1 lid 1: `end` itself when it is a working day of `legal`, else the next day that is. */
export function atwEnd(end: LocalDate, legal: WorkingDayCalendar = ATW): LocalDate {
  let d = end;
  while (!legal.isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/**
 * The end of a term of `weeks` weeks that starts with an event on `start`, as the law counts it
 * before the Atw moves it: the day of the event does not count, and the term ends at the end of the
 * same weekday `weeks` weeks later (received on a Tuesday, six weeks end on a Tuesday).
 */
export function weeksLater(start: LocalDate, weeks: number): LocalDate {
  if (!Number.isInteger(weeks) || weeks < 0) throw new Error(`a term in weeks needs a whole number ≥ 0, not ${weeks}`);
  return addDays(start, weeks * 7);
}
