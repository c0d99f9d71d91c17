/** The transactional outbox: letters decided together with the change that caused them. */
import { relaxedTransaction, type Db } from './db.js';
import { prepared } from './statements.js';

export type OutboxStatus = 'held' | 'pending' | 'queued' | 'sent' | 'failed' | 'cancelled';

export interface OutboxRow {
  id: number; case_id: number | null; template: string; language: 'nl' | 'en'; recipient_role: string;
  to_addr: string; message_id: string; in_reply_to: string | null; refs: string; facts: string;
  status: OutboxStatus; attempts: number; last_error: string | null; created_at: string;
  queued_at: string | null; sent_at: string | null;
  /** The letter a bounce-alert reports, and the sender a flood-notice names (migration letter-regarding). */
  regarding_letter_id: number | null; regarding_address: string | null;
}

export interface NewLetter {
  caseId: number | null;
  template: string;
  language: 'nl' | 'en';
  recipientRole: string;
  to: string;
  inReplyTo?: string | null;
  references?: string[];
  facts?: Record<string, unknown>;
  status?: 'pending' | 'held';
  at: string;
  /** What a notice is about: the letter a bounce-alert reports, the sender a flood-notice names. */
  regarding?: { letterId?: number; address?: string };
}

export class OutboxRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(private readonly db: Db) {
    this.q = prepared(db);
  }

  /** Insert a letter; `makeMessageId` turns the new row id into its deterministic Message-ID. */
  insert(l: NewLetter, makeMessageId: (id: number) => string): OutboxRow {
    // The Message-ID depends on the row id, so reserve the row first with a placeholder.
    const info = this.q(`INSERT INTO outbox (case_id, template, language, recipient_role, to_addr, message_id, in_reply_to, refs, facts, status, created_at,
                                             regarding_letter_id, regarding_address)
                         VALUES (?, ?, ?, ?, ?, 'pending:' || hex(randomblob(8)), ?, ?, ?, ?, ?, ?, ?)`)
      .run(l.caseId, l.template, l.language, l.recipientRole, l.to, l.inReplyTo ?? null, JSON.stringify(l.references ?? []),
        JSON.stringify(l.facts ?? {}), l.status ?? 'pending', l.at, l.regarding?.letterId ?? null, l.regarding?.address ?? null);
    const id = Number(info.lastInsertRowid);
    // RETURNING: the row as stored, without reading it again (two statements per letter, not three).
    return this.q('UPDATE outbox SET message_id = ? WHERE id = ? RETURNING *').get(makeMessageId(id), id) as OutboxRow;
  }

  get(id: number): OutboxRow | undefined {
    return this.q('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
  }

  /** Rows the relay should hand to the queue: pending ones, and queued ones whose job may be lost. */
  pending(limit: number): OutboxRow[] {
    return this.q(`SELECT * FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?`).all(limit) as OutboxRow[];
  }

  markQueued(ids: number[], at: string): void {
    const s = this.q(`UPDATE outbox SET status = 'queued', queued_at = ? WHERE id = ? AND status = 'pending'`);
    // One commit for the batch, not fsynced: a mark lost to a power failure is redone harmlessly.
    relaxedTransaction(this.db, () => {
      for (const id of ids) s.run(at, id);
    });
  }

  markSent(id: number, at: string): void {
    this.q(`UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?`).run(at, id);
  }

  markAttempt(id: number, error: string): void {
    this.q('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error, id);
  }

  markFailed(id: number, error: string): void {
    this.q(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`).run(error, id);
  }

  cancel(id: number, reason: string): void {
    this.q(`UPDATE outbox SET status = 'cancelled', last_error = ? WHERE id = ?`).run(reason, id);
  }

  /** Cancel held letters of a case (of one template, or all when null). */
  cancelHeld(caseId: number, template: string | null, reason: string): number {
    return this.q(`UPDATE outbox SET status = 'cancelled', last_error = ? WHERE case_id = ? AND status = 'held' AND (? IS NULL OR template = ?)`)
      .run(reason, caseId, template, template).changes;
  }

  /** Release held letters of a case (ACK_MODE=review) for `template`. */
  release(caseId: number, template: string): number {
    return this.q(`UPDATE outbox SET status = 'pending' WHERE case_id = ? AND template = ? AND status = 'held'`).run(caseId, template).changes;
  }

  /** Whether the case already has a letter of `template` about the term due on `dueDate` (facts.deadline.date). */
  hasLetterAboutDeadline(caseId: number, template: string, dueDate: string): boolean {
    return !!this.q(`SELECT 1 FROM outbox WHERE case_id = ? AND template = ? AND json_extract(facts, '$.deadline.date') = ? LIMIT 1`).get(caseId, template, dueDate);
  }

  byCase(caseId: number): OutboxRow[] {
    return this.q('SELECT * FROM outbox WHERE case_id = ? ORDER BY id').all(caseId) as OutboxRow[];
  }

  /** All queued-but-not-sent row ids: the reconciler re-checks that each has its job. */
  queuedIds(): number[] {
    return (this.q(`SELECT id FROM outbox WHERE status = 'queued' ORDER BY id`).all() as { id: number }[]).map((r) => r.id);
  }

  /** The highest row id so far (0 when empty): letters written after it belong to the message in hand. */
  lastId(): number {
    return (this.q('SELECT coalesce(max(id), 0) AS id FROM outbox').get() as { id: number }).id;
  }

  /** Letters after row `afterId` not handed to the queue yet (pending or held): what one message caused. */
  unsentAfter(afterId: number): Pick<OutboxRow, 'id' | 'to_addr' | 'recipient_role' | 'template'>[] {
    return this.q(`SELECT id, to_addr, recipient_role, template FROM outbox WHERE id > ? AND status IN ('pending', 'held')`).all(afterId) as never;
  }

  /** Whether an automatic letter went to the (non-party) sender `address` since `sinceIso`. */
  wroteToSenderSince(address: string, sinceIso: string): boolean {
    return this.q(`SELECT 1 FROM outbox WHERE to_addr = ? AND recipient_role = 'sender' AND created_at >= ? LIMIT 1`).get(address, sinceIso) !== undefined;
  }

  /** Whether a bounce-alert about letter `letterId` was written already (one alert per letter). */
  hasBounceAlertFor(letterId: number): boolean {
    return this.q(`SELECT 1 FROM outbox WHERE regarding_letter_id = ? AND template = 'bounce-alert' LIMIT 1`).get(letterId) !== undefined;
  }

  /** Whether a flood-notice naming the sender `address` was written since `sinceIso`. */
  hasFloodNoticeSince(address: string, sinceIso: string): boolean {
    return this.q(`SELECT 1 FROM outbox WHERE regarding_address = ? AND template = 'flood-notice' AND created_at >= ? LIMIT 1`)
      .get(address, sinceIso) !== undefined;
  }

  /** Letters not sent yet, per status: pending (to queue), queued (to send), held (waiting for #ontvangst). */
  backlogByStatus(): { status: 'pending' | 'queued' | 'held'; n: number }[] {
    return this.q(`SELECT status, count(*) AS n FROM outbox WHERE status IN ('pending', 'queued', 'held') GROUP BY status`).all() as never;
  }

  /** When the oldest letter still pending or queued was written (null when none waits). */
  oldestWaitingSince(): string | null {
    return (this.q(`SELECT min(created_at) AS oldest FROM outbox WHERE status IN ('pending', 'queued')`).get() as { oldest: string | null }).oldest;
  }

  /**
   * Login-link letters (the web's sign-in): cancel those still waiting that were written before
   * `expiredBeforeIso` (their link no longer works), and take the link out of those that went out
   * or were given up. Returns how many rows changed.
   */
  sweepLoginLinks(expiredBeforeIso: string): number {
    let n = this.q(`UPDATE outbox SET status = 'cancelled', last_error = 'sign-in link expired before it was sent'
                    WHERE template = 'login-link' AND status IN ('held', 'pending', 'queued') AND created_at < ?`).run(expiredBeforeIso).changes;
    n += this.q(`UPDATE outbox SET facts = json_set(facts, '$.loginUrl', '')
                 WHERE template = 'login-link' AND status IN ('sent', 'failed', 'cancelled') AND json_extract(facts, '$.loginUrl') <> ''`).run().changes;
    return n;
  }

  /** Whether a letter of `template` was written to `address` since `sinceIso`. */
  sentTemplateToSince(template: string, address: string, sinceIso: string): boolean {
    return this.q('SELECT 1 FROM outbox WHERE template = ? AND to_addr = ? AND created_at >= ? LIMIT 1').get(template, address, sinceIso) !== undefined;
  }

  /** Whether letter `template` was written in case `caseId` since `sinceIso`. */
  wroteInCaseSince(caseId: number, template: string, sinceIso: string): boolean {
    return this.q('SELECT 1 FROM outbox WHERE case_id = ? AND template = ? AND created_at >= ? LIMIT 1').get(caseId, template, sinceIso) !== undefined;
  }

  /** The newest letter of `template`, if any. */
  lastOfTemplate(template: string): OutboxRow | undefined {
    return this.q('SELECT * FROM outbox WHERE template = ? ORDER BY id DESC LIMIT 1').get(template) as OutboxRow | undefined;
  }
}
