/**
 * `complaint-desk cases list [--state S] [--overdue] [--practice ID] [--json]`: every case with
 * its state, the klager's name, its next deadline and the working days left (negative: overdue);
 * on a desk of several practices also the practice of each. Read-only.
 */
import { CliError } from '../errors/index.js';
import type { Config } from '../config.js';
import { OPEN_STATES, STATES, type CaseState } from '../domain/case.js';
import type { LocalDate, WorkingDayCalendar } from '../domain/calendar.js';
import { systemClock, type Clock } from '../domain/clock.js';
import type { PracticeSet } from '../domain/practice.js';
import type { Store } from '../store/store.js';
import { CaseCalendars } from '../use-cases/case-calendar.js';
import { choosePractice, practiceIdList, practiceLabel } from '../use-cases/practice-filter.js';
import { calendarOf, safeJson, openReadOnly, pad, painter, safeText, todayIn, type Output } from './common.js';

export interface CaseListRow {
  number: string;
  state: CaseState;
  receivedDate: LocalDate;
  klager: string;
  /** The earliest open deadline, with working days from today to it (negative when overdue). */
  nextDeadline: { kind: string; dueDate: LocalDate; workingDaysLeft: number } | null;
  /** How many open deadlines are past their date. */
  overdueDeadlines: number;
  /** The practice's id; `none` while the case is held for `#praktijk` (issue 16). */
  practice: string;
}

export interface CaseListFilter {
  /** A state, 'open' (every state in which the procedure runs), or 'all' (purged ones too). */
  state?: string;
  overdue?: boolean;
  /** A practice's id, or `none` for the held cases (issue 16). */
  practice?: string;
}

/** Which states a --state value selects; the default leaves out purged cases (nothing left to show). */
export function statesFor(state: string | undefined): readonly CaseState[] {
  if (state === undefined) return STATES.filter((s) => s !== 'purged');
  if (state === 'all') return STATES;
  if (state === 'open') return OPEN_STATES;
  if ((STATES as readonly string[]).includes(state)) return [state as CaseState];
  throw new CliError(`unknown state '${state}': use one of open, all, ${STATES.join(', ')}`, 2);
}

/** Which practices a --practice value selects; an unknown id is bad usage, with the ids there are. */
export function practiceIdsFor(set: PracticeSet, practice: string | undefined): (string | null)[] | undefined {
  const choice = choosePractice(set, practice);
  if (!choice) throw new CliError(`unknown practice '${practice}': use one of ${practiceIdList(set)}`, 2);
  return choice.practiceIds;
}

/**
 * One query whatever the number of cases (bench:scale lists 100,000); the working days left are
 * counted on each case's own calendar (its absences and the general ones), as on the web.
 */
export function listCases(store: Store, calendar: WorkingDayCalendar, today: LocalDate, filter: CaseListFilter = {}, practices?: PracticeSet): CaseListRow[] {
  const calendars = new CaseCalendars(store, calendar);
  const practiceIds = practices ? practiceIdsFor(practices, filter.practice) : undefined;
  // On a single desk every case is its one practice's, also one from before issue 16 not yet adopted.
  const only = practices?.single ? practices.practices[0]!.id : undefined;
  const rows = store.cases.list({ states: statesFor(filter.state), overdueBefore: today, practiceIds }).map((c): CaseListRow => ({
    number: c.number, state: c.state, receivedDate: c.received_date, klager: c.klager_name || c.klager_email || '',
    nextDeadline: c.next_kind && c.next_due
      ? { kind: c.next_kind, dueDate: c.next_due, workingDaysLeft: calendars.workingDaysLeft(c.id, today, c.next_due) } : null,
    overdueDeadlines: c.overdue, practice: only ?? practiceLabel(c.practice_id),
  }));
  return filter.overdue ? rows.filter((r) => r.overdueDeadlines > 0) : rows;
}

/** The list as a table for a terminal: overdue in red, due within `soonWd` in yellow. */
export function formatCaseList(rows: readonly CaseListRow[], out: Output, soonWd: number, showPractice = false): string {
  const paint = painter(out);
  if (rows.length === 0) return 'no cases\n';
  const practiceHead = showPractice ? ['PRACTICE'] : [];
  const head = ['NUMBER', ...practiceHead, 'STATE', 'RECEIVED', 'KLAGER', 'NEXT DEADLINE', 'WD LEFT'];
  const cells = rows.map((r) => [
    r.number, ...(showPractice ? [r.practice] : []), r.state, r.receivedDate, safeText(r.klager, 30),
    r.nextDeadline ? `${r.nextDeadline.kind} ${r.nextDeadline.dueDate}` : '–',
    r.nextDeadline ? String(r.nextDeadline.workingDaysLeft) : '',
  ]);
  // A loop, not Math.max(...cells): a spread of 100,000 arguments can overflow the stack.
  const widths = head.map((h) => h.length);
  for (const c of cells) c.forEach((v, i) => (widths[i] = Math.max(widths[i]!, [...v].length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : pad(v, widths[i]!))).join('  ').trimEnd();
  const body = rows.map((r, i) => {
    const text = line(cells[i]!);
    const left = r.nextDeadline?.workingDaysLeft;
    if (left === undefined) return paint('dim', text);
    if (left < 0 || r.overdueDeadlines > 0) return paint('red', text);
    if (left <= soonWd) return paint('yellow', text);
    return text;
  });
  const overdue = rows.filter((r) => r.overdueDeadlines > 0).length;
  const summary = `${rows.length} case${rows.length === 1 ? '' : 's'}${overdue ? `, ${overdue} with an overdue deadline` : ''}`;
  return `${paint('bold', line(head))}\n${body.join('\n')}\n${paint('dim', summary)}\n`;
}

export function runCasesList(config: Config, opts: CaseListFilter & { json?: boolean }, out: Output, clock: Clock = systemClock): void {
  statesFor(opts.state); // bad usage before opening anything
  practiceIdsFor(config.practices, opts.practice);
  const store = openReadOnly(config);
  try {
    const rows = listCases(store, calendarOf(config), todayIn(config, clock), opts, config.practices);
    out.write(opts.json ? safeJson(rows) : formatCaseList(rows, out, config.reminderWdBefore, !config.practices.single));
  } finally {
    store.close();
  }
}
