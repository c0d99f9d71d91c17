/**
 * Where the commissioner's own words end in a reply (SPEC §6). Everything from the first quote
 * marker on is someone else's text — often the klager's complaint quoted back — and a `#word` in
 * it must never be taken as a command. Pure, no I/O.
 *
 * The markers are those that the common clients write in their plain-text part: `>` lines
 * (Gmail, Thunderbird, Apple Mail), attribution lines ("Op … schreef …:", "On … wrote:",
 * "Am … schrieb …:", Apple's "… het volgende geschreven:"), separator lines (Outlook's
 * "-----Original Message-----", Thunderbird's "-------- Original Message --------", Gmail's
 * "---------- Forwarded message ---------", Outlook Web's row of underscores), Outlook's header
 * block ("Van: / Verzonden: / Aan: / Onderwerp:"), "Begin forwarded message:" and the signature
 * separator "-- ". When in doubt we cut: text lost to a cut can be resent, a command read from a
 * quote cannot be undone.
 */

/** `>` quoting, possibly indented (some clients indent the quote block). */
const QUOTE_PREFIX = /^\s*>/;

/** RFC 3676 signature separator; many clients strip the trailing space, so "--" alone counts too. */
const SIGNATURE = /^--\s*$/;

/** "-----Original Message-----" and friends, with any run of two or more dashes either side. */
const SEPARATOR =
  /^\s*-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht|ursprüngliche nachricht|forwarded message|doorgestuurd bericht|weitergeleitete nachricht|message d'origine)\s*-{2,}\s*$/i;

/** Outlook Web / new Outlook put a row of underscores above the quoted header block; alone, it is a divider. */
const UNDERSCORES = /^\s*_{10,}\s*$/;

/** Apple Mail's forward marker, English and Dutch. */
const FORWARD_BEGIN = /^\s*(begin forwarded message|begin doorgestuurd bericht|anfang der weitergeleiteten nachricht)\s*:\s*$/i;

/** Start of an attribution line: "Op …", "On …", "Am …", "Le …" (Thunderbird, Gmail, Apple). */
const ATTRIBUTION_START = /^\s*(op|on|am|le|el)\s/i;
/** …and its end, which Gmail may wrap onto the next line: "schreef …:", "wrote:", "het volgende geschreven:". */
const ATTRIBUTION_END = /\b(schreef|wrote|schrieb|geschreven|a écrit|escribió)\b[^\n]*:\s*$/i;

/** First line of a quoted header block: "Van: …" / "From: …", possibly bold ("*From:*"). */
const HEADER_FROM = /^\s*\*{0,2}(van|from|von|de)\s*:/i;
/** A second header line that confirms the block (a prose line may start with "Van:" by chance). */
const HEADER_NEXT = /^\s*\*{0,2}(verzonden|sent|gesendet|envoyé|datum|date|aan|to|an|onderwerp|subject|betreff|cc)\s*:/i;

/** Lines below "Van:" in which the rest of a header block must show (Outlook adds Cc: and Bcc: lines). */
const HEADER_LOOKAHEAD = 5;

/** Normalise line ends and drop the invisible characters that HTML-to-text conversion leaves behind. */
export function bodyLines(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[\u200b\u200c\u200d\u2060\ufeff]/g, ''));
}

/** Index of the first line that starts quoted text (or a signature), or `lines.length` when none. */
export function quoteStart(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (QUOTE_PREFIX.test(line) || SIGNATURE.test(line) || SEPARATOR.test(line) || FORWARD_BEGIN.test(line)) return i;
    if (UNDERSCORES.test(line) && isHeaderBlock(lines, nextNonBlank(lines, i + 1))) return i;
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
 * "Op ma 5 jan 2026 om 10:12 schreef Klachten <klachten@example.nl>:" — possibly wrapped over two
 * lines. Grounds of a ruling may well hold a sentence like "Op 5 januari schreef de klager:", and
 * cutting there would silently shorten them, so a line only counts as an attribution when it also
 * carries a date (a digit) and either an address or the `>` quote right below it — which every
 * client that writes attributions puts there (mailparser turns an HTML blockquote into `>` too).
 */
function isAttribution(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (!ATTRIBUTION_START.test(line)) return false;
  for (const span of [1, 2]) {
    const text = lines.slice(i, i + span).join(' ');
    if (!ATTRIBUTION_END.test(text) || !/\d/.test(text)) continue;
    const below = lines[nextNonBlank(lines, i + span)] ?? '';
    if (text.includes('@') || QUOTE_PREFIX.test(below)) return true;
  }
  return false;
}

/**
 * "Van: …" followed within a few lines by two more header lines ("Verzonden:", "Aan:",
 * "Onderwerp:"…). Two, because a ruling may quote a letter's "Van:" and "Aan:" in its grounds.
 */
function isHeaderBlock(lines: readonly string[], i: number): boolean {
  if (!HEADER_FROM.test(lines[i] ?? '')) return false;
  const seen = new Set<string>();
  for (let j = i + 1; j < lines.length && j <= i + HEADER_LOOKAHEAD; j++) {
    const m = HEADER_NEXT.exec(lines[j] ?? '');
    if (m) seen.add((m[1] ?? '').toLowerCase());
  }
  return seen.size >= 2;
}

/** Index of the first non-blank line at or after `i` (or `lines.length`). */
function nextNonBlank(lines: readonly string[], i: number): number {
  let j = i;
  while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
  return j;
}
