/** Reading a raw message's top-level header fields for the auth methods, and keeping values fit to show. */
import addressparser from 'nodemailer/lib/addressparser';

export interface HeaderField {
  /** Lower-cased. */
  name: string;
  /** Unfolded, as written. */
  value: string;
}

/** The top-level header fields in order, unfolded. Bytes are read as UTF-8 (RFC 6532 allows it). */
export function headerFields(raw: Buffer): HeaderField[] {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const fields: HeaderField[] = [];
  for (const line of (end < 0 ? text : text.slice(0, end)).split(/\r?\n/)) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) last.value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
    }
  }
  return fields;
}

/** Every value of one header field, in order (topmost first). */
export function values(fields: readonly HeaderField[], name: string): string[] {
  return fields.filter((f) => f.name === name).map((f) => f.value);
}

/**
 * The From domain, when the message has exactly one From header holding exactly `fromAddress`:
 * with two From headers a signature can cover one while a reader shows the other.
 */
export function singleFrom(fields: readonly HeaderField[], fromAddress: string): string | { problem: string } {
  const froms = values(fields, 'from');
  if (froms.length !== 1) return { problem: `message has ${froms.length} From headers` };
  const addresses = addressparser(froms[0]!, { flatten: true });
  if (addresses.length !== 1) return { problem: `From header holds ${addresses.length} addresses` };
  const address = addresses[0]!.address.toLowerCase();
  if (address !== fromAddress.trim().toLowerCase()) return { problem: 'From header does not match the parsed sender' };
  const domain = address.slice(address.lastIndexOf('@') + 1);
  if (!address.includes('@') || domain === '') return { problem: 'From address has no domain' };
  return domain;
}

/** Keep a value from the message fit for a log line or a letter: word characters and a little punctuation, capped. */
export function safe(value: string): string {
  return value.replace(/[^\w .@:=+-]/g, '?').slice(0, 80);
}
