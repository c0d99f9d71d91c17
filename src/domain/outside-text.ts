/**
 * The one rule for text that comes from outside (names, subjects, attachment file names of
 * inbound mail), applied once at ingest (src/mail-in/parse-mail.ts), so that letters, web pages
 * and the CLI all show the same harmless text; the CLI's terminal escaping builds on it.
 *
 * - Bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
 *   U+200E/U+200F marks, U+061C Arabic letter mark) become U+FFFD: "factuur\u202Efdp.exe" would
 *   otherwise show as "factuurexe.pdf", and "Eve\u202Erevilo" would swallow the address beside it.
 *   The replacement character shows that something was there; removing it silently would hide
 *   the attempt. Mail bodies keep them: there they are ordinary Arabic and Hebrew writing.
 * - A display name may not carry an address: `Mallory "Ev il" <x@evil>` would read, beside the
 *   real address, as if the mail came from x@evil. Addresses and angle brackets leave the name.
 * Pure, no I/O.
 */

/** The bidirectional formatting characters, as a class for reuse (the CLI escapes them in JSON). */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text from outside with its bidirectional controls replaced by U+FFFD. */
export function outsideText(text: string): string {
  return text.replace(BIDI_CONTROLS, '\ufffd');
}

/** A display name from outside: outsideText, without any e-mail address or angle brackets in it. */
export function outsideName(name: string): string {
  return outsideText(name)
    .replace(/<[^<>]*>/g, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/[<>]/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

const NAME_KEY = /(?:^|[a-z])(?:name|Name)$/;
const TEXT_KEY = /subject|filename/i;

/**
 * The same rule at the output boundary (letter and web page models): every `…name`/`…Name`
 * field through outsideName, every subject and file name through outsideText, at any depth. It
 * covers rows stored before the ingest-time rule, and names given by commands. Bodies keep their
 * text (see above). Returns a copy; plain data only.
 */
export function harmlessFields<T>(value: T, key = ''): T {
  if (typeof value === 'string') {
    if (NAME_KEY.test(key)) return outsideName(value) as T;
    return (TEXT_KEY.test(key) ? outsideText(value) : value) as T;
  }
  if (Array.isArray(value)) return value.map((v) => harmlessFields(v, key)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, harmlessFields(v, k)])) as T;
  }
  return value;
}
