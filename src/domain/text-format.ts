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
