/**
 * Limits per sender (issue 5, SPEC §7): one sender must not be able to make the service write
 * without end — to the commissioner (a flood of notices) or to itself (a loop with an
 * auto-responder that sets no headers).
 *
 * - New cases: at most MAX_NEW_CASES_PER_SENDER_PER_DAY per sender in 24 hours; past that, the
 *   mail is quarantined without a notice (kept; `complaint-desk reprocess`, src/cli/reprocess.ts, takes it again).
 * - Letters caused by one sender's mail: once the sender has sent more than that many messages
 *   that would open a new case (no reference to a case of theirs) in 24 hours, further such mail
 *   is still filed or quarantined, but the letters it would cause (notices to the commissioner,
 *   automatic replies to the sender) are cancelled. Mail of a party in its own running case (a
 *   reply, the written response, an appeal) is never counted and never cut (issue 13): a klager
 *   who has written five times must still have her appeal acknowledged.
 * - The commissioner is told once per sender per 24 hours (flood-notice).
 * - At most one automatic letter to an unknown sender per 24 hours (too-large-notice).
 * Everything happens inside the ingest transaction, so a crash cannot count a message twice.
 */
import { localDateOf } from '../domain/calendar.js';
import type { AppContext } from './context.js';
import { writeToCommissioners } from './write-letter.js';

const DAY_MS = 24 * 3600 * 1000;

function since(ctx: AppContext): string {
  return new Date(ctx.clock.now().getTime() - DAY_MS).toISOString();
}

/**
 * Messages from `address` in the last 24 hours that would open a new case: a complaint, a mail
 * without reference filed into the sender's open case ('unreferenced'), or mail kept outside any
 * case of theirs (quarantine). A party's mail in its own case is not counted.
 */
export function mailFromSenderToday(ctx: AppContext, address: string): number {
  return ctx.store.messages.countNewCaseMailFromSince(address, since(ctx));
}

/** Cases whose klager is `address`, opened in the last 24 hours. */
export function casesOpenedBySenderToday(ctx: AppContext, address: string): number {
  return ctx.store.cases.countOpenedByKlagerSince(address, since(ctx));
}

/** May the service write an automatic letter to this (non-party) sender now? At most one per 24 hours. */
export function mayAutoReply(ctx: AppContext, address: string): boolean {
  return !ctx.store.outbox.wroteToSenderSince(address, since(ctx));
}

/**
 * May the case's klager get the "added to case" letter now? At most one per case per 24 hours:
 * a second complaint is acknowledged (art. 5), but an auto-responder that answers every letter in
 * a new thread gets one such letter and then silence.
 */
export function mayTellAddedToCase(ctx: AppContext, caseId: number): boolean {
  return !ctx.store.outbox.wroteInCaseSince(caseId, 'added-to-case', since(ctx));
}

/** The highest outbox row id so far: letters written after it belong to the message in hand. */
export function lastOutboxId(ctx: AppContext): number {
  return ctx.store.outbox.lastId();
}

export function newCaseAllowed(ctx: AppContext, address: string): boolean {
  return casesOpenedBySenderToday(ctx, address) < ctx.config.maxNewCasesPerSenderPerDay;
}

/**
 * Called after a message from `address` was handled (in the same transaction). When the sender
 * is over the limit, cancel the letters this message caused — to the commissioner and to the
 * sender — and tell the commissioner once. Returns how many letters were cancelled.
 */
export function limitSenderLetters(ctx: AppContext, address: string, afterOutboxId: number): number {
  const limit = ctx.config.maxNewCasesPerSenderPerDay;
  const count = mailFromSenderToday(ctx, address);
  if (count <= limit) return 0;
  const commissioners = ctx.config.commissionerEmails;
  const rows = ctx.store.outbox.unsentAfter(afterOutboxId);
  let cancelled = 0;
  for (const r of rows) {
    const toSender = r.to_addr === address;
    const notice = r.recipient_role === 'commissioner' && commissioners.includes(r.to_addr) && r.template !== 'flood-notice';
    if (!toSender && !notice) continue;
    ctx.store.outbox.cancel(r.id, `sender over MAX_NEW_CASES_PER_SENDER_PER_DAY (${count} messages in 24 h)`);
    cancelled++;
  }
  tellCommissionerOnce(ctx, address, count);
  return cancelled;
}

/** One flood-notice per sender per 24 hours. */
export function tellCommissionerOnce(ctx: AppContext, address: string, count: number): void {
  if (ctx.store.outbox.hasFloodNoticeSince(address, since(ctx))) return;
  writeToCommissioners(ctx, {
    caseId: null, caseNumber: null, template: 'flood-notice', regarding: { address },
    facts: {
      senderEmail: address, count, limit: ctx.config.maxNewCasesPerSenderPerDay,
      letterDate: localDateOf(ctx.clock.now(), ctx.config.timeZone), quarantineMailbox: ctx.config.imap.quarantineMailbox,
    },
  });
}
