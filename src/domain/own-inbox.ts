/**
 * Own mode (issue 12): which mail in the commissioner's own INBOX belongs to the desk. Everything
 * else there is her own business and must stay exactly as it was: not taken, not stored. Pure:
 * the caller resolves the lookups. New complaints are never taken from INBOX (only from the intake
 * folder); `looksLikeComplaint` only feeds the digest's safety net.
 */
import type { InboundMail } from './inbound-mail.js';

export interface OwnInboxFacts {
  /** The mail is one of our own letters (signed Message-ID or our X-Loop): our notice to her stays put. */
  isOurLetter: boolean;
  /** It refers (In-Reply-To/References) to one of our letters, validly signed. */
  refersToOurLetter: boolean;
  /** The case its subject tag names, with the parties' addresses; null without a known tag. */
  taggedCaseParties: readonly string[] | null;
  /** From a COMMISSIONER_EMAILS address. */
  fromCommissioner: boolean;
  /** It holds a command (or a mistyped one) in its subject or first lines. */
  hasCommand: boolean;
}

export type OwnInboxDecision = { take: true; why: 'reply' | 'party-tag' | 'command' } | { take: false };

export function decideOwnInbox(mail: InboundMail, f: OwnInboxFacts): OwnInboxDecision {
  if (f.isOurLetter) return { take: false };
  if (f.refersToOurLetter) return { take: true, why: 'reply' };
  const from = mail.from?.address;
  if (f.fromCommissioner && (f.hasCommand || f.taggedCaseParties !== null)) return { take: true, why: 'command' };
  if (from && f.taggedCaseParties?.includes(from)) return { take: true, why: 'party-tag' };
  return { take: false };
}

const COMPLAINT_WORDS = /\b(klacht|klachten|klaag|beklag|complaint|complain|grievance)\w*/i;

/**
 * Does a mail left in INBOX look like a complaint for this practice? It must say klacht/complaint
 * AND name the practice or one of its people; a mediation client asking to move an appointment
 * does neither. Used only to list it in her digest, never to open a case.
 */
export function looksLikeComplaint(mail: Pick<InboundMail, 'subject' | 'text'>, names: readonly string[]): boolean {
  const text = `${mail.subject}\n${mail.text.slice(0, 20_000)}`;
  if (!COMPLAINT_WORDS.test(text)) return false;
  const lower = text.toLowerCase();
  return names.map((n) => n.trim().toLowerCase()).filter((n) => n.length >= 3).some((n) => lower.includes(n));
}
