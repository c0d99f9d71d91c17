/**
 * What an inbound message is (SPEC §5), decided in this order:
 * 1 seen before / our own letter back, 2 automatic mail, 3 from the commissioner,
 * 4 from a party of the case it refers to, 5 a case reference from a non-party,
 * 6 a new complaint (or more mail from a sender who already has an open case).
 * Pure: every lookup the decision needs is resolved by the caller into `ClassifyContext`.
 */
import { detectAutomatic, type AutomaticVerdict } from './automatic-mail.js';
import type { CaseState } from './case.js';
import { header, type InboundMail } from './inbound-mail.js';

export type PartyRole = 'klager' | 'beklaagde' | 'deskundige';

/** The little of a case that classification needs. */
export interface CaseView {
  id: number;
  number: string;
  state: CaseState;
  parties: { role: PartyRole; email: string }[];
}

export interface ClassifyContext {
  /** The same Message-ID (or the same UIDVALIDITY+UID) was handled before. */
  alreadySeen: boolean;
  /** The Message-ID is one of ours, validly signed. */
  isOurMessageId: boolean;
  /** The value our letters carry in X-Loop. */
  loopMarker: string;
  commissionerEmails: readonly string[];
  /** The case this mail refers to: by a signed reference to one of our letters, else by its subject tag. */
  referencedCase: CaseView | null;
  /** How the reference was found, for the file and the logs. */
  referencedBy: 'references' | 'tag' | null;
  /** The sender's most recent open case, where the sender is its klager. */
  openCaseOfSender: CaseView | null;
  envelope?: { returnPath?: string | null };
  /** Our own addresses (MAIL_FROM, the mailbox): mail From them is our letter coming back, whatever its ids. */
  ownAddresses?: readonly string[];
}

export type Classification =
  | { kind: 'duplicate' }
  | { kind: 'own-letter'; reason: string }
  | { kind: 'automatic'; verdict: AutomaticVerdict; caseId: number | null }
  | { kind: 'commissioner'; caseId: number | null }
  | { kind: 'party-mail'; caseId: number; role: PartyRole; by: 'references' | 'tag' }
  | { kind: 'non-party'; caseId: number }
  | { kind: 'to-open-case'; caseId: number }
  | { kind: 'new-complaint' }
  | { kind: 'unusable'; reason: string };

/** Decide what `mail` is. */
export function classify(mail: InboundMail, ctx: ClassifyContext): Classification {
  if (ctx.alreadySeen) return { kind: 'duplicate' };
  if (ctx.isOurMessageId) return { kind: 'own-letter', reason: 'our Message-ID' };
  const loop = mail.headers['x-loop'] ?? [];
  if (loop.some((v) => v.trim().toLowerCase() === ctx.loopMarker.toLowerCase())) {
    return { kind: 'own-letter', reason: 'our X-Loop header' };
  }
  // A server that rewrote the Message-ID and dropped X-Loop still leaves our From.
  const sender = mail.from?.address;
  if (sender && ctx.ownAddresses?.includes(sender)) return { kind: 'own-letter', reason: 'From our own address' };

  const automatic = detectAutomatic(mail, ctx.envelope);
  if (automatic) return { kind: 'automatic', verdict: automatic, caseId: ctx.referencedCase?.id ?? null };

  const from = mail.from?.address;
  if (!from) return { kind: 'unusable', reason: 'no sender address (From)' };
  if (mail.fromCount > 1) return { kind: 'unusable', reason: 'more than one sender address (From)' };

  if (ctx.commissionerEmails.includes(from)) return { kind: 'commissioner', caseId: ctx.referencedCase?.id ?? null };

  const ref = ctx.referencedCase;
  if (ref) {
    const party = ref.parties.find((p) => p.email === from);
    if (party) return { kind: 'party-mail', caseId: ref.id, role: party.role, by: ctx.referencedBy ?? 'tag' };
    return { kind: 'non-party', caseId: ref.id };
  }

  if (ctx.openCaseOfSender) return { kind: 'to-open-case', caseId: ctx.openCaseOfSender.id };
  return { kind: 'new-complaint' };
}

/** Message-IDs this mail points back at: In-Reply-To first, then References newest first. */
export function referencedIds(mail: InboundMail): string[] {
  const ids = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
  return [...new Set(ids)];
}

/** Our X-Loop value; one per deployment, derived from the mailbox address. */
export function loopMarkerFor(mailboxAddress: string): string {
  return `complaint-desk ${mailboxAddress}`;
}

export { header };
