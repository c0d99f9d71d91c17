/**
 * Which deadlines a case has (SPEC §3) and when each starts: a step that happens opens the
 * deadlines it starts and meets the ones it completes. Pure: dates in, dates out.
 */
import type { CaseEvent } from './case.js';
import type { LocalDate, WorkingDayCalendar } from './calendar.js';
import { atwCalendar, atwEnd, weeksLater } from './legal-calendar.js';
import { termRuleOf, type Procedure, type TermRule, type TermUnit } from './procedure.js';

export type DeadlineKind = 'ack' | 'present' | 'response' | 'handle' | 'appeal' | 'appeal-handle';

export interface Terms {
  ackWd: number;
  presentWd: number;
  responseWd: number;
  handleWd: number;
  appealWd: number;
  /** The reconsideration of an admitted appeal, up to the new ruling (TERM_APPEAL_HANDLE_WD). */
  appealHandleWd: number;
}

export interface DeadlineStart {
  kind: DeadlineKind;
  startDate: LocalDate;
  /** The term's length, in `unit` (working days unless the procedure counts weeks). */
  termWd: number;
  /** Omitted for working days, the unit of every term before issue 16. */
  unit?: TermUnit;
  /**
   * A term in weeks only: where the law's term ends before the Atw moves it off a weekend or
   * holiday. An extension in weeks counts from here (Wkkgz art. 17 lid 2 extends "de termijn").
   */
  termEnd?: LocalDate;
  dueDate: LocalDate;
}

/** The term in working days of each deadline kind. */
export function termOf(kind: DeadlineKind, terms: Terms): number {
  switch (kind) {
    case 'ack': return terms.ackWd;
    case 'present': return terms.presentWd;
    case 'response': return terms.responseWd;
    case 'handle': return terms.handleWd;
    case 'appeal': return terms.appealWd;
    case 'appeal-handle': return terms.appealHandleWd;
  }
}

/** Deadlines a step starts (the complaint's receipt is the step 'receive'), in the seed's procedure. */
const STARTS: Partial<Record<CaseEvent | 'receive', DeadlineKind[]>> = {
  receive: ['ack'],
  acknowledge: ['present', 'handle'],
  present: ['response'],
  decide: ['appeal'],
  'admit-appeal': ['appeal-handle'],
};

/** Deadlines a step meets (completes). */
const MEETS: Partial<Record<CaseEvent, DeadlineKind[]>> = {
  acknowledge: ['ack'],
  present: ['present'],
  respond: ['response'],
  decide: ['handle', 'response', 'present'],
  appeal: ['appeal'],
  'decide-appeal': ['appeal-handle'],
};

/** The kinds `step` starts under procedure `p`: the handling term may run from receipt, and an appeal may not exist. */
function kindsStartedBy(step: CaseEvent | 'receive', p: Procedure): DeadlineKind[] {
  let kinds = STARTS[step] ?? [];
  if (p.handleFrom === 'receipt') {
    if (step === 'receive') kinds = [...kinds, 'handle'];
    if (step === 'acknowledge') kinds = kinds.filter((k) => k !== 'handle');
  }
  return kinds.filter((k) => termRuleOf(k, p) !== null);
}

/**
 * The due date of a term of `rule` that starts on `start` (the start day does not count).
 * Working days are counted on `calendar`, the case's (closed days and absences are days off). A
 * term in weeks is a legal term: it ends on the same weekday `length` weeks later and, when that is
 * a Saturday, Sunday or holiday of `legal` (the Atw calendar), on the next day that is none
 * (Algemene termijnenwet art. 1); the practice's closed days and absences do not move it.
 */
export function dueDateOf(rule: TermRule, start: LocalDate, calendar: WorkingDayCalendar, legal: WorkingDayCalendar = atwCalendar()): LocalDate {
  if (rule.unit === 'working-days') return calendar.addWorkingDays(start, rule.length);
  return atwEnd(weeksLater(start, rule.length), legal);
}

/** The deadlines that `step` on `date` starts, with their due dates. */
export function deadlinesStartedBy(
  step: CaseEvent | 'receive',
  date: LocalDate,
  procedure: Procedure,
  calendar: WorkingDayCalendar,
): DeadlineStart[] {
  return kindsStartedBy(step, procedure).map((kind) => {
    const rule = termRuleOf(kind, procedure)!;
    const start: DeadlineStart = { kind, startDate: date, termWd: rule.length, dueDate: dueDateOf(rule, date, calendar) };
    if (rule.unit === 'weeks') Object.assign(start, { unit: rule.unit, termEnd: weeksLater(date, rule.length) });
    return start;
  });
}

/** The deadline kinds that `step` completes. */
export function deadlinesMetBy(step: CaseEvent): DeadlineKind[] {
  return MEETS[step] ?? [];
}
