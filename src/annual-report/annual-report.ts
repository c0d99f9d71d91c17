/**
 * The annual report (jaarverslag, art. 12, SPEC §9) as numbers: pure, from the anonymous case
 * records of report-cases.ts. Which cases each figure counts:
 * - received: cases whose date of receipt falls in the year;
 * - closed: cases closed in the year, whenever received;
 * - open at year end: received on or before 31 December and not closed by then;
 * - outcomes, working days per step, terms met, extensions, hearings, experts and appeals: the
 *   cases received in the year, with what is known of them today (a case received in December
 *   and decided in February counts its ruling in the year it was received);
 * - files destroyed: purges carried out in the year; on schedule when within GRACE_WD working
 *   days of the end of the retention period (the service purges every hour, so only an outage
 *   makes one late); overdue: due by the year's end (or today) and still not destroyed.
 * A desk of several practices (issue 16) makes this report per practice from that practice's
 * records, and a combined one from all of them with a row per practice (byPractice). "Within
 * term" is always a case against its own deadline, i.e. its own practice's procedure as its
 * extensions moved it, so a combined share means: of all cases that took the step, how many did
 * so within the term that applied to them. Durations are working days for every procedure (a
 * Wkkgz term of six weeks included), so that they can be compared and added up.
 */
import type { LocalDate, WorkingDayCalendar } from '../domain/calendar.js';
import type { TermRule } from '../domain/procedure.js';
import { RESULTS, type ReportCase, type Result } from './report-cases.js';

/** The steps whose working days the report shows, in procedure order (SPEC §3). */
export const REPORT_STEPS = ['ack', 'present', 'response', 'handle'] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

/** Working days after the end of retention within which destruction counts as on schedule. */
export const GRACE_WD = 5;

export interface StepFigures {
  /**
   * The term as configured now, in its own unit (cases may have run under another); null in a
   * combined report whose practices have different terms for the step (see byPractice).
   */
  term: TermRule | null;
  /** The same term in working days; null when it is counted in weeks or differs between practices. */
  termWd: number | null;
  /** How many of the year's cases completed the step. */
  done: number;
  medianWd: number | null;
  maxWd: number | null;
  withinTerm: number;
  withinExtendedTerm: number;
  /** withinTerm / done, rounded to 4 decimals; null when nothing was done. */
  shareWithinTerm: number | null;
  shareWithinExtendedTerm: number | null;
}

export interface ReasonFigures {
  origin: 'extension' | 'absence';
  /** Short, lower-case label of the reason given; '' when none was given. */
  reason: string;
  commands: number;
  workingDays: number;
}

export interface AnnualReport {
  year: number;
  generatedOn: LocalDate;
  received: number;
  closed: number;
  openAtYearEnd: number;
  months: { month: string; received: number; closed: number }[];
  outcomes: Record<Result, number>;
  steps: Record<ReportStep, StepFigures>;
  extensions: { cases: number; commands: number; workingDays: number; byReason: ReasonFigures[] };
  hearings: { cases: number; hearings: number };
  experts: { cases: number; experts: number };
  appeals: { appealed: number; admissible: number; inadmissible: number; undecided: number };
  /** `legalHolds`: holds placed in the year (#bewaar), each keeping a file from destruction while it holds. */
  destruction: { destroyed: number; onSchedule: number; late: number; overdue: number; graceWd: number; legalHolds: number };
  /** The practice this report is of (issue 16); null for the desk's whole (combined, or a single practice's desk). */
  practice?: { id: string; name: string } | null;
  /** A combined report of several practices: each practice's main figures, with its own terms. */
  byPractice?: PracticeFigures[];
  /** Where the ruling's term counts from on a desk of several practices; 'either' when the practices differ. */
  handleFrom?: 'acknowledgement' | 'receipt' | 'either';
}

/** One practice's row in a combined report; `id` '' and `name` '' for the cases held under no practice. */
export interface PracticeFigures {
  id: string;
  name: string;
  received: number;
  closed: number;
  openAtYearEnd: number;
  /** The ruling (handle step): its term in this practice's procedure, how many were given, how many within term. */
  handle: Pick<StepFigures, 'term' | 'done' | 'medianWd' | 'withinTerm' | 'shareWithinTerm'>;
  destroyed: number;
}

export interface ReportOptions {
  year: number;
  /** Today in TIMEZONE: only the "overdue for destruction" figure of the current year depends on it. */
  today: LocalDate;
  calendar: WorkingDayCalendar;
  /** Each step's term now, in its unit; null where the practices of a combined report differ. */
  terms: Record<ReportStep, TermRule | null>;
  /** Legal holds placed in the year (a count from the store: holds are not part of the anonymous case records). */
  legalHoldsPlaced?: number;
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

const share = (n: number, of: number): number | null => (of === 0 ? null : Math.round((n / of) * 10_000) / 10_000);

/**
 * A reason as the report may show it: no addresses, links or numbers (which could be a phone
 * number or a case), lower case, one line, at most 40 characters.
 */
export function reasonLabel(reason: string): string {
  return reason
    .replace(/\S+@\S+/g, ' ')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/[0-9]+/g, ' ')
    .replace(/[^\p{L}\p{M}\s'-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .slice(0, 40)
    .trim();
}

function stepFigures(cases: readonly ReportCase[], step: ReportStep, term: TermRule | null): StepFigures {
  const done = cases.map((c) => c.stats.steps[step]).filter((s) => s !== undefined && s.wd !== null);
  const wds = done.map((s) => s!.wd!);
  const withinTerm = done.filter((s) => s!.withinTerm === true).length;
  const withinExtendedTerm = done.filter((s) => s!.withinExtendedTerm === true).length;
  return {
    term, termWd: term?.unit === 'working-days' ? term.length : null, done: done.length, medianWd: median(wds), maxWd: wds.length ? Math.max(...wds) : null,
    withinTerm, withinExtendedTerm, shareWithinTerm: share(withinTerm, done.length), shareWithinExtendedTerm: share(withinExtendedTerm, done.length),
  };
}

function extensionFigures(cases: readonly ReportCase[]): AnnualReport['extensions'] {
  const byReason = new Map<string, ReasonFigures>();
  for (const c of cases) {
    for (const e of c.stats.extensionReasons) {
      const origin = e.origin === 'absence' ? 'absence' : 'extension';
      const reason = reasonLabel(e.reason);
      const key = `${origin}|${reason}`;
      const f = byReason.get(key) ?? { origin, reason, commands: 0, workingDays: 0 };
      f.commands++;
      f.workingDays += e.wd;
      byReason.set(key, f);
    }
  }
  return {
    cases: cases.filter((c) => c.stats.extensions > 0).length,
    commands: cases.reduce((n, c) => n + c.stats.extensions, 0),
    workingDays: cases.reduce((n, c) => n + c.stats.extensionWd, 0),
    byReason: [...byReason.values()].sort((a, b) => b.commands - a.commands || a.origin.localeCompare(b.origin) || a.reason.localeCompare(b.reason)),
  };
}

function destructionFigures(all: readonly ReportCase[], o: ReportOptions): AnnualReport['destruction'] {
  const y = String(o.year);
  const yearEnd = `${y}-12-31`;
  const asOf = o.today < yearEnd ? o.today : yearEnd;
  const onTimeBy = (due: LocalDate) => o.calendar.addWorkingDays(due, GRACE_WD);
  const destroyed = all.filter((c) => c.purgedDate?.startsWith(y));
  const onSchedule = destroyed.filter((c) => c.purgedDate! <= onTimeBy(c.purgeDueDate!)).length;
  const overdue = all.filter((c) => c.purgeDueDate !== null && onTimeBy(c.purgeDueDate) < asOf && (c.purgedDate === null || c.purgedDate > asOf)).length;
  return { destroyed: destroyed.length, onSchedule, late: destroyed.length - onSchedule, overdue, graceWd: GRACE_WD, legalHolds: o.legalHoldsPlaced ?? 0 };
}

/** The annual report of `o.year` over every case the store knows (live and purged). */
export function annualReport(all: readonly ReportCase[], o: ReportOptions): AnnualReport {
  const y = String(o.year);
  const yearEnd = `${y}-12-31`;
  const cohort = all.filter((c) => c.receivedDate.startsWith(`${y}-`));
  const closed = all.filter((c) => c.closedDate?.startsWith(`${y}-`));
  const outcomes = Object.fromEntries(RESULTS.map((r) => [r, cohort.filter((c) => c.result === r).length])) as Record<Result, number>;
  const months = Array.from({ length: 12 }, (_, i) => {
    const month = `${y}-${String(i + 1).padStart(2, '0')}`;
    return { month, received: cohort.filter((c) => c.receivedDate.startsWith(month)).length, closed: closed.filter((c) => c.closedDate!.startsWith(month)).length };
  });
  const steps = Object.fromEntries(REPORT_STEPS.map((s) => [s, stepFigures(cohort, s, o.terms[s])])) as Record<ReportStep, StepFigures>;
  const appealed = cohort.filter((c) => c.stats.appealed);
  return {
    year: o.year,
    generatedOn: o.today,
    received: cohort.length,
    closed: closed.length,
    openAtYearEnd: all.filter((c) => c.receivedDate <= yearEnd && (c.closedDate === null || c.closedDate > yearEnd)).length,
    months,
    outcomes,
    steps,
    extensions: extensionFigures(cohort),
    hearings: { cases: cohort.filter((c) => c.stats.hearings > 0).length, hearings: cohort.reduce((n, c) => n + c.stats.hearings, 0) },
    experts: { cases: cohort.filter((c) => c.stats.experts > 0).length, experts: cohort.reduce((n, c) => n + c.stats.experts, 0) },
    appeals: {
      appealed: appealed.length,
      admissible: appealed.filter((c) => c.stats.appealOutcome === 'ontvankelijk').length,
      inadmissible: appealed.filter((c) => c.stats.appealOutcome === 'niet-ontvankelijk').length,
      undecided: appealed.filter((c) => c.stats.appealOutcome === null).length,
    },
    destruction: destructionFigures(all, o),
  };
}

