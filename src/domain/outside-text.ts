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
