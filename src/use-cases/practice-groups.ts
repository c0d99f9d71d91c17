/**
 * The commissioner's lists grouped by practice (issue 16): the daily digest and the overview
 * (weekly, #overzicht) put each practice's cases under a heading with its name and id, in the
 * order of the practices file, and the cases held under no practice in a group of their own last.
 * A single-practice desk has no groups: its letters look as they did before.
 */
import { oneLine } from '../domain/text-format.js';
import type { CaseRow } from '../store/cases-repo.js';
import type { AppContext } from './context.js';
import { practiceOfCase } from './practice-of.js';

export interface PracticeGroup<T> {
  /** The practice's id; '' for the held cases. */
  id: string;
  name: string;
  /** The group of cases whose practice is not known yet ("Nog geen praktijk"). */
  noPractice: boolean;
  items: T[];
}

/** Whether the desk's letters group by practice: only with several practices. */
export const groupsByPractice = (ctx: Pick<AppContext, 'config'>): boolean => !ctx.config.practices.single;

/**
 * `items` by the practice of their case (`caseOf`), keeping their order within each group. Empty
 * groups are left out.
 */
export function groupByPractice<T>(ctx: Pick<AppContext, 'config'>, items: readonly T[], caseOf: (t: T) => Pick<CaseRow, 'practice_id' | 'number'>): PracticeGroup<T>[] {
  const groups = new Map<string, PracticeGroup<T>>();
  for (const p of ctx.config.practices.practices) groups.set(p.id, { id: p.id, name: oneLine(p.name), noPractice: false, items: [] });
  const none: PracticeGroup<T> = { id: '', name: '', noPractice: true, items: [] };
  for (const t of items) {
    const p = practiceOfCase(ctx, caseOf(t));
    (p ? groups.get(p.id)! : none).items.push(t);
  }
  return [...groups.values(), none].filter((g) => g.items.length > 0);
}
