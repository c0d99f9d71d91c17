/**
 * The case lifecycle of SPEC §2 as one table: for each state, which event leads where.
 * Anything not in the table is illegal and changes nothing.
 */
export const STATES = [
  'received', 'acknowledged', 'presented', 'responded', 'hearing', 'decided',
  'appealed', 'appeal-admitted', 'appeal-decided', 'closed', 'purged', 'dismissed', 'withdrawn',
] as const;
export type CaseState = (typeof STATES)[number];

export const CASE_EVENTS = [
  'acknowledge', 'present', 'respond', 'schedule-hearing', 'decide', 'appeal',
  'admit-appeal', 'reject-appeal', 'decide-appeal', 'close', 'dismiss', 'withdraw', 'purge',
] as const;
export type CaseEvent = (typeof CASE_EVENTS)[number];

/** Open states are those in which the procedure is still running (terms count). */
export const OPEN_STATES: readonly CaseState[] = [
  'received', 'acknowledged', 'presented', 'responded', 'hearing', 'decided', 'appealed', 'appeal-admitted', 'appeal-decided',
];

const withdrawable = { withdraw: 'withdrawn' } as const;

export const TRANSITIONS: Readonly<Record<CaseState, Partial<Record<CaseEvent, CaseState>>>> = {
  received: { acknowledge: 'acknowledged', dismiss: 'dismissed', ...withdrawable },
  acknowledged: { present: 'presented', decide: 'decided', dismiss: 'dismissed', ...withdrawable },
  presented: { respond: 'responded', 'schedule-hearing': 'hearing', decide: 'decided', ...withdrawable },
  responded: { 'schedule-hearing': 'hearing', decide: 'decided', ...withdrawable },
  hearing: { 'schedule-hearing': 'hearing', decide: 'decided', ...withdrawable },
  decided: { appeal: 'appealed', close: 'closed' },
  // Art. 13: an appeal is admitted (then reconsidered and ruled on anew, `decide-appeal`) or not
  // admitted (`reject-appeal`, with reasons); either way the appeal is then decided.
  appealed: { 'admit-appeal': 'appeal-admitted', 'reject-appeal': 'appeal-decided', ...withdrawable },
  'appeal-admitted': { 'decide-appeal': 'appeal-decided', ...withdrawable },
  'appeal-decided': { close: 'closed' },
  dismissed: { close: 'closed' },
  withdrawn: { close: 'closed' },
  closed: { purge: 'purged' },
  purged: {},
};

export type TransitionResult =
  | { ok: true; from: CaseState; to: CaseState }
  | { ok: false; from: CaseState; event: CaseEvent; allowed: CaseEvent[] };

/** Where `event` takes a case in `state`, or why it cannot. */
export function transition(state: CaseState, event: CaseEvent): TransitionResult {
  const to = TRANSITIONS[state][event];
  if (to) return { ok: true, from: state, to };
  return { ok: false, from: state, event, allowed: allowedEvents(state) };
}

export function allowedEvents(state: CaseState): CaseEvent[] {
  return Object.keys(TRANSITIONS[state]) as CaseEvent[];
}

export function isOpen(state: CaseState): boolean {
  return OPEN_STATES.includes(state);
}
