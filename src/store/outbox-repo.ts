/** The transactional outbox: letters decided together with the change that caused them. */
import { relaxedTransaction, type Db } from './db.js';
import { prepared } from './statements.js';

export type OutboxStatus = 'held' | 'pending' | 'queued' | 'sent' | 'failed' | 'cancelled';

export interface OutboxRow {
  id: number; case_id: number | null; template: string; language: 'nl' | 'en'; recipient_role: string;
  to_addr: string; message_id: string; in_reply_to: string | null; refs: string; facts: string;
  status: OutboxStatus; attempts: number; last_error: string | null; created_at: string;
  queued_at: string | null; sent_at: string | null;
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
}

export class OutboxRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(private readonly db: Db) {
    this.q = prepared(db);
  }

  /** Insert a letter; `makeMessageId` turns the new row id into its deterministic Message-ID. */
  insert(l: NewLetter, makeMessageId: (id: number) => string): OutboxRow {
    // The Message-ID depends on the row id, so reserve the row first with a placeholder.
    const info = this.q(`INSERT INTO outbox (case_id, template, language, recipient_role, to_addr, message_id, in_reply_to, refs, facts, status, created_at)
                         VALUES (?, ?, ?, ?, ?, 'pending:' || hex(randomblob(8)), ?, ?, ?, ?, ?)`)
      .run(l.caseId, l.template, l.language, l.recipientRole, l.to, l.inReplyTo ?? null, JSON.stringify(l.references ?? []),
        JSON.stringify(l.facts ?? {}), l.status ?? 'pending', l.at);
    const id = Number(info.lastInsertRowid);
    this.q('UPDATE outbox SET message_id = ? WHERE id = ?').run(makeMessageId(id), id);
    return this.get(id)!;
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
}
