/**
 * A practice's procedure (issue 16): which terms, in which unit, from which step, with which
 * extension rules. Two presets are built in, `lux` (the seed's own procedure) and `wkkgz` (Dutch
 * care providers, Wkkgz art. 17); a practice takes one and may override any part. Pure.
 */
import type { DeadlineKind } from './deadlines.js';

export type TermUnit = 'working-days' | 'weeks';

export interface TermRule {
  length: number;
  unit: TermUnit;
}

export type ProcedurePreset = 'lux' | 'wkkgz';

/** How far a term may be extended (`#verleng`), and on what condition. */
export interface ExtensionRule {
  /** How often the handling term may be extended on the practice's own say; null: no limit. */
  maxTimes: number | null;
  /** The most all those extensions together may add; null: no limit (beyond #verleng's own range). */
  maxTotal: TermRule | null;
  /** Only before the term has ended (Wkkgz art. 17 lid 2: "voor de afloop van de eerste termijn"). */
  beforeDue: boolean;
  /** Beyond maxTimes/maxTotal only with the klager's written consent (`#verleng … instemming`). */
  beyondWithConsent: boolean;
  /** The klager is told the reasons in writing (Wkkgz art. 17 lid 2: "met redenen omkleed"), so #verleng needs one. */
  reasonRequired?: boolean;
}

export interface Procedure {
  /** The preset it starts from: also the set of letters (and the articles they cite) it uses. */
  preset: ProcedurePreset;
  terms: {
    ack: TermRule;
    present: TermRule;
    response: TermRule;
    handle: TermRule;
    /** Null: the procedure has no internal appeal (Wkkgz: the klager goes to the geschilleninstantie). */
    appeal: TermRule | null;
    appealHandle: TermRule;
  };
  /** Where the handling term counts from: the acknowledgement (seed art. 12) or the receipt (Wkkgz art. 17 lid 1). */
  handleFrom: 'acknowledgement' | 'receipt';
  extension: ExtensionRule;
}

const wd = (length: number): TermRule => ({ length, unit: 'working-days' });
const weeks = (length: number): TermRule => ({ length, unit: 'weeks' });

/** The seed's procedure (klachtenprocedure Praktijk LUX): every term in working days. */
export const LUX: Procedure = {
  preset: 'lux',
  terms: { ack: wd(10), present: wd(10), response: wd(10), handle: wd(30), appeal: wd(20), appealHandle: wd(30) },
  handleFrom: 'acknowledgement',
  extension: { maxTimes: null, maxTotal: null, beforeDue: false, beyondWithConsent: false },
};

/**
 * Wkkgz art. 17: the complaint is handled within six weeks of its receipt (lid 1), extendable once
 * by at most four weeks with written notice and reasons before the first term ends (lid 2), and
 * beyond that only with the klager's consent. The acknowledgement, presenting and response terms
 * are the desk's own working steps (the law sets none), as in the seed.
 */
export const WKKGZ: Procedure = {
  preset: 'wkkgz',
  terms: { ack: wd(10), present: wd(10), response: wd(10), handle: weeks(6), appeal: null, appealHandle: wd(30) },
  handleFrom: 'receipt',
  extension: { maxTimes: 1, maxTotal: weeks(4), beforeDue: true, beyondWithConsent: true, reasonRequired: true },
};

export const PRESETS: Readonly<Record<ProcedurePreset, Procedure>> = { lux: LUX, wkkgz: WKKGZ };

/** The term rule of a deadline kind; null when the procedure has no such step (no appeal). */
export function termRuleOf(kind: DeadlineKind, p: Procedure): TermRule | null {
  switch (kind) {
    case 'ack': return p.terms.ack;
    case 'present': return p.terms.present;
    case 'response': return p.terms.response;
    case 'handle': return p.terms.handle;
    case 'appeal': return p.terms.appeal;
    case 'appeal-handle': return p.terms.appealHandle;
  }
}

/**
 * The procedure of the environment keys (TERM_*_WD): the seed's, with those lengths. This is what
 * a desk without PRACTICES_FILE runs, exactly as before issue 16.
 */
export function luxWithTerms(t: { ackWd: number; presentWd: number; responseWd: number; handleWd: number; appealWd: number; appealHandleWd: number }): Procedure {
  return {
    ...LUX,
    terms: {
      ack: wd(t.ackWd), present: wd(t.presentWd), response: wd(t.responseWd),
      handle: wd(t.handleWd), appeal: wd(t.appealWd), appealHandle: wd(t.appealHandleWd),
    },
  };
}
