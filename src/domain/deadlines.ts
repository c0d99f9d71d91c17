/**
 * Which deadlines a case has (SPEC §3) and when each starts: a step that happens opens the
 * deadlines it starts and meets the ones it completes. Pure: dates in, dates out.
 */
import type { CaseEvent } from './case.js';
import type { LocalDate, WorkingDayCalendar } from './calendar.js';

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
  termWd: number;
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

/** Deadlines a step starts (the complaint's receipt is the step 'receive'). */
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

/** The deadlines that `step` on `date` starts, with their due dates. */
export function deadlinesStartedBy(
  step: CaseEvent | 'receive',
  date: LocalDate,
  terms: Terms,
  calendar: WorkingDayCalendar,
): DeadlineStart[] {
  return (STARTS[step] ?? []).map((kind) => {
    const termWd = termOf(kind, terms);
    return { kind, startDate: date, termWd, dueDate: calendar.addWorkingDays(date, termWd) };
  });
}

/** The deadline kinds that `step` completes. */
export function deadlinesMetBy(step: CaseEvent): DeadlineKind[] {
  return MEETS[step] ?? [];
}
