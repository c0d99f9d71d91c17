/**
 * The store side of the retention purge (SPEC §9): what a case holds, its statistics row, and
 * deleting everything personal of it. Tables other work adds later are covered without code
 * changes here: every table with a `case_id` column loses the case's rows, and every reference
 * to a deleted message is deleted or set to NULL. Synchronous: call inside a store transaction.
 */
import type { Db } from './db.js';
import { prepared } from './statements.js';
import type { CaseState } from '../domain/case.js';
import type { ChainRepo } from './chain-repo.js';
import type { CaseStats } from '../domain/retention.js';

/** Tables the purge keeps rows of (the anonymous remainder) or handles itself. */
const KEPT = new Set(['cases', 'case_stats', 'events']);

export interface StoredMessage {
  id: number;
  message_id: string | null;
  blob_sha256: string | null;
  size: number;
  direction: 'in' | 'out';
}

export interface PurgeCounts {
  messages: number;
  attachments: number;
  blobs: number;
  parties: number;
  letters: number;
  events: number;
  other: number;
}

/** A case joined with its anonymous statistics (set once it was purged), for the annual report. */
export interface CaseWithStatsRow {
  id: number; number: string; year: number; state: CaseState; received_date: string; closed_at: string | null; outcome: string | null;
  /** The practice (issue 16): the statistics row's for a purged case, else the case's; null while held. */
  practice_id: string | null;
  s_case: number | null; s_year: number; s_outcome: string | null; final_state: string | null; closed_by: string | null;
  ack_wd: number | null; present_wd: number | null; response_wd: number | null; handle_wd: number | null; steps: string;
  extensions: number; extension_wd: number; extension_reasons: string; hearings: number; experts: number;
  appealed: number; appeal_outcome: string | null; closed_date: string | null; purge_due_date: string; purged_at: string;
}

export class RetentionRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(private readonly db: Db, private readonly chain: ChainRepo) {
    this.q = prepared(db);
  }

  /** Every case (live and purged) with its statistics row if it has one, in case order: the annual report's input. */
  casesWithStats(): CaseWithStatsRow[] {
    return this.q(`
      SELECT c.id, c.number, c.year, c.state, c.received_date, c.closed_at, c.outcome, coalesce(s.practice_id, c.practice_id) AS practice_id,
             s.case_id AS s_case, s.year AS s_year, s.outcome AS s_outcome, s.final_state, s.closed_by, s.ack_wd, s.present_wd,
             s.response_wd, s.handle_wd, s.steps, s.extensions, s.extension_wd, s.extension_reasons, s.hearings, s.experts,
             s.appealed, s.appeal_outcome, s.closed_date, s.purge_due_date, s.purged_at
        FROM cases c LEFT JOIN case_stats s ON s.case_id = c.id
       ORDER BY c.id`).all() as CaseWithStatsRow[];
  }

  /**
   * Ids of the stored messages whose Message-ID is `messageId` or that copy under a suffixed one
   * (`messageId#…`, a forged or broken duplicate): the purge searches the mailbox by header only
   * for a Message-ID no other case's message shares.
   */
  messagesSharingMessageId(messageId: string): number[] {
    return (this.q(`SELECT id FROM messages WHERE message_id = ? OR message_id LIKE ? ESCAPE '\\'`)
      .all(messageId, `${messageId.replace(/[\\%_]/g, '\\$&')}#%`) as { id: number }[]).map((r) => r.id);
  }

  /** From now on, deleted rows are overwritten with zeros, in the database file and in the WAL. */
  secureDelete(): void {
    this.db.pragma('secure_delete = ON');
  }

  /**
   * Rewrite the file without the free space old row versions may linger in (VACUUM) and empty
   * the WAL: after a purge, nothing of a deleted case stays readable.
   */
  compact(): void {
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Closed cases (state closed, with a closing time), oldest closure first. */
  closedCases(): { id: number; number: string; closed_at: string }[] {
    return this.q(`SELECT id, number, closed_at FROM cases WHERE state = 'closed' AND closed_at IS NOT NULL ORDER BY closed_at, id`).all() as never;
  }

  /**
   * The stored messages of a case: those filed in it, and our own letters of it that came back
   * to the mailbox (a Bcc or Sent copy is filed as 'own-letter' without a case).
   */
  messagesOf(caseId: number): StoredMessage[] {
    return this.q(`SELECT id, message_id, blob_sha256, size, direction FROM messages WHERE case_id = ?
                   UNION SELECT id, message_id, blob_sha256, size, direction FROM messages
                     WHERE case_id IS NULL AND message_id IN (SELECT message_id FROM outbox WHERE case_id = ?)
                   ORDER BY id`).all(caseId, caseId) as StoredMessage[];
  }

  /**
   * Messages older than `beforeIso` that no running or closed case holds: filed in no case
   * (quarantine, ignored mail), or filed in a case after it was purged (mail that still quoted its tag).
   */
  unlinkedMessages(beforeIso: string): StoredMessage[] {
    return this.q(`SELECT id, message_id, blob_sha256, size, direction FROM messages
                   WHERE (case_id IS NULL OR case_id IN (SELECT id FROM cases WHERE state = 'purged')) AND at < ? ORDER BY id`)
      .all(beforeIso) as StoredMessage[];
  }

  /** Letters older than `beforeIso` of no case (notices, digests) or written after their case was purged. */
  unlinkedLetterIds(beforeIso: string): number[] {
    return (this.q(`SELECT id FROM outbox WHERE (case_id IS NULL OR case_id IN (SELECT id FROM cases WHERE state = 'purged')) AND created_at < ?`)
      .all(beforeIso) as { id: number }[]).map((r) => r.id);
  }

  /**
   * Events a purged case gathered after its purge (mail that still quoted its tag), older than
   * `beforeIso`: their private part goes, their links stay (the chain must still verify).
   */
  deleteLateEvents(beforeIso: string, at: string): number {
    const chain = this.chain;
    const ids = this.q(`SELECT id FROM cases WHERE state = 'purged'`).pluck().all() as number[];
    return ids.reduce((n, id) => n + chain.purgePrivate(id, at, beforeIso), 0);
  }

  /** Message-IDs of the letters of a case (to find copies of them in the mailbox). */
  letterMessageIds(caseId: number): string[] {
    return (this.q('SELECT message_id FROM outbox WHERE case_id = ?').all(caseId) as { message_id: string }[]).map((r) => r.message_id);
  }

  /** Blob hashes of messages and their attachments. */
  blobsOf(messageIds: readonly number[]): string[] {
    const out = new Set<string>();
    const m = this.q('SELECT blob_sha256 FROM messages WHERE id = ? AND blob_sha256 IS NOT NULL');
    const a = this.q('SELECT sha256 FROM attachments WHERE message_id = ?');
    for (const id of messageIds) {
      const row = m.get(id) as { blob_sha256: string } | undefined;
      if (row) out.add(row.blob_sha256);
      for (const r of a.all(id) as { sha256: string }[]) out.add(r.sha256);
    }
    return [...out];
  }

  /**
   * Blobs the letters carry that no message holds: the PDFs made for the commissioner (#dossier,
   * #inzage), of the case's letters or of the letters `letterIds` (notices in no case).
   */
  letterBlobsOf(caseId: number | null, letterIds: readonly number[] = []): string[] {
    const rows = [
      ...(caseId === null ? [] : this.q('SELECT facts FROM outbox WHERE case_id = ?').pluck().all(caseId) as string[]),
      ...letterIds.map((id) => this.q('SELECT facts FROM outbox WHERE id = ?').pluck().get(id) as string | undefined).filter((f): f is string => !!f),
    ];
    const out = new Set<string>();
    for (const facts of rows) {
      const attach = (JSON.parse(facts) as { attach?: { kind: string; sha256?: string }[] }).attach ?? [];
      for (const a of attach) if (a.kind === 'blob' && a.sha256) out.add(a.sha256);
    }
    return [...out];
  }

  countAttachments(messageIds: readonly number[]): number {
    const s = this.q('SELECT count(*) AS n FROM attachments WHERE message_id = ?');
    return messageIds.reduce((n, id) => n + (s.get(id) as { n: number }).n, 0);
  }

  count(table: 'parties' | 'outbox' | 'events', caseId: number): number {
    return (this.q(`SELECT count(*) AS n FROM ${table} WHERE case_id = ?`).get(caseId) as { n: number }).n;
  }

  /** Tables with a `case_id` column whose rows go with the case. */
  private caseTables(): string[] {
    return this.tables().filter((t) => !KEPT.has(t) && this.columns(t).some((c) => c.name === 'case_id'));
  }

  private tables(): string[] {
    return (this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
  }

  private columns(table: string): { name: string; notnull: number }[] {
    return this.db.prepare(`SELECT name, "notnull" FROM pragma_table_info(?)`).all(table) as never;
  }

  /** Columns anywhere that reference messages(id), with whether they may be NULL. */
  private messageRefs(): { table: string; column: string; nullable: boolean }[] {
    const out: { table: string; column: string; nullable: boolean }[] = [];
    for (const t of this.tables()) {
      if (t === 'messages') continue;
      const cols = this.columns(t);
      for (const fk of this.db.prepare('SELECT "table", "from" FROM pragma_foreign_key_list(?)').all(t) as { table: string; from: string }[]) {
        if (fk.table !== 'messages') continue;
        out.push({ table: t, column: fk.from, nullable: cols.find((c) => c.name === fk.from)?.notnull === 0 });
      }
    }
    return out;
  }

  /**
   * Delete every row of the case in every case table, the given messages and whatever refers to
   * them. Foreign keys are checked at the commit (deferred), so the order does not matter.
   * Returns how many rows went from tables other than the ones counted separately.
   */
  deleteCaseRows(caseId: number | null, messageIds: readonly number[], letterIds: readonly number[] = [], at = new Date().toISOString()): number {
    this.db.pragma('defer_foreign_keys = ON');
    let other = 0;
    // The events stay as links of the chain, without their private part (actor, cause, data).
    if (caseId !== null) this.chain.purgePrivate(caseId, at);
    if (caseId !== null) {
      for (const t of this.caseTables()) {
        const n = this.db.prepare(`DELETE FROM "${t}" WHERE case_id = ?`).run(caseId).changes;
        if (!['messages', 'parties', 'outbox', 'events'].includes(t)) other += n;
      }
    }
    // Another case's event that names one of these messages as its cause cannot change (events
    // are append-only): such a message keeps its row, emptied of everything but its id.
    const citedElsewhere = new Set(messageIds.filter((id) => this.q('SELECT 1 FROM events WHERE message_ref = ? LIMIT 1').get(id)));
    const gone = messageIds.filter((id) => !citedElsewhere.has(id));
    for (const ref of this.messageRefs()) {
      if (ref.table === 'events') continue;
      const sql = ref.nullable
        ? `UPDATE "${ref.table}" SET "${ref.column}" = NULL WHERE "${ref.column}" = ?`
        : `DELETE FROM "${ref.table}" WHERE "${ref.column}" = ?`;
      const s = this.db.prepare(sql);
      for (const id of messageIds) s.run(id);
    }
    const delMsg = this.q('DELETE FROM messages WHERE id = ?');
    for (const id of gone) delMsg.run(id);
    if (citedElsewhere.size > 0) {
      const blank = this.columns('messages').filter((c) => c.notnull === 0 && c.name !== 'id').map((c) => `"${c.name}" = NULL`);
      const scrub = this.db.prepare(`UPDATE messages SET ${[...blank, `to_addrs = '[]'`, `subject = ''`, `status = 'purged'`].join(', ')} WHERE id = ?`);
      for (const id of citedElsewhere) scrub.run(id);
    }
    const delLetter = this.q('DELETE FROM outbox WHERE id = ?');
    for (const id of letterIds) delLetter.run(id);
    // Reminder ledger keys name the case id only; they go with it all the same.
    if (caseId !== null) this.q(`DELETE FROM reminders_done WHERE job_key LIKE ?`).run(`rem-c${caseId}-%`);
    return other;
  }

  /** What stays of the case: its number, year, dates and outcome; no subject. */
  anonymiseCase(caseId: number, at: string): void {
    this.q(`UPDATE cases SET subject = '', state = 'purged', updated_at = ? WHERE id = ?`).run(at, caseId);
  }

  /** The row that outlives the case; it takes the case's practice id with it (issue 16). */
  insertStats(caseId: number, s: CaseStats, purgeDueDate: string, purgedAt: string): void {
    this.q(`INSERT OR REPLACE INTO case_stats (case_id, year, outcome, final_state, closed_by, ack_wd, present_wd, response_wd, handle_wd,
              steps, extensions, extension_wd, extension_reasons, hearings, experts, appealed, appeal_outcome, closed_date, purge_due_date, purged_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(caseId, s.year, s.outcome, s.finalState, s.closedBy, s.ackWd, s.presentWd, s.responseWd, s.handleWd, JSON.stringify(s.steps),
        s.extensions, s.extensionWd, JSON.stringify(s.extensionReasons), s.hearings, s.experts, s.appealed ? 1 : 0, s.appealOutcome,
        s.closedDate, purgeDueDate, purgedAt);
    this.q('UPDATE case_stats SET practice_id = (SELECT practice_id FROM cases WHERE id = ?) WHERE case_id = ?').run(caseId, caseId);
  }

  /**
   * Statistics rows without a practice take their case's (a store from before issue 16, once
   * CasesRepo.adoptByPrefix has given the cases theirs). Returns how many changed.
   */
  adoptStatsPractice(): number {
    return this.q(`UPDATE case_stats SET practice_id = (SELECT c.practice_id FROM cases c WHERE c.id = case_stats.case_id)
                   WHERE practice_id IS NULL AND (SELECT c.practice_id FROM cases c WHERE c.id = case_stats.case_id) IS NOT NULL`).run().changes;
  }

  /** Remember blobs to delete once the transaction has committed. */
  queueBlobDeletions(shas: readonly string[], at: string): void {
    const s = this.q('INSERT OR IGNORE INTO blob_deletions (sha256, at) VALUES (?, ?)');
    for (const sha of shas) s.run(sha, at);
  }

  pendingBlobDeletions(): string[] {
    return (this.q('SELECT sha256 FROM blob_deletions ORDER BY sha256').all() as { sha256: string }[]).map((r) => r.sha256);
  }

  /** Whether anything still in the store uses the blob (the same content in another case's file). */
  blobInUse(sha: string): boolean {
    return !!this.q(`SELECT 1 FROM messages WHERE blob_sha256 = ? UNION ALL SELECT 1 FROM attachments WHERE sha256 = ?
                     UNION ALL SELECT 1 FROM outbox WHERE instr(facts, ?) > 0 LIMIT 1`).get(sha, sha, sha);
  }

  blobDeleted(sha: string): void {
    this.q('DELETE FROM blob_deletions WHERE sha256 = ?').run(sha);
  }
}
