/**
 * Where the commissioner's own words end in a reply (SPEC §6). Everything from the first quote
 * marker on is someone else's text — often the klager's complaint quoted back — and a `#word` in
 * it must never be taken as a command. Pure, no I/O.
 *
 * The markers are those that the common clients write in their plain-text part (or that
 * mailparser writes for an HTML-only mail: `<blockquote>` becomes `>` lines, `<hr>` a row of
 * dashes): `>` lines; attribution lines in many languages ("Op … schreef …:", "On … wrote",
 * "Il … ha scritto:", "… kirjoitti:", "… "Name" <addr>:"); separator lines ("-----Original
 * Message-----" and its translations, Outlook Web's row of underscores above a header block);
 * a quoted header block in any order and language ("Van: / Verzonden: / Aan: / Onderwerp:",
 * "Date: / Subject: / From: / To:", "De : / Envoyé : / À : / Objet :"…); forward markers; the
 * signature separator "-- ". Then crisp's email-reply-parser gives a second opinion
 * (library-quote.ts). When in doubt we cut: text lost to a cut can be resent, a command read from
 * a quote cannot be undone. commands.ts adds a rule that needs no marker at all.
 */
import { libraryQuoteStart } from './library-quote.js';
import { ATTRIBUTION_VERBS, FORWARD_TITLES, HEADER_LABELS, SEPARATOR_TITLES, type HeaderKind } from './quote-markers.js';

/** `>` quoting, possibly indented (some clients indent the quote block). */
const QUOTE_PREFIX = /^\s*>/;

/** RFC 3676 signature separator; many clients strip the trailing space, so "--" alone counts too. */
const SIGNATURE = /^--\s*$/;

/** Words as a regular-expression alternation, longest first so "het volgende geschreven" wins over "geschreven". */
const alternatives = (words: readonly string[]): string =>
  [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|');

/** "-----Original Message-----" and friends, with any run of two or more dashes either side. */
const SEPARATOR = new RegExp(`^\\s*-{2,}\\s*(${alternatives(SEPARATOR_TITLES)})\\s*-{2,}\\s*$`, 'iu');

/** A divider on its own: Outlook Web's underscores, or an HTML `<hr>` as mailparser renders it. Alone it is prose. */
const DIVIDER = /^\s*([_\-=—]\s*){10,}$/;

const FORWARD_BEGIN = new RegExp(`^\\s*(${alternatives(FORWARD_TITLES)})\\s*:?\\s*$`, 'iu');

/** A header line: an optional bold mark, a label of HEADER_LABELS, a colon (French writes a space before it). */
const HEADER_LINE = new RegExp(
  `^\\s*[*_]{0,2}(${alternatives(Object.values(HEADER_LABELS).flat())})[*_]{0,2}\\s*[:：]`,
  'iu',
);
const KIND_OF = new Map<string, HeaderKind>(
  (Object.entries(HEADER_LABELS) as [HeaderKind, readonly string[]][]).flatMap(([kind, labels]) => labels.map((l): [string, HeaderKind] => [l, kind])),
);

/** "… wrote:", "… wrote", "… a écrit :", possibly between Zoho's dashes; the verb ends the line. */
const VERB_AT_END = new RegExp(`(^|[\\s,])(${alternatives(ATTRIBUTION_VERBS)})\\s*[:：]?$`, 'iu');
/** "Op … schreef Naam <adres>:", "Den … skrev Navn:": the verb inside, a colon at the end. */
const VERB_INSIDE = new RegExp(`(^|\\s)(${alternatives(ATTRIBUTION_VERBS)})\\s.*[:：]$`, 'iu');
/** A time of day, as attributions give it: 10:12, 9.30. */
const TIME = /\b\d{1,2}[:.]\d{2}\b/;
/** Yandex, Mail.ru and Russian Gmail: `26.11.2013, 10:12, "Name" <addr>:` — the address ends the line. */
const ADDRESS_AT_END = /[<[(]?(mailto:)?[^\s<>[\]()@]+@[^\s<>[\]()@]+[>\])]?\s*[:：]$/i;

/** Lines below a header line in which the rest of the block must show (Outlook adds Cc: and Bcc: lines). */
const HEADER_LOOKAHEAD = 6;

/** Normalise line ends and drop the invisible characters that HTML-to-text conversion leaves behind. */
export function bodyLines(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\u200b\u200c\u200d\u2060\ufeff]/g, ''));
}

/** Index of the first line that starts quoted text (or a signature), or `lines.length` when none. */
export function quoteStart(lines: readonly string[]): number {
  return Math.min(ownQuoteStart(lines), libraryQuoteStart(lines));
}

function ownQuoteStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (QUOTE_PREFIX.test(line) || SIGNATURE.test(line) || SEPARATOR.test(line) || FORWARD_BEGIN.test(line)) return i;
    if (DIVIDER.test(line) && isHeaderBlock(lines, nextNonBlank(lines, i + 1))) return i;
    if (isAttribution(lines, i) || isHeaderBlock(lines, i)) return i;
  }
  return lines.length;
}

/**
 * The part of a reply body before any quoted text, with trailing blank lines removed.
 * Line ends become `\n`.
 */
export function stripQuoted(body: string): string {
  const lines = bodyLines(body);
  return lines
    .slice(0, quoteStart(lines))
    .join('\n')
    .replace(/\s+$/, '');
}

/**
 * An attribution line, possibly wrapped over two lines, always with a date (a digit) in it:
 * - the verb ends it ("On Nov 26, 2013 you wrote:", "… wrote" without colon, Zoho's
 *   "---- On … wrote ----", "Il … ha scritto:", "… kirjoitti:", "… пишет:");
 * - or an address ends it (`26.11.2013, 10:12, "Name" <addr>:`);
 * - or the verb is inside and a colon ends it ("Op … schreef Naam:"): grounds of a ruling may hold
 *   "Op 5 januari 2026 schreef de klager:", so this shape also needs a time, an address or the `>`
 *   quote right below it, as every client that writes it puts there.
 */
function isAttribution(lines: readonly string[], i: number, spans: readonly number[] = [1, 2]): boolean {
  for (const span of spans) {
    // A wrapped attribution starts with its date; and the cut belongs on the second line if that one is an attribution itself.
    if (span === 2 && ((lines[i + 1] ?? '').trim() === '' || !/\d/.test(lines[i] ?? '') || isAttribution(lines, i + 1, [1]))) break;
    const text = lines.slice(i, i + span).join(' ').trim().replace(/^-{2,}\s*/, '').replace(/\s*-{2,}$/, '');
    if (!/\d/.test(text) || text.length > 300) continue;
    if (VERB_AT_END.test(text) || ADDRESS_AT_END.test(text)) return true;
    if (!VERB_INSIDE.test(text)) continue;
    const below = lines[nextNonBlank(lines, i + span)] ?? '';
    if (text.includes('@') || TIME.test(text) || QUOTE_PREFIX.test(below)) return true;
  }
  return false;
}

/**
 * A quoted header block: a header line followed within a few lines by others, together naming at
 * least three kinds (from, date, to, subject, cc), one of them the sender. Any order: Outlook.com
 * starts with "Date:", French webmail with "Message du :". Three, because a ruling may quote a
 * letter's "Van:" and "Aan:" in its grounds.
 */
function isHeaderBlock(lines: readonly string[], i: number): boolean {
  const first = headerKind(lines[i] ?? '');
  if (!first) return false;
  const seen = new Set<HeaderKind>([first]);
  for (let j = i + 1; j < lines.length && j <= i + HEADER_LOOKAHEAD; j++) {
    const kind = headerKind(lines[j] ?? '');
    if (kind) seen.add(kind);
  }
  return seen.size >= 3 && seen.has('from');
}

function headerKind(line: string): HeaderKind | null {
  const m = HEADER_LINE.exec(line);
  return m ? (KIND_OF.get((m[1] ?? '').toLowerCase()) ?? null) : null;
}

/** Index of the first non-blank line at or after `i` (or `lines.length`). */
function nextNonBlank(lines: readonly string[], i: number): number {
  let j = i;
  while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
  return j;
}
