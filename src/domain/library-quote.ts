/**
 * A second opinion on where the quote starts, from crisp's `email-reply-parser` (maintained,
 * used on about a million mails a day, knows many languages' attributions). Our own rules in
 * quoted-text.ts come first; this catches shapes they do not know yet. Pure: the library only
 * runs regular expressions.
 */
import EmailReplyParser from 'email-reply-parser';

/** The library's expressions span lines; past this size we rely on our own rules alone. */
const MAX_CHARS = 50_000;

/**
 * Index in `lines` of the first line the library calls quoted, or `lines.length`.
 *
 * Its verdict counts only when the quoted part starts at one of our own lines as written and that
 * line holds a date or an address: the library joins lines it takes for a wrapped header, and on
 * prose ("Op de hoorzitting …" down to "… schreef:") that join would cut a ruling's grounds short.
 */
export function libraryQuoteStart(lines: readonly string[]): number {
  const text = lines.join('\n');
  if (text.length > MAX_CHARS) return lines.length;
  let visibleLines = 0;
  for (const fragment of new EmailReplyParser().read(text).getFragments()) {
    const content = fragment.getContent().split('\n');
    if (!fragment.isQuoted() || fragment.isSignature()) {
      visibleLines += content.filter((l) => l.trim() !== '').length;
      continue;
    }
    const first = content.find((l) => l.trim() !== '')?.trim() ?? '';
    return /[\d@]/.test(first) ? lineOf(lines, first, visibleLines) : lines.length;
  }
  return lines.length;
}

/** The line that reads `first` after skipping `skip` non-blank lines; `lines.length` when there is none. */
function lineOf(lines: readonly string[], first: string, skip: number): number {
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    if (seen >= skip && line === first) return i;
    seen++;
  }
  return lines.length;
}
