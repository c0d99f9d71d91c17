/**
 * The commissioner's weekly overview of open cases, and the same list for her #overzicht. The job
 * records in the same transaction that it ran (commissioner-job.ts) and writes its letter to the
 * outbox; a job that already ran, or finds no open case, writes nothing.
 */
import { OPEN_STATES } from '../domain/case.js';
import { addDays, localDateOf, type LocalDate } from '../domain/calendar.js';
import { overviewJobId } from '../domain/reminders.js';
import { workingDaysLeft } from './case-calendar.js';
import { commissionerJob, letterHead, lineOf, type CaseLine, type ReminderOutcome } from './commissioner-job.js';
import type { CaseListRow } from '../store/cases-repo.js';
import type { AppContext } from './context.js';
import { groupByPractice, groupsByPractice } from './practice-groups.js';
import { writeToCommissioners } from './write-letter.js';

/** Lines of the weekly overview and of #overzicht; the rest is counted (see overviewFacts). */
export const OVERVIEW_MAX = 200;

/** One line of the overview; the first of each practice's group carries its heading (issue 16). */
export type OverviewLine = CaseLine & {
  receivedDate: string;
  next: { kind: string; date: string; wd: number } | null;
  /** On a desk of several practices, on the first line of each practice: its name and id. */
  group?: { id: string; name: string; noPractice: boolean };
};

/**
 * The open cases with their next running deadline, for the weekly overview and #overzicht: the
 * oldest OVERVIEW_MAX, how many there are, and how many more than shown (a large desk gets a
 * readable letter and `cases list` for the rest, as with the digest). On a desk of several
 * practices they are grouped by practice, as in the digest; `practiceIds` keeps only those
 * practices' cases (null: the held ones), for `#overzicht ID`.
 */
export function overviewFacts(ctx: AppContext, practiceIds?: readonly (string | null)[]): { cases: OverviewLine[]; total: number; more: number } {
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  const total = ctx.store.cases.countOpen(practiceIds);
  const rows = ctx.store.cases.list({ states: OPEN_STATES, limit: OVERVIEW_MAX, practiceIds });
  const line = (c: CaseListRow): OverviewLine => ({
    ...lineOf(c), receivedDate: c.received_date,
    next: c.next_kind && c.next_due ? { kind: c.next_kind, date: c.next_due, wd: workingDaysLeft(ctx, c.id, today, c.next_due) } : null,
  });
  const cases = groupsByPractice(ctx)
    ? groupByPractice(ctx, rows, (c) => c).flatMap((g) => g.items.map((c, i) => ({
      ...line(c), ...(i === 0 ? { group: { id: g.id, name: g.name, noPractice: g.noPractice } } : {}),
    })))
    : rows.map(line);
  return { cases, total, more: Math.max(0, total - cases.length) };
}

/** Write the weekly overview of the week starting `date`; none when no case is open. */
export function writeWeeklyOverview(ctx: AppContext, date: LocalDate): ReminderOutcome {
  // A week's overview that could not go out that week is not sent afterwards.
  return commissionerJob(ctx, overviewJobId(date), (today) => addDays(date, 6) < today, ({ today, markDone }) => {
    const overview = overviewFacts(ctx);
    const outcome = overview.cases.length === 0 ? 'nothing-due' : 'sent';
    if (!markDone(outcome)) return 'already-done';
    if (overview.cases.length === 0) return 'nothing-due';
    writeToCommissioners(ctx, {
      caseId: null, caseNumber: null, template: 'weekly-overview',
      facts: {
        ...overview, weekOf: date, letterDate: today, count: overview.total, ...letterHead(ctx),
      },
    });
    return 'sent';
  });
}
