/**
 * The anonymous statistics of a case that is still in the store, made exactly as the retention
 * purge makes the row it keeps (statsInputOf, then the pure caseStatistics). The annual report
 * reads purged cases from case_stats and live cases through here, so a purge changes none of its
 * figures; test/integration/report.test.ts holds the two paths to that.
 */
import type { WorkingDayCalendar } from '../domain/calendar.js';
import { caseStatistics, type CaseStats } from '../domain/retention.js';
import type { Store } from '../store/store.js';
import { statsInputOf } from '../use-cases/case-statistics.js';

/** The statistics of a live case, as its case_stats row would hold them. */
export function liveCaseStats(store: Store, timeZone: string, calendar: WorkingDayCalendar, caseId: number): CaseStats {
  return caseStatistics(statsInputOf(store, timeZone, caseId), calendar);
}
