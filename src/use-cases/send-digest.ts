/**
 * The commissioner's daily digest (SPEC §4: before, on the day and overdue, all cases in one
 * mail). The job re-reads the stored deadlines, records in the same transaction that it ran
 * (commissioner-job.ts), and writes its letter to the outbox; a job that already ran, or finds
 * nothing to say, writes nothing. Her weekly overview is send-overview.ts.
 */
import { COMMISSIONER_KINDS, digestItems, digestJobId, lastDueDateFor, type DigestItem } from '../domain/reminders.js';
import { addDays, localDateOf, type LocalDate } from '../domain/calendar.js';
import { workingDaysLeft } from './case-calendar.js';
import { commissionerJob, letterHead, lineOf, type ReminderOutcome } from './commissioner-job.js';
import type { AppContext } from './context.js';
import { digestExtras, extrasCount } from './digest-extras.js';
import { casesToAssign, practiceChoices } from './held-case.js';
import { groupByPractice, groupsByPractice } from './practice-groups.js';
import { reminderSettings } from './plan-reminders.js';
import { tellRulingDelayed } from './tell-ruling-delayed.js';
import { writeToCommissioners } from './write-letter.js';

/** Lines per section of the daily digest; the rest is counted (see writeDigest). */
export const DIGEST_SECTION_MAX = 100;

/**
 * Write the digest of `date` (the job's date). A digest for a day gone by is dropped: today's
 * lists what is still overdue. Returns what happened, for the job's return value and the logs.
 */
export function writeDigest(ctx: AppContext, date: LocalDate): ReminderOutcome {
  const { store } = ctx;
  const repo = store.deadlines;
  return commissionerJob(ctx, digestJobId(date), (today) => date < today, ({ now, today, markDone }) => {
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
    // Held cases (issue 16): the question which practice each is for, again every working day.
    const toAssign = listsOverdue ? casesToAssign(ctx, date) : [];
    const outcome = items.length === 0 && lookalikes.length === 0 && extrasCount(extras) === 0 && toAssign.length === 0 ? 'nothing-due' : 'sent';
    if (!markDone(outcome)) return 'already-done';
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
    const lineFacts = (i: DigestItem) => ({ ...lineOf(lines.get(i.caseId)!), kind: i.kind, date: i.dueDate, wd: Math.abs(workingDaysLeft(ctx, i.caseId, date, i.dueDate)) });
    const facts = (list: DigestItem[]) => list.slice(0, DIGEST_SECTION_MAX).map(lineFacts);
    const more = (list: DigestItem[], total = list.length) => Math.max(0, total - DIGEST_SECTION_MAX);
    // Several practices (issue 16): the same sections under a heading per practice; the lines that
    // did not fit are counted once, after the groups.
    const practiceGroups = groupsByPractice(ctx)
      ? groupByPractice(ctx, shown, (i) => lines.get(i.caseId)!).map((g) => ({
        id: g.id, name: g.name, noPractice: g.noPractice,
        overdue: g.items.filter((i) => i.section === 'overdue').map(lineFacts),
        today: g.items.filter((i) => i.section === 'today').map(lineFacts),
        before: g.items.filter((i) => i.section === 'before').map(lineFacts),
      }))
      : undefined;
    writeToCommissioners(ctx, {
      caseId: null, caseNumber: null, template: 'commissioner-digest',
      facts: {
        date, letterDate: today, ...letterHead(ctx),
        count: overdueCount + sections.today.length + sections.before.length + extrasCount(extras) + toAssign.length,
        toAssign, practices: toAssign.length > 0 ? practiceChoices(ctx) : [],
        ...extras,
        overdue: facts(sections.overdue), overdueMore: more(sections.overdue, overdueCount),
        today: facts(sections.today), todayMore: more(sections.today),
        before: facts(sections.before), beforeMore: more(sections.before),
        ...(practiceGroups ? { practiceGroups, groupsMore: more(sections.overdue, overdueCount) + more(sections.today) + more(sections.before) } : {}),
        wdBefore: ctx.config.reminderWdBefore,
        lookalikes: lookalikes.map((l) => ({ date: localDateOf(new Date(l.received_at), ctx.config.timeZone), folder: l.mailbox })),
        intakeMailbox: ctx.config.imap.intakeMailbox,
      },
    });
    return 'sent';
  });
}
