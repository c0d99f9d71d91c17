/**
 * The commissioner's daily digest (SPEC §4: before, on the day and overdue, all cases in one
 * mail) and her weekly overview of open cases. Each job re-reads the stored deadlines, records
 * in the same transaction that it ran, and writes its letters to the outbox; a job that already
 * ran, or finds nothing to say, writes nothing.
 */
import { COMMISSIONER_KINDS, digestItems, digestJobId, lastDueDateFor, overviewJobId, type DigestItem } from '../domain/reminders.js';
import { addDays, localDateOf, type LocalDate } from '../domain/calendar.js';
import { oneLine } from '../domain/text-format.js';
import { OPEN_STATES } from '../domain/case.js';
import type { CaseListRow } from '../store/cases-repo.js';
import { workingDaysLeft } from './case-calendar.js';
import type { AppContext } from './context.js';
import { digestExtras, extrasCount } from './digest-extras.js';
import { reminderSettings } from './plan-reminders.js';
import { tellRulingDelayed } from './tell-ruling-delayed.js';
import { writeToCommissioners } from './write-letter.js';

/** Lines per section of the daily digest; the rest is counted (see writeDigest). */
export const DIGEST_SECTION_MAX = 100;

export type ReminderOutcome = 'sent' | 'nothing-due' | 'already-done' | 'stale' | 'past';

interface CaseLine { caseNumber: string; klagerName: string; state: string }

const lineOf = (r: CaseListRow): CaseLine => ({ caseNumber: r.number, klagerName: oneLine(r.klager_name ?? ''), state: r.state });

/**
 * Write the digest of `date` (the job's date). A digest for a day gone by is dropped: today's
 * lists what is still overdue. Returns what happened, for the job's return value and the logs.
 */
export function writeDigest(ctx: AppContext, date: LocalDate): ReminderOutcome {
  const { store } = ctx;
  const now = ctx.clock.now();
  const today = localDateOf(now, ctx.config.timeZone);
  const repo = store.deadlines;
  return store.tx(() => {
    if (date < today) return repo.markDone(digestJobId(date), 'past', now.toISOString()) ? 'past' : 'already-done';
    const settings = reminderSettings(ctx);
    const kinds = COMMISSIONER_KINDS;
    // Overdue ones are listed on working days only, the most overdue first, and only as many as
    // the letter shows; the rest are counted (a neglected desk may have thousands).
    const listsOverdue = ctx.calendar.isWorkingDay(date);
    const overdueRange = { to: addDays(date, -1), kinds };
    const overdueCount = listsOverdue ? repo.countOpen(overdueRange) : 0;
    const shownOverdue = listsOverdue ? repo.openOfOpenCases({ ...overdueRange, limit: DIGEST_SECTION_MAX }) : [];
    const items = digestItems([...shownOverdue, ...repo.openOfOpenCases({ from: date, to: lastDueDateFor(date, settings), kinds })], date, settings);
    // Own mode's safety net (issue 12): INBOX mail in no case that looks like a complaint, named once.
    const lookalikes = ctx.config.mailboxMode === 'own' ? store.ownInbox.unlisted(addDays(today, -14)) : [];
    const extras = listsOverdue ? digestExtras(ctx, date) : { accessRequests: [], held: [] };
    const outcome = items.length === 0 && lookalikes.length === 0 && extrasCount(extras) === 0 ? 'nothing-due' : 'sent';
    if (!repo.markDone(digestJobId(date), outcome, now.toISOString())) return 'already-done';
    tellRulingDelayed(ctx, shownOverdue);
    if (outcome === 'nothing-due') return 'nothing-due';
    store.ownInbox.markListed(lookalikes, now.toISOString());
    // At most DIGEST_SECTION_MAX lines per section, the most urgent first, and how many more:
    // a desk that has let thousands lapse needs a readable letter and `cases list`, not a
    // letter of thousands of lines (bench:scale: 50,000 overdue made a letter of megabytes).
    const sections = { overdue: [] as DigestItem[], today: [] as DigestItem[], before: [] as DigestItem[] };
    for (const i of items) sections[i.section].push(i);
    const shown = Object.values(sections).flatMap((list) => list.slice(0, DIGEST_SECTION_MAX));
    const lines = new Map(store.cases.list({ ids: shown.map((i) => i.caseId) }).map((r) => [r.id, r]));
    const facts = (list: DigestItem[]) => list.slice(0, DIGEST_SECTION_MAX)
      .map((i) => ({ ...lineOf(lines.get(i.caseId)!), kind: i.kind, date: i.dueDate, wd: Math.abs(workingDaysLeft(ctx, i.caseId, date, i.dueDate)) }));
    const more = (list: DigestItem[], total = list.length) => Math.max(0, total - DIGEST_SECTION_MAX);
    writeToCommissioners(ctx, {
      caseId: null, caseNumber: null, template: 'commissioner-digest',
      facts: {
        date, letterDate: today, practiceName: oneLine(ctx.config.practiceName), commissionerName: oneLine(ctx.config.commissionerName),
        count: overdueCount + sections.today.length + sections.before.length + extrasCount(extras),
        ...extras,
        overdue: facts(sections.overdue), overdueMore: more(sections.overdue, overdueCount),
        today: facts(sections.today), todayMore: more(sections.today),
        before: facts(sections.before), beforeMore: more(sections.before),
        wdBefore: ctx.config.reminderWdBefore,
        lookalikes: lookalikes.map((l) => ({ date: localDateOf(new Date(l.received_at), ctx.config.timeZone), folder: l.mailbox })),
        intakeMailbox: ctx.config.imap.intakeMailbox,
      },
    });
    return 'sent';
  });
}

/** Lines of the weekly overview and of #overzicht; the rest is counted (see overviewFacts). */
export const OVERVIEW_MAX = 200;

/**
 * The open cases with their next running deadline, for the weekly overview and #overzicht: the
 * oldest OVERVIEW_MAX, how many there are, and how many more than shown (a large desk gets a
 * readable letter and `cases list` for the rest, as with the digest).
 */
export function overviewFacts(ctx: AppContext): {
  cases: (CaseLine & { receivedDate: string; next: { kind: string; date: string; wd: number } | null })[];
  total: number;
  more: number;
} {
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  const total = ctx.store.cases.countOpen();
  const cases = ctx.store.cases.list({ states: OPEN_STATES, limit: OVERVIEW_MAX }).map((c) => ({
    ...lineOf(c), receivedDate: c.received_date,
    next: c.next_kind && c.next_due ? { kind: c.next_kind, date: c.next_due, wd: workingDaysLeft(ctx, c.id, today, c.next_due) } : null,
  }));
  return { cases, total, more: Math.max(0, total - cases.length) };
}

/** Write the weekly overview of the week starting `date`; none when no case is open. */
export function writeWeeklyOverview(ctx: AppContext, date: LocalDate): ReminderOutcome {
  const { store } = ctx;
  const now = ctx.clock.now();
  const today = localDateOf(now, ctx.config.timeZone);
  const repo = store.deadlines;
  return store.tx(() => {
    // A week's overview that could not go out that week is not sent afterwards.
    if (addDays(date, 6) < today) return repo.markDone(overviewJobId(date), 'past', now.toISOString()) ? 'past' : 'already-done';
    const overview = overviewFacts(ctx);
    const outcome = overview.cases.length === 0 ? 'nothing-due' : 'sent';
    if (!repo.markDone(overviewJobId(date), outcome, now.toISOString())) return 'already-done';
    if (overview.cases.length === 0) return 'nothing-due';
    writeToCommissioners(ctx, {
      caseId: null, caseNumber: null, template: 'weekly-overview',
      facts: {
        ...overview, weekOf: date, letterDate: today, count: overview.total,
        practiceName: oneLine(ctx.config.practiceName), commissionerName: oneLine(ctx.config.commissionerName),
      },
    });
    return 'sent';
  });
}
