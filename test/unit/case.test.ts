import { expect } from 'chai';
import { CASE_EVENTS, STATES, TRANSITIONS, transition, type CaseEvent, type CaseState } from '../../src/domain/case.js';

/** The expected table, written out independently of src/domain/case.ts: state → event → next state. */
const EXPECTED: Record<CaseState, Partial<Record<CaseEvent, CaseState>>> = {
  received: { acknowledge: 'acknowledged', dismiss: 'dismissed', withdraw: 'withdrawn' },
  acknowledged: { present: 'presented', decide: 'decided', dismiss: 'dismissed', withdraw: 'withdrawn' },
  presented: { respond: 'responded', 'schedule-hearing': 'hearing', decide: 'decided', withdraw: 'withdrawn' },
  responded: { 'schedule-hearing': 'hearing', decide: 'decided', withdraw: 'withdrawn' },
  hearing: { 'schedule-hearing': 'hearing', decide: 'decided', withdraw: 'withdrawn' },
  decided: { appeal: 'appealed', close: 'closed' },
  appealed: { 'admit-appeal': 'appeal-admitted', 'reject-appeal': 'appeal-decided', withdraw: 'withdrawn' },
  'appeal-admitted': { 'decide-appeal': 'appeal-decided', withdraw: 'withdrawn' },
  'appeal-decided': { close: 'closed' },
  dismissed: { close: 'closed' },
  withdrawn: { close: 'closed' },
  closed: { purge: 'purged' },
  purged: {},
};

describe('case lifecycle: every state × every event', () => {
  for (const state of STATES) {
    for (const event of CASE_EVENTS) {
      const to = EXPECTED[state][event];
      it(`${state} + ${event} → ${to ?? 'refused'}`, () => {
        const r = transition(state, event);
        if (to) {
          expect(r).to.deep.equal({ ok: true, from: state, to });
        } else {
          expect(r.ok).to.equal(false);
          if (!r.ok) expect(r.allowed).to.have.members(Object.keys(EXPECTED[state]));
        }
      });
    }
  }
  it('the table has a row for every state and no unknown event', () => {
    expect(Object.keys(TRANSITIONS)).to.have.members([...STATES]);
    for (const row of Object.values(TRANSITIONS)) for (const e of Object.keys(row)) expect(CASE_EVENTS).to.include(e);
  });
  it('nothing leaves purged, and every state but purged can eventually be purged', () => {
    const reach = (s: CaseState, seen = new Set<CaseState>()): Set<CaseState> => {
      if (seen.has(s)) return seen;
      seen.add(s);
      for (const next of Object.values(TRANSITIONS[s])) reach(next as CaseState, seen);
      return seen;
    };
    for (const s of STATES) expect(reach(s).has('purged'), s).to.equal(true);
  });
});
