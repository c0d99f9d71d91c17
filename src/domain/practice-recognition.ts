/**
 * Which practice a new complaint is for (issue 16), told from where it arrived: the intake folder
 * it was taken from, then the addresses it was sent to. Pure. When the mail points at no
 * practice, or at more than one, the answer is "not known" and the case is held until the
 * commissioner says `#praktijk ID`: a complaint is never given to a practice on a guess, because
 * every letter of the case would then carry the wrong practice's name, procedure and owner.
 */
import type { InboundMail } from './inbound-mail.js';
import type { Practice, PracticeSet } from './practice.js';

export type Recognition =
  | { practice: Practice; by: 'single' | 'folder' | 'address' | 'plus-tag' }
  /** `candidates`: the ids of the practices it pointed at (empty for 'none'). */
  | { practice: null; reason: 'none' | 'ambiguous'; candidates: string[] };

export interface RecognitionInput {
  mail: Pick<InboundMail, 'to' | 'cc' | 'headers'>;
  /** The IMAP folder it was taken from; null when not taken from a folder (reprocess, #nieuw, tests). */
  folder: string | null;
  /** The desk's own addresses (its mailbox, MAIL_FROM, hers): plus-tags count on these only. */
  ownAddresses: readonly string[];
}

/** The headers in which a server names the envelope recipient; To and Cc come from the mail's own fields. */
const DELIVERY_HEADERS = ['delivered-to', 'x-original-to', 'envelope-to'] as const;

const ADDRESS = /[^\s<>,;:"()[\]]+@[^\s<>,;:"()[\]]+/g;

/**
 * Every recipient address of the mail, lower case: To, Cc, and the delivery headers (a server
 * writes Delivered-To, X-Original-To or Envelope-To, which also catch a Bcc and an alias).
 */
export function recipientAddresses(mail: RecognitionInput['mail']): string[] {
  const out = new Set<string>();
  for (const a of [...mail.to, ...mail.cc]) if (a.address) out.add(a.address.toLowerCase());
  for (const h of DELIVERY_HEADERS) {
    for (const value of mail.headers[h] ?? []) for (const m of value.matchAll(ADDRESS)) out.add(m[0].toLowerCase());
  }
  return [...out];
}

/** `lux` of `maja+lux@praktijk.nl` when `maja@praktijk.nl` is one of `own`; else null. */
function plusTagOf(address: string, own: ReadonlySet<string>): string | null {
  const m = /^([^+@]+)\+([^@]+)@(.+)$/.exec(address);
  return m && own.has(`${m[1]}@${m[3]}`) ? m[2]! : null;
}

function oneOf(matched: Practice[], by: 'folder' | 'address' | 'plus-tag'): Recognition | null {
  const ids = [...new Set(matched.map((p) => p.id))];
  if (ids.length === 0) return null;
  if (ids.length > 1) return { practice: null, reason: 'ambiguous', candidates: ids.sort() };
  return { practice: matched[0]!, by };
}

/**
 * The practice of a new complaint. A desk of one practice always gives that one. Otherwise an
 * intake folder of a practice wins (a person or a server rule put it there on purpose); else
 * the addresses it was sent to, as a practice's address or alias or as a plus-address with one
 * of its tags on the desk's own address. Addresses and plus-tags are weighed together: if they
 * name two practices the mail was sent to both, and that is for her to decide.
 */
export function recognisePractice(set: PracticeSet, input: RecognitionInput): Recognition {
  if (set.single || set.practices.length === 1) return { practice: set.practices[0]!, by: 'single' };
  if (input.folder !== null) {
    const folder = input.folder;
    const byFolder = oneOf(set.practices.filter((p) => p.recognise.folders.includes(folder)), 'folder');
    if (byFolder) return byFolder;
  }
  const recipients = recipientAddresses(input.mail);
  const own = new Set(input.ownAddresses.map((a) => a.toLowerCase()));
  const tags = recipients.map((a) => plusTagOf(a, own)).filter((t): t is string => t !== null).map((t) => t.toLowerCase());
  const byAddress = set.practices.filter((p) => p.recognise.addresses.some((a) => recipients.includes(a.toLowerCase())));
  const byTag = set.practices.filter((p) => p.recognise.plusTags.some((t) => tags.includes(t.toLowerCase())));
  const both = oneOf([...byAddress, ...byTag], byAddress.length > 0 ? 'address' : 'plus-tag');
  return both ?? { practice: null, reason: 'none', candidates: [] };
}
