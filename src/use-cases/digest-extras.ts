/**
 * What the daily digest lists besides the deadlines of cases (issue 17): the open access
 * requests (AVG art. 15) with their due date, until she marks them answered, and the closed
 * cases a legal hold keeps although their original purge date has passed. Listed on working
 * days, as the overdue deadlines are.
 */
import { localDateOf, type LocalDate } from '../domain/calendar.js';
import type { AppContext } from './context.js';
import { purgeSchedule } from './purge-cases.js';

export interface DigestExtras {
  accessRequests: { email: string; requestedDate: LocalDate; dueDate: LocalDate; overdue: boolean; exported: boolean }[];
  held: { caseNumber: string; purgeDueDate: LocalDate; until: LocalDate | null }[];
}

export function digestExtras(ctx: AppContext, date: LocalDate): DigestExtras {
  const tz = ctx.config.timeZone;
  const accessRequests = ctx.store.holds.openAccessRequests().map((r) => ({
    email: r.email, requestedDate: localDateOf(new Date(r.requested_at), tz), dueDate: r.due_date,
    overdue: r.due_date < date, exported: r.exported_at !== null,
  }));
  const held = purgeSchedule(ctx).held.map((h) => ({ caseNumber: h.caseNumber, purgeDueDate: h.purgeDueDate, until: h.until }));
  return { accessRequests, held };
}

export const extrasCount = (e: DigestExtras): number => e.accessRequests.length + e.held.length;
