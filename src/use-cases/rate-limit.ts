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
import { prepared } from '../store/statements.js';

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
  return (prepared(ctx.store.db)(`SELECT count(*) AS n FROM messages m WHERE m.direction = 'in' AND m.from_addr = ? AND m.at >= ? AND m.status != 'ignored'
      AND (m.case_id IS NULL OR m.kind IN ('complaint', 'unreferenced')
           OR NOT EXISTS (SELECT 1 FROM parties p WHERE p.case_id = m.case_id AND p.email = m.from_addr))`)
    .get(address, since(ctx)) as { n: number }).n;
}

/** Cases whose klager is `address`, opened in the last 24 hours. */
export function casesOpenedBySenderToday(ctx: AppContext, address: string): number {
  return (prepared(ctx.store.db)(`SELECT count(*) AS n FROM cases c JOIN parties p ON p.case_id = c.id AND p.role = 'klager'
                                WHERE p.email = ? AND c.created_at >= ?`).get(address, since(ctx)) as { n: number }).n;
}

/** May the service write an automatic letter to this (non-party) sender now? At most one per 24 hours. */
export function mayAutoReply(ctx: AppContext, address: string): boolean {
  return !prepared(ctx.store.db)(`SELECT 1 FROM outbox WHERE to_addr = ? AND recipient_role = 'sender' AND created_at >= ? LIMIT 1`)
    .get(address, since(ctx));
}

/**
 * May the case's klager get the "added to case" letter now? At most one per case per 24 hours:
 * a second complaint is acknowledged (art. 5), but an auto-responder that answers every letter in
 * a new thread gets one such letter and then silence.
 */
export function mayTellAddedToCase(ctx: AppContext, caseId: number): boolean {
  return !prepared(ctx.store.db)(`SELECT 1 FROM outbox WHERE case_id = ? AND template = 'added-to-case' AND created_at >= ? LIMIT 1`)
    .get(caseId, since(ctx));
}

/** The highest outbox row id so far: letters written after it belong to the message in hand. */
export function lastOutboxId(ctx: AppContext): number {
  return (prepared(ctx.store.db)('SELECT coalesce(max(id), 0) AS id FROM outbox').get() as { id: number }).id;
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
  const rows = prepared(ctx.store.db)(`SELECT id, to_addr, recipient_role, template FROM outbox WHERE id > ? AND status IN ('pending', 'held')`)
    .all(afterOutboxId) as { id: number; to_addr: string; recipient_role: string; template: string }[];
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
  const told = prepared(ctx.store.db)(`SELECT 1 FROM outbox WHERE template = 'flood-notice' AND json_extract(facts, '$.senderEmail') = ? AND created_at >= ? LIMIT 1`)
    .get(address, since(ctx));
  if (told) return;
  writeToCommissioners(ctx, {
    caseId: null, caseNumber: null, template: 'flood-notice',
    facts: {
      senderEmail: address, count, limit: ctx.config.maxNewCasesPerSenderPerDay,
      letterDate: localDateOf(ctx.clock.now(), ctx.config.timeZone), quarantineMailbox: ctx.config.imap.quarantineMailbox,
    },
  });
}
