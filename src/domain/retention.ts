/**
 * Retention (art. 14, SPEC §9): a closed case is kept RETENTION_MONTHS, then everything personal
 * goes and one anonymous statistics row stays. Pure: when a case is due, and what its row says.
 */
import { localDateOf, parseLocalDate, type LocalDate, type WorkingDayCalendar } from './calendar.js';
import type { DeadlineKind } from './deadlines.js';

/** `d` plus `months` calendar months; the 31st becomes the month's last day (31 Aug + 6 = 28/29 Feb). */
export function addMonths(d: LocalDate, months: number): LocalDate {
  parseLocalDate(d);
  if (!Number.isInteger(months)) throw new Error(`addMonths needs a whole number, not ${months}`);
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** The local date from which a case closed at `closedAt` may be purged. */
export function purgeDueDate(closedAt: string, months: number, timeZone: string): LocalDate {
  return addMonths(localDateOf(new Date(closedAt), timeZone), months);
}

/** The stored facts of a case that its statistics row is made from (no personal data). */
export interface StatsInput {
  year: number;
  outcome: string | null;
  /** The state the case closed from (decided, appeal-decided, dismissed, withdrawn). */
  finalState: string | null;
  closedBy: 'automatic' | 'commissioner' | null;
  closedDate: LocalDate | null;
  deadlines: readonly { kind: DeadlineKind; startDate: LocalDate; termWd: number; dueDate: LocalDate; status: string; doneDate: LocalDate | null }[];
  moves: readonly { deadlineId: number; kind: DeadlineKind; origin: 'extension' | 'absence'; fromDate: LocalDate; workingDays: number; reason: string }[];
  /** Extension/absence commands (one per command, not per deadline moved). */
  extensions: readonly { origin: 'extension' | 'absence'; workingDays: number; reason: string }[];
  hearings: number;
  experts: number;
  appealed: boolean;
  appealOutcome: string | null;
}

export interface StepStats {
  termWd: number;
  /** Working days from the step's start to when it was done; null when never done. */
  wd: number | null;
  withinTerm: boolean | null;
  withinExtendedTerm: boolean | null;
  movedWd: number;
}

export interface CaseStats {
  year: number;
  outcome: string | null;
  finalState: string | null;
  closedBy: string | null;
  ackWd: number | null;
  presentWd: number | null;
  responseWd: number | null;
  handleWd: number | null;
  steps: Partial<Record<DeadlineKind, StepStats>>;
  extensions: number;
  extensionWd: number;
  extensionReasons: { origin: string; wd: number; reason: string }[];
  hearings: number;
  experts: number;
  appealed: boolean;
  appealOutcome: string | null;
  closedDate: LocalDate | null;
}

/** Reasons are kept for the report (SPEC §9) on one line and short; everything else is numbers. */
const shortReason = (r: string) => r.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);

/** The anonymous statistics row of a case. Per kind, the last deadline of that kind counts. */
export function caseStatistics(input: StatsInput, calendar: WorkingDayCalendar): CaseStats {
  const steps: Partial<Record<DeadlineKind, StepStats>> = {};
  const deadlinesByKind = new Map<DeadlineKind, StatsInput['deadlines'][number]>();
  for (const d of input.deadlines) deadlinesByKind.set(d.kind, d);
  for (const [kind, d] of deadlinesByKind) {
    const moved = input.moves.filter((m) => m.kind === kind);
    const originalDue = moved.length > 0 ? [...moved].sort((a, b) => a.fromDate.localeCompare(b.fromDate))[0]!.fromDate : d.dueDate;
    const done = d.status === 'met' ? d.doneDate : null;
    steps[kind] = {
      termWd: d.termWd,
      wd: done ? calendar.workingDaysBetween(d.startDate, done) : null,
      withinTerm: done ? done <= originalDue : null,
      withinExtendedTerm: done ? done <= d.dueDate : null,
      movedWd: moved.reduce((n, m) => n + m.workingDays, 0),
    };
  }
  return {
    year: input.year,
    outcome: input.outcome,
    finalState: input.finalState,
    closedBy: input.closedBy,
    ackWd: steps.ack?.wd ?? null,
    presentWd: steps.present?.wd ?? null,
    responseWd: steps.response?.wd ?? null,
    handleWd: steps.handle?.wd ?? null,
    steps,
    extensions: input.extensions.length,
    extensionWd: input.extensions.reduce((n, e) => n + e.workingDays, 0),
    extensionReasons: input.extensions.map((e) => ({ origin: e.origin, wd: e.workingDays, reason: shortReason(e.reason) })),
    hearings: input.hearings,
    experts: input.experts,
    appealed: input.appealed,
    appealOutcome: input.appealOutcome,
    closedDate: input.closedDate,
  };
}
