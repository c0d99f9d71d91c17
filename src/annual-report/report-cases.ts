/**
 * Every case the annual report counts, as one anonymous record: dates, how it ended, and its
 * statistics. Purged cases come from their case_stats row (the case row keeps only number,
 * dates and outcome), live cases from their file through liveCaseStats, which computes the same
 * row. No name, address or text is read into a record; extension reasons are the only words,
 * and they are cut down to a short label (see reasonLabel).
 */
import { localDateOf, type LocalDate, type WorkingDayCalendar } from '../domain/calendar.js';
import type { DeadlineKind } from '../domain/deadlines.js';
import { purgeDueDate, type CaseStats, type StepStats } from '../domain/retention.js';
import type { CaseWithStatsRow } from '../store/retention-repo.js';
import type { Store } from '../store/store.js';
import { liveCaseStats } from './live-stats.js';

/** How a case ended, or that it still runs. A ruling's outcome wins over a later withdrawal. */
export const RESULTS = ['gegrond', 'deels-gegrond', 'ongegrond', 'niet-ontvankelijk', 'geen-klacht', 'ingetrokken', 'lopend', 'overig'] as const;
export type Result = (typeof RESULTS)[number];

export interface ReportCase {
  year: number;
  receivedDate: LocalDate;
  closedDate: LocalDate | null;
  result: Result;
  stats: CaseStats;
  /** From when the file may be destroyed (closed cases only). */
  purgeDueDate: LocalDate | null;
  /** When it was destroyed (purged cases only). */
  purgedDate: LocalDate | null;
  /** The case's practice (issue 16); null while it is held under none. Never shown: it selects. */
  practiceId: string | null;
  /** The case's row id, to count what the store keeps beside the records (legal holds). Never shown. */
  caseId: number;
}

export interface ReportSettings {
  timeZone: string;
  retentionMonths: number;
  calendar: WorkingDayCalendar;
  /** The practice of a case from its stored id and number (use-cases/practice-of.ts); default: the stored id. */
  practiceOf?: (c: { practice_id: string | null; number: string }) => string | null;
}

type Row = CaseWithStatsRow;

const RULINGS = new Set<string>(['gegrond', 'deels-gegrond', 'ongegrond', 'niet-ontvankelijk']);

/** The result of a case from what survives a purge (outcome, the state it closed from) or its live state. */
export function resultOf(outcome: string | null, endState: string | null): Result {
  if (outcome && RULINGS.has(outcome)) return outcome as Result;
  if (endState === 'dismissed') return 'geen-klacht';
  if (endState === 'withdrawn') return 'ingetrokken';
  if (endState === null) return 'lopend';
  return 'overig';
}

function statsOfRow(r: Row): CaseStats {
  return {
    year: r.s_year, outcome: r.s_outcome, finalState: r.final_state, closedBy: r.closed_by,
    ackWd: r.ack_wd, presentWd: r.present_wd, responseWd: r.response_wd, handleWd: r.handle_wd,
    steps: JSON.parse(r.steps) as Partial<Record<DeadlineKind, StepStats>>,
    extensions: r.extensions, extensionWd: r.extension_wd,
    extensionReasons: JSON.parse(r.extension_reasons) as CaseStats['extensionReasons'],
    hearings: r.hearings, experts: r.experts, appealed: r.appealed === 1, appealOutcome: r.appeal_outcome, closedDate: r.closed_date,
  };
}

/** Every case in the store (live and purged) as a report record, in case order. */
export function reportCases(store: Store, s: ReportSettings): ReportCase[] {
  const rows = store.retention.casesWithStats();
  const practiceOf = s.practiceOf ?? ((c) => c.practice_id);
  return rows.map((r) => ({ ...recordOf(store, s, r), practiceId: practiceOf(r), caseId: r.id }));
}

function recordOf(store: Store, s: ReportSettings, r: Row): Omit<ReportCase, 'practiceId' | 'caseId'> {
  if (r.s_case !== null) {
    const stats = statsOfRow(r);
    return {
      year: r.year, receivedDate: r.received_date, closedDate: stats.closedDate,
      result: resultOf(stats.outcome, stats.finalState ?? 'closed'), stats,
      purgeDueDate: r.purge_due_date, purgedDate: localDateOf(new Date(r.purged_at), s.timeZone),
    };
  }
  const stats = liveCaseStats(store, s.timeZone, s.calendar, r.id);
  const closed = r.state === 'closed';
  const endState = closed || r.state === 'purged' ? stats.finalState ?? r.state
    : r.state === 'dismissed' || r.state === 'withdrawn' ? r.state : null;
  return {
    year: r.year, receivedDate: r.received_date, closedDate: stats.closedDate,
    result: resultOf(stats.outcome, endState), stats,
    purgeDueDate: closed && r.closed_at ? purgeDueDate(r.closed_at, s.retentionMonths, s.timeZone) : null,
    purgedDate: null,
  };
}
