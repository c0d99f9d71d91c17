/** Messages in and out, and inbound attachments. */
import type { Db } from './db.js';
import { createHash } from 'node:crypto';
import { prepared } from './statements.js';
import { chainOf } from './chain-repo.js';

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
  constructor(private readonly db: Db) {
    this.q = prepared(db);
  }

  /**
   * A document filed in a case is a link in the case's chain: the event names the SHA-256 of its
   * stored file (blobs are named by it) and of its text, so `verify` can tell an edited row or file.
   */
  private chainDocument(caseId: number, ref: number, at: string): void {
    const m = this.get(ref)!;
    const textSha256 = m.text === null ? null : createHash('sha256').update(m.text, 'utf8').digest('hex');
    chainOf(this.db).append({
      caseId, at, actor: 'system', type: 'document', fromState: null, toState: null, messageRef: ref,
      data: JSON.stringify({ direction: m.direction, kind: m.kind, sha256: m.blob_sha256, size: m.size, textSha256 }),
    });
  }

  insert(m: NewMessage): number {
    const info = this.q(`INSERT INTO messages (case_id, direction, message_id, kind, from_addr, to_addrs, subject, blob_sha256, size, at, status, reason, text)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(m.caseId, m.direction, m.messageId, m.kind, m.fromAddr, JSON.stringify(m.toAddrs), m.subject, m.blobSha256, m.size, m.at, m.status, m.reason ?? null, m.text ?? null);
    const ref = Number(info.lastInsertRowid);
    if (m.caseId !== null) this.chainDocument(m.caseId, ref, m.at);
    return ref;
  }

  addAttachment(messageRef: number, a: { filename: string; contentType: string; size: number; sha256: string }): void {
    this.q('INSERT INTO attachments (message_id, filename, content_type, size, sha256) VALUES (?, ?, ?, ?, ?)')
      .run(messageRef, a.filename, a.contentType, a.size, a.sha256);
    const m = this.get(messageRef);
    if (m?.case_id != null) {
      chainOf(this.db).append({
        caseId: m.case_id, at: m.at, actor: 'system', type: 'attachment', fromState: null, toState: null, messageRef,
        data: JSON.stringify({ filename: a.filename, sha256: a.sha256, size: a.size }),
      });
    }
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
    this.chainDocument(caseId, id, this.get(id)!.at);
    for (const a of this.attachmentsOf(id)) {
      chainOf(this.db).append({
        caseId, at: this.get(id)!.at, actor: 'system', type: 'attachment', fromState: null, toState: null, messageRef: id,
        data: JSON.stringify({ filename: a.filename, sha256: a.sha256, size: a.size }),
      });
    }
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
}
