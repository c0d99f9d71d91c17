/**
 * The working-day calendar of one case: the configured holidays and closed days plus the
 * absences declared for it (#afwezig) or for every case. Terms of that case that are extended
 * later skip those days too.
 */
import { WorkingDayCalendar } from '../domain/calendar.js';
import { deadlinesOf } from '../store/deadlines-repo.js';
import type { AppContext } from './context.js';

export function calendarForCase(ctx: AppContext, caseId: number): WorkingDayCalendar {
  const absences = deadlinesOf(ctx.store).absencesFor(caseId);
  if (absences.length === 0) return ctx.calendar;
  return new WorkingDayCalendar({ liberationDay: ctx.config.liberationDay, closedDays: ctx.config.closedDays, absences });
}
