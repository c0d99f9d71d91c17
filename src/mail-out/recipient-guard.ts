/**
 * The one place every letter passes before it leaves (SPEC §7, art. 5): a letter goes only to a
 * party of its own case in a role the letter is meant for, to the commissioner, or (rulings only)
 * to the practice owner. Anything else is refused, and the letter is failed, never sent.
 */
import { RecipientNotAllowed } from '../errors/index.js';
import type { LetterSpec, RecipientRole } from './letters.js';

export interface GuardContext {
  commissionerEmails: readonly string[];
  /** The owner addresses of the letter's own case's practice (issue 16): never another practice's. */
  practiceOwnerEmails: readonly string[];
  /** The parties of the letter's own case (empty for non-case letters). */
  parties: readonly { role: string; email: string }[];
  /** For `sender` letters: the From address of the stored inbound message the letter answers. */
  answeredSender?: string | null;
}

/** Throws RecipientNotAllowed unless `to` in `role` may receive `letter`. */
export function assertRecipientAllowed(letter: LetterSpec, role: string, to: string, ctx: GuardContext): void {
  const addr = to.trim().toLowerCase();
  const refuse = (why: string): never => {
    throw new RecipientNotAllowed(`letter ${letter.name} may not go to this ${role}: ${why}`);
  };
  if (!letter.audience.includes(role as RecipientRole)) refuse(`the letter is meant for ${letter.audience.join('/')}`);
  switch (role as RecipientRole) {
    case 'commissioner':
      if (!ctx.commissionerEmails.includes(addr)) refuse('not a commissioner address');
      return;
    case 'owner':
      if (!ctx.practiceOwnerEmails.some((o) => o.toLowerCase() === addr)) refuse("not the owner address of this case's practice");
      return;
    case 'sender':
      if (!ctx.answeredSender || ctx.answeredSender !== addr) refuse('not the sender of the message it answers');
      return;
    default:
      if (!letter.caseLetter) refuse('a party letter without a case');
      if (!ctx.parties.some((p) => p.role === role && p.email === addr)) refuse('not a party of this case in that role');
  }
}
