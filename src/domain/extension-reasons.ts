/**
 * Why terms moved (#verleng, #afwezig), as the annual report may keep it (issue 14 §5): one
 * category from a fixed list the practice configures (EXTENSION_REASONS), never the words she
 * wrote. `#verleng 2 ziekte van Jan Jansen 0612345678` is the category `ziekte`; the rest stays in
 * the case file (and goes with it at the purge), so no name or number reaches the statistics row
 * that outlives the case. Pure.
 */

/** How many working days one `#verleng` may add: one range for the parser, `#help`, the use-case and the README. */
export const EXTENSION_WD = { min: 1, max: 60 } as const;

/** How many weeks one `#verleng N weken` may add (a legal term in weeks, Wkkgz art. 17; a typo should not park a case). */
export const EXTENSION_WEEKS = { min: 1, max: 12 } as const;

export const DEFAULT_REASON_CATEGORIES: readonly string[] = ['ziekte', 'vakantie', 'deskundige', 'overig'];

/** The category of a move without a reason, and of every stored reason from before categories. */
export const FALLBACK_CATEGORY = 'overig';

/** English words for the default categories, so `#extend 5 illness` reads as she meant it. */
const ALIASES: Readonly<Record<string, string>> = {
  illness: 'ziekte', sickness: 'ziekte', sick: 'ziekte', ziek: 'ziekte',
  holiday: 'vakantie', holidays: 'vakantie', vacation: 'vakantie', leave: 'vakantie',
  expert: 'deskundige', other: 'overig', anders: 'overig',
  // The Wkkgz's own ground for an extension (art. 17 lid 2: "zorgvuldig onderzoek van de klacht").
  onderzoek: 'overig', investigation: 'overig',
};

/** Words people put before the reason: "wegens ziekte", "i.v.m. vakantie", "because of illness". */
const LEAD_IN = /^(?:(?:wegens|vanwege|door|om|i\.?v\.?m\.?|reden|because(?:\s+of)?|due\s+to|reason|for)(?=[\s:,-]|$)[\s:,-]*)+/i;

export interface SplitReason {
  category: string;
  /** What she wrote after the category (may name people): the case file only. */
  note: string;
}

export interface ReasonProblem {
  problem: string;
  problemEn: string;
}

/**
 * The category at the start of `text`, and the rest. No text: FALLBACK_CATEGORY. A first word that
 * is no category is a problem, listed with the categories: the command changes nothing then, rather
 * than guessing (a guess would put her words in the report, or hide a typo in `overig`).
 */
export function splitReason(text: string | null, categories: readonly string[]): SplitReason | ReasonProblem {
  const rest = (text ?? '').trim().replace(LEAD_IN, '');
  if (rest === '') return { category: FALLBACK_CATEGORY, note: '' };
  const m = /^([^\s,.:;()]*)[\s,.:;()-]*([\s\S]*)$/u.exec(rest)!;
  const word = (m[1] ?? '').toLowerCase();
  const category = categories.includes(word) ? word : ALIASES[word] !== undefined && categories.includes(ALIASES[word]) ? ALIASES[word] : null;
  if (category === null) {
    const list = categories.join(', ');
    const shown = word.length > 30 ? `${word.slice(0, 27)}...` : word;
    return {
      problem: `de reden begint met een van deze categorieën: ${list} (daarna mag een toelichting), niet met "${shown}"`,
      problemEn: `the reason starts with one of these categories: ${list} (an explanation may follow), not with "${shown}"`,
    };
  }
  return { category, note: m[2]!.trim() };
}

/**
 * Whether `text` gives the Wkkgz's own ground, "zorgvuldig onderzoek van de klacht" (art. 17 lid 2),
 * by its word `onderzoek`/`investigation`: the letter then states the ground in the law's words
 * rather than the bare word she typed.
 */
export function isInvestigationGround(text: string | null): boolean {
  const rest = (text ?? '').trim().replace(LEAD_IN, '');
  const word = (/^([^\s,.:;()]*)/u.exec(rest)?.[1] ?? '').toLowerCase();
  return word === 'onderzoek' || word === 'investigation';
}

export function isReasonProblem(x: SplitReason | ReasonProblem): x is ReasonProblem {
  return 'problem' in x;
}
