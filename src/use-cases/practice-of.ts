/**
 * Which practice a case is of (issue 16): by the practice id it carries, else by its number's
 * prefix (a case from before issue 16 that this process has not adopted yet), else none: the case
 * is held until `#praktijk ID` assigns it. Every letter, term and owner of a case comes from here.
 */
import { practiceById, practiceByPrefix, prefixOfCaseNumber, type Practice } from '../domain/practice.js';
import type { Procedure } from '../domain/procedure.js';
import type { CaseRow } from '../store/cases-repo.js';
import type { AppContext } from './context.js';

export function practiceOfCase(ctx: Pick<AppContext, 'config'>, c: Pick<CaseRow, 'practice_id' | 'number'>): Practice | undefined {
  const set = ctx.config.practices;
  return practiceById(set, c.practice_id) ?? (c.practice_id === null && prefixOfCaseNumber(c.number) !== set.holdPrefix ? practiceByPrefix(set, prefixOfCaseNumber(c.number)) : undefined)
    ?? (set.single ? set.practices[0] : undefined);
}

export function practiceOf(ctx: AppContext, caseId: number): Practice | undefined {
  const c = ctx.store.cases.get(caseId);
  return c ? practiceOfCase(ctx, c) : undefined;
}

/**
 * The procedure whose terms run for case `c`. A held case (no practice yet) counts its
 * acknowledgement term on the first practice's procedure until it is assigned; `#praktijk` then
 * recounts every term from the date of receipt on the practice's own.
 */
export function procedureOfCase(ctx: Pick<AppContext, 'config'>, c: Pick<CaseRow, 'practice_id' | 'number'>): Procedure {
  return (practiceOfCase(ctx, c) ?? ctx.config.practices.practices[0]!).procedure;
}

/** Give the cases from before issue 16 (and of renamed practices) their practice by prefix; at start. */
export function adoptCasesByPrefix(ctx: Pick<AppContext, 'config' | 'store'>): void {
  const ps = ctx.config.practices.practices;
  const ids = ps.map((p) => p.id);
  ctx.store.tx(() => {
    for (const p of ps) ctx.store.cases.adoptByPrefix(p.id, p.casePrefix, ids);
    // The rows purged cases left take the practice too, for the jaarverslag per practice.
    ctx.store.retention.adoptStatsPractice();
  });
}
