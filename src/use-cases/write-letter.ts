/**
 * Decide a letter: one outbox row, written inside the caller's transaction, with its
 * deterministic Message-ID. Nothing is sent here; the relay and send-letter do that.
 */
import { ourMessageId } from '../domain/message-id.js';
import { letterSpec, type RecipientRole } from '../mail-out/letters.js';
import type { NewLetter, OutboxRow } from '../store/outbox-repo.js';
import type { AppContext } from './context.js';

export interface LetterRequest {
  caseId: number | null;
  caseNumber: string | null;
  template: string;
  role: RecipientRole;
  to: string;
  language: 'nl' | 'en';
  /** The message this letter answers, for In-Reply-To/References (threading in the reader's mail client). */
  inReplyTo?: string | null;
  references?: string[];
  facts: Record<string, unknown>;
  /** Held letters wait for the commissioner (ACK_MODE=review). */
  held?: boolean;
  /** What a notice is about (a bounce-alert's letter, a flood-notice's sender): indexed, for "one per …" checks. */
  regarding?: NewLetter['regarding'];
}

export function writeLetter(ctx: AppContext, req: LetterRequest): OutboxRow {
  letterSpec(req.template); // unknown letters fail at decision time, not at send time
  return ctx.store.outbox.insert(
    {
      caseId: req.caseId,
      template: req.template,
      language: req.language,
      recipientRole: req.role,
      to: req.to.toLowerCase(),
      inReplyTo: req.inReplyTo ?? null,
      references: req.references ?? (req.inReplyTo ? [req.inReplyTo] : []),
      facts: req.facts,
      status: req.held ? 'held' : 'pending',
      at: ctx.clock.now().toISOString(),
      regarding: req.regarding,
    },
    (id) => ourMessageId(ctx.messageIdSecret, ctx.messageIdDomain, req.caseNumber, id),
  );
}

/** One letter to every commissioner address. */
export function writeToCommissioners(ctx: AppContext, req: Omit<LetterRequest, 'role' | 'to' | 'language'>): void {
  for (const to of ctx.config.commissionerEmails) {
    writeLetter(ctx, { ...req, role: 'commissioner', to, language: ctx.config.defaultLanguage });
  }
}

/**
 * One letter to each party of `roles` in the case, in the case's language. A role with no party
 * (no beklaagde named yet) is skipped. Returns how many letters were written.
 */
export function writeToParties(
  ctx: AppContext,
  caseId: number,
  roles: readonly ('klager' | 'beklaagde' | 'deskundige')[],
  req: Omit<LetterRequest, 'role' | 'to' | 'language' | 'caseId' | 'caseNumber'>,
): number {
  const c = ctx.store.cases.get(caseId)!;
  let n = 0;
  for (const p of ctx.store.cases.parties(caseId)) {
    if (!roles.includes(p.role)) continue;
    writeLetter(ctx, { ...req, caseId, caseNumber: c.number, role: p.role, to: p.email, language: c.language, facts: { ...req.facts, recipientName: p.name } });
    n++;
  }
  return n;
}
