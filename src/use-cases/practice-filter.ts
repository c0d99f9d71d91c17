/**
 * Which cases a view of one practice shows (issue 16): `cases list --practice ID`, the web's
 * `?practice=ID`, `#overzicht ID`, the metrics label and the jaarverslag all name a practice by
 * its id, and the held cases (no practice yet) by `none`. One place, so they agree.
 */
import { practiceById, type Practice, type PracticeSet } from '../domain/practice.js';

/** The id that stands for the cases held under no practice (the metrics label, `--practice none`). */
export const NO_PRACTICE = 'none';

/** What a practice id selects: undefined when the desk has no such practice (the caller refuses). */
export type PracticeChoice = { practiceIds: (string | null)[] | undefined; practice: Practice | null };

/**
 * The cases of practice `id`; every case without `id`. On a single-practice desk its one id (any
 * case, even one from before issue 16 not yet adopted) selects every case.
 */
export function choosePractice(set: PracticeSet, id: string | undefined): PracticeChoice | undefined {
  if (id === undefined || id === '') return { practiceIds: undefined, practice: null };
  const wanted = id.trim().toLowerCase();
  if (wanted === NO_PRACTICE && !set.single) return { practiceIds: [null], practice: null };
  const p = practiceById(set, wanted);
  if (!p) return undefined;
  return { practiceIds: set.single ? undefined : [p.id], practice: p };
}

/** The ids a refusal lists: `lux, wkkgz` (and `none` on a desk with several practices). */
export function practiceIdList(set: PracticeSet): string {
  return [...set.practices.map((p) => p.id), ...(set.single ? [] : [NO_PRACTICE])].join(', ');
}

/** The label of a case's practice in counts (the metrics): its id, or `none` while it is held. */
export const practiceLabel = (practiceId: string | null): string => practiceId ?? NO_PRACTICE;
