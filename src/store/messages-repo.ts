/** Messages in and out, and inbound attachments. */
import type { Db } from './db.js';
import { createHash } from 'node:crypto';
import { prepared } from './statements.js';
import type { ChainRepo } from './chain-repo.js';

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
  constructor(private readonly db: Db, private readonly chain: ChainRepo) {
    this.q = prepared(db);
  }

  /**
   * A document filed in a case is a link in the case's chain: the event names the SHA-256 of its
   * stored file (blobs are named by it) and of its text, so `verify` can tell an edited row or file.
   */
  private chainDocument(caseId: number, ref: number, m: Pick<NewMessage, 'direction' | 'kind' | 'blobSha256' | 'size' | 'at' | 'text'>): void {
    // From the values just inserted, not the row read back: one statement less per message and per letter sent.
    const text = m.text ?? null;
    const textSha256 = text === null ? null : createHash('sha256').update(text, 'utf8').digest('hex');
    this.chain.append({
      caseId, at: m.at, actor: 'system', type: 'document', fromState: null, toState: null, messageRef: ref,
      data: JSON.stringify({ direction: m.direction, kind: m.kind, sha256: m.blobSha256, size: m.size, textSha256 }),
    });
  }

  insert(m: NewMessage): number {
    const info = this.q(`INSERT INTO messages (case_id, direction, message_id, kind, from_addr, to_addrs, subject, blob_sha256, size, at, status, reason, text)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(m.caseId, m.direction, m.messageId, m.kind, m.fromAddr, JSON.stringify(m.toAddrs), m.subject, m.blobSha256, m.size, m.at, m.status, m.reason ?? null, m.text ?? null);
    const ref = Number(info.lastInsertRowid);
    if (m.caseId !== null) this.chainDocument(m.caseId, ref, m);
    return ref;
  }

  addAttachment(messageRef: number, a: { filename: string; contentType: string; size: number; sha256: string }): void {
    this.q('INSERT INTO attachments (message_id, filename, content_type, size, sha256) VALUES (?, ?, ?, ?, ?)')
      .run(messageRef, a.filename, a.contentType, a.size, a.sha256);
    const m = this.get(messageRef);
    if (m?.case_id != null) {
      this.chain.append({
        caseId: m.case_id, at: m.at, actor: 'system', type: 'attachment', fromState: null, toState: null, messageRef,
        data: JSON.stringify({ filename: a.filename, sha256: a.sha256, size: a.size }),
      });
    }
  }

  /** An inbound message by its Message-ID. */
  inboundByMessageId(messageId: string): MessageRow | undefined {
    return this.q(`SELECT * FROM messages WHERE direction = 'in' AND message_id = ?`).get(messageId) as MessageRow | undefined;
  }

  attachmentsOf(messageRef: number): { id: number; filename: string; content_type: string; size: number; sha256: string }[] {
    return this.q('SELECT id, filename, content_type, size, sha256 FROM attachments WHERE message_id = ? ORDER BY id').all(messageRef) as never;
  }

  /**
   * Attachment `id` if it belongs to a message filed in case `caseNumber` (a download must name
   * the right case), with the blob of its message (to recover the bytes from the .eml).
   */
  attachmentInCase(caseNumber: string, id: number): { filename: string; content_type: string; sha256: string; message_blob: string | null } | undefined {
    return this.q(`SELECT a.filename, a.content_type, a.sha256, m.blob_sha256 AS message_blob FROM attachments a
        JOIN messages m ON m.id = a.message_id JOIN cases c ON c.id = m.case_id WHERE a.id = ? AND c.number = ?`).get(id, caseNumber) as never;
  }

  /**
   * Messages from `address` since `sinceIso` that would open a new case (the per-sender limit): a
   * complaint, a mail without reference filed into the sender's open case ('unreferenced'), or
   * mail kept outside any case of theirs (quarantine). A party's mail in its own case is not counted.
   */
  countNewCaseMailFromSince(address: string, sinceIso: string): number {
    return (this.q(`SELECT count(*) AS n FROM messages m WHERE m.direction = 'in' AND m.from_addr = ? AND m.at >= ? AND m.status != 'ignored'
        AND (m.case_id IS NULL OR m.kind IN ('complaint', 'unreferenced')
             OR NOT EXISTS (SELECT 1 FROM parties p WHERE p.case_id = m.case_id AND p.email = m.from_addr))`)
      .get(address, sinceIso) as { n: number }).n;
  }

  /** Messages kept in quarantine. */
  countQuarantined(): number {
    return (this.q(`SELECT count(*) AS n FROM messages WHERE status = 'quarantined'`).get() as { n: number }).n;
  }

  /** Attach an already stored message to a case (#nieuw files the commissioner's mail as the complaint). */
  setCase(id: number, caseId: number, kind: string, text?: string): void {
    this.q('UPDATE messages SET case_id = ?, kind = ?, text = coalesce(?, text) WHERE id = ?').run(caseId, kind, text ?? null, id);
    const m = this.get(id)!;
    this.chainDocument(caseId, id, { direction: m.direction, kind: m.kind, blobSha256: m.blob_sha256, size: m.size, at: m.at, text: m.text });
    for (const a of this.attachmentsOf(id)) {
      this.chain.append({
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
