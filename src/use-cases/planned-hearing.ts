/**
 * The hearing a case has planned and not yet held: the last #hoorzitting, when its start lies
 * after now and no ruling has come since (a ruling `zonder-hoorzitting` let it lapse; after an
 * admitted appeal that hearing no longer stands in the way of the ruling on appeal). A ruling before it would take from both parties the chance to be heard that art. 7
 * gives them, so #uitspraak is refused then unless she confirms with `zonder-hoorzitting`.
 */
import { atLocalTime } from '../domain/calendar.js';
import type { AppContext } from './context.js';

export interface PlannedHearing { date: string; time: string; start: Date }

export function plannedHearing(ctx: AppContext, caseId: number): PlannedHearing | null {
  const events = ctx.store.cases.events(caseId);
  const at = events.map((e) => e.type).lastIndexOf('schedule-hearing');
  if (at < 0) return null;
  if (events.slice(at + 1).some((e) => e.type === 'decide' || e.type === 'decide-appeal')) return null;
  const last = events[at]!;
  const { date, time } = JSON.parse(last.data) as { date: string; time: string };
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const start = atLocalTime(date, hh, mm, ctx.config.timeZone);
  return start.getTime() > ctx.clock.now().getTime() ? { date, time, start } : null;
}
