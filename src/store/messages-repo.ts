/** Messages in and out, and inbound attachments. */
import type { Db } from './db.js';
import { prepared } from './statements.js';

export interface NewMessage {
  caseId: number | null;
  direction: 'in' | 'out';
  messageId: string | null;
  kind: string;
  fromAddr: string | null;
  toAddrs: string[];
  subject: string;
  blobSha256: string | null;
  size: number;
  at: string;
  status: string;
  reason?: string | null;
  /** The readable text (plain text, or derived from HTML); null for letters and unreadable mail. */
  text?: string | null;
}

export interface MessageRow {
  id: number; case_id: number | null; direction: 'in' | 'out'; message_id: string | null; kind: string;
  from_addr: string | null; to_addrs: string; subject: string; blob_sha256: string | null; size: number;
  at: string; status: string; reason: string | null; text: string | null;
}

export class MessagesRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(db: Db) {
    this.q = prepared(db);
  }

  insert(m: NewMessage): number {
    const info = this.q(`INSERT INTO messages (case_id, direction, message_id, kind, from_addr, to_addrs, subject, blob_sha256, size, at, status, reason, text)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(m.caseId, m.direction, m.messageId, m.kind, m.fromAddr, JSON.stringify(m.toAddrs), m.subject, m.blobSha256, m.size, m.at, m.status, m.reason ?? null, m.text ?? null);
    return Number(info.lastInsertRowid);
  }

  addAttachment(messageRef: number, a: { filename: string; contentType: string; size: number; sha256: string }): void {
    this.q('INSERT INTO attachments (message_id, filename, content_type, size, sha256) VALUES (?, ?, ?, ?, ?)')
      .run(messageRef, a.filename, a.contentType, a.size, a.sha256);
  }

  /** An inbound message by its Message-ID. */
  inboundByMessageId(messageId: string): MessageRow | undefined {
    return this.q(`SELECT * FROM messages WHERE direction = 'in' AND message_id = ?`).get(messageId) as MessageRow | undefined;
  }

  attachmentsOf(messageRef: number): { filename: string; content_type: string; size: number; sha256: string }[] {
    return this.q('SELECT filename, content_type, size, sha256 FROM attachments WHERE message_id = ? ORDER BY id').all(messageRef) as never;
  }

  /** Attach an already stored message to a case (#nieuw files the commissioner's mail as the complaint). */
  setCase(id: number, caseId: number, kind: string, text?: string): void {
    this.q('UPDATE messages SET case_id = ?, kind = ?, text = coalesce(?, text) WHERE id = ?').run(caseId, kind, text ?? null, id);
  }

  get(id: number): MessageRow | undefined {
    return this.q('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
  }

  byCase(caseId: number): MessageRow[] {
    return this.q('SELECT * FROM messages WHERE case_id = ? ORDER BY id').all(caseId) as MessageRow[];
  }

  /** The first inbound message of a case: the complaint itself. */
  complaintOf(caseId: number): MessageRow | undefined {
    return this.q(`SELECT * FROM messages WHERE case_id = ? AND direction = 'in' ORDER BY (kind = 'complaint') DESC, id LIMIT 1`).get(caseId) as MessageRow | undefined;
  }

  /**
   * The quarantined row(s) a message was stored under, by its Message-ID (and the suffixed ids of
   * identify()) or, without one, its content hash.
   */
  quarantinedFor(messageId: string | null, sha256: string): MessageRow[] {
    return this.q(`SELECT * FROM messages WHERE direction = 'in' AND status = 'quarantined'
                   AND (message_id = ? OR message_id = ? OR substr(message_id, 1, length(?) + 1) = ? || '#') ORDER BY id`)
      .all(messageId ?? '', `sha256:${sha256}`, messageId ?? '', messageId ?? '') as MessageRow[];
  }

  /**
   * Let `reprocess` take a quarantined message in again: its old row stays (the file shows it was
   * quarantined) but gives up its Message-ID, which would otherwise make the new pass a duplicate.
   */
  releaseQuarantined(ids: readonly number[]): void {
    const stmt = this.q(`UPDATE messages SET status = 'reprocessed', message_id = message_id || '#reprocessed-' || id WHERE id = ? AND status = 'quarantined'`);
    for (const id of ids) stmt.run(id);
  }
}
