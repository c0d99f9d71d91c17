/** Pure text helpers shared by letters, use-cases, the CLI and reports: dates in the reader's language, one-line names. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "maandag 5 januari 2026" / "Monday, 5 January 2026" for a local date YYYY-MM-DD. */
export function formatLocalDate(d: string, lang: 'nl' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return d;
  let f = formatters.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
    });
    formatters.set(lang, f);
  }
  return f.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12)));
}

/** Replace CR, LF, tabs and other control characters by a space: for names and subjects. */
export function oneLine(s: string | null | undefined): string {
  return (s ?? '').replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
}

/** The unit of a stored term: working days (every term before issue 16) or weeks (Wkkgz art. 17). */
export type TermUnitCode = 'wd' | 'weeks';

const NUMBER_WORDS: Record<'nl' | 'en', readonly string[]> = {
  nl: ['nul', 'één', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'elf', 'twaalf'],
  en: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
};

/** "zes" / "six" up to twelve, as a letter writes a small number in prose; digits above. */
export function numberWord(n: number, lang: 'nl' | 'en'): string {
  return NUMBER_WORDS[lang][n] ?? String(n);
}

/**
 * A term's length as the reader says it: "10 werkdagen", "6 weken", "1 working day", "6 weeks";
 * `words` writes small numbers out ("zes weken"). `short` is the CLI's "10 wd" / "6 wk".
 */
export function termLength(n: number, unit: TermUnitCode | 'working-days' | null | undefined, lang: 'nl' | 'en', style: 'plain' | 'words' | 'short' = 'plain'): string {
  const weeks = unit === 'weeks';
  if (style === 'short') return `${n} ${weeks ? 'wk' : 'wd'}`;
  const count = style === 'words' ? numberWord(n, lang) : String(n);
  const one = n === 1;
  const noun = lang === 'nl'
    ? (weeks ? (one ? 'week' : 'weken') : (one ? 'werkdag' : 'werkdagen'))
    : (weeks ? (one ? 'week' : 'weeks') : (one ? 'working day' : 'working days'));
  return `${count} ${noun}`;
}
