/**
 * The one place every letter passes before it leaves (SPEC §7, art. 5): a letter goes only to a
 * party of its own case in a role the letter is meant for, to the commissioner, or (rulings only)
 * to the practice owner. Anything else is refused, and the letter is failed, never sent. On a desk
 * of several practices (issue 16) a case letter must also not name another practice's case,
 * name or owner (assertNoOtherPractice, checked on the rendered letter).
 */
import { RecipientNotAllowed } from '../errors/index.js';
import type { Practice } from '../domain/practice.js';
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

/** What the content guard knows of a practice: enough to recognise it in a letter. */
export type PracticeMarks = Pick<Practice, 'id' | 'name' | 'casePrefix' | 'ownerEmails'>;

/**
 * Facts that hold what people wrote (a klager may name another practice in her own complaint):
 * quoting that back is not a case crossing into another, so it is left out before the check.
 */
const OUTSIDE_TEXT_KEYS = new Set(['complaintSubject', 'complaintText', 'mailSubject', 'mailSubjectUntagged', 'mailText', 'responseText',
  'grounds', 'reason', 'reasonText', 'subject', 'text', 'filename']);

/**
 * Throws RecipientNotAllowed when a letter of practice `own`'s case names another practice: a case
 * number in another practice's series, another practice's name, or another practice's owner
 * address (issue 16: a letter never names another practice's case or person). Only what can be
 * told without false alarms: whole case numbers, names as whole words with their capitals, and
 * whole addresses; an address or name the letter's own practice shares is its own. Letters that
 * by nature span practices (spec.spansPractices: the digest, #overzicht) are not checked. The
 * refusal names the other practice by id only, never a name or address, so it can be logged.
 */
export function assertNoOtherPractice(
  letter: LetterSpec, rendered: { subject: string; text: string; html: string }, facts: Record<string, unknown>,
  own: PracticeMarks | undefined, others: readonly PracticeMarks[],
): void {
  if (letter.spansPractices) return;
  let body = `${rendered.subject}\n${rendered.text}\n${rendered.html}`;
  for (const v of outsideValues(facts).sort((a, b) => b.length - a.length)) {
    for (const form of new Set([v, escapeHtml(v)])) body = body.split(form).join(' ');
  }
  // Its own name may contain another's ("Praktijk Zon Noord" holds "Praktijk Zon").
  if (own) for (const form of new Set([own.name, escapeHtml(own.name)])) body = body.split(form).join(' ');
  const lower = body.toLowerCase();
  const ownAddresses = new Set((own?.ownerEmails ?? []).map((e) => e.toLowerCase()));
  for (const p of others) {
    if (own && p.id === own.id) continue;
    const refuse = (what: string): never => {
      throw new RecipientNotAllowed(`letter ${letter.name} names practice ${p.id}'s ${what}, not its own case's practice's`);
    };
    if (new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(p.casePrefix)}-\\d{4}-\\d{4,}(?!\\d)`).test(body)) refuse('case number');
    if (p.name && [p.name, escapeHtml(p.name)].some((n) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(n)}(?![\\p{L}\\p{N}])`, 'u').test(body))) refuse('name');
    for (const e of p.ownerEmails) {
      const addr = e.toLowerCase();
      if (!ownAddresses.has(addr) && new RegExp(`(?<![\\w.+-])${escapeRegExp(addr)}(?![\\w-]|\\.[a-z0-9])`).test(lower)) refuse('owner address');
    }
  }
}

function outsideValues(x: unknown, key = '', out: string[] = []): string[] {
  if (typeof x === 'string' && OUTSIDE_TEXT_KEYS.has(key)) {
    for (const line of x.split('\n')) if (line.trim()) out.push(line.trim());
  } else if (Array.isArray(x)) for (const v of x) outsideValues(v, key, out);
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) outsideValues(v, k, out);
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** As Handlebars writes text into HTML. */
function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`=]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c]!);
}
