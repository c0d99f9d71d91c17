/**
 * Own mode (issue 12): pointers to INBOX mail that looks like a complaint, for the digest's safety
 * net; and her commands waiting for their copy in the Sent folder (issue 12c).
 */
import type { Db } from './db.js';
import { prepared } from './statements.js';

export interface WaitingMail {
  mailbox: string; uidvalidity: number; uid: number; message_id: string | null; first_seen_at: string; wait_until: string;
}

export interface Lookalike { mailbox: string; uidvalidity: number; uid: number; received_at: string }

export class OwnInboxRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(db: Db) {
    this.q = prepared(db);
  }

  noteLookalike(l: { mailbox: string; uidvalidity: number; uid: number; receivedAt: string }): void {
    this.q('INSERT OR IGNORE INTO own_inbox_lookalikes (mailbox, uidvalidity, uid, received_at) VALUES (?, ?, ?, ?)')
      .run(l.mailbox, l.uidvalidity, l.uid, l.receivedAt);
  }

  /** Not yet named in a digest, received since `sinceIso`, oldest first. */
  unlisted(sinceIso: string): Lookalike[] {
    return this.q('SELECT mailbox, uidvalidity, uid, received_at FROM own_inbox_lookalikes WHERE listed_at IS NULL AND received_at >= ? ORDER BY received_at LIMIT 50')
      .all(sinceIso) as Lookalike[];
  }

  markListed(items: readonly Lookalike[], at: string): void {
    const s = this.q('UPDATE own_inbox_lookalikes SET listed_at = ? WHERE mailbox = ? AND uidvalidity = ? AND uid = ?');
    for (const i of items) s.run(at, i.mailbox, i.uidvalidity, i.uid);
  }

  /** Note that this mail waits (kept as first noted when it already does). */
  startWait(w: { mailbox: string; uidvalidity: number; uid: number; messageId: string | null; firstSeenAt: string; waitUntil: string }): void {
    this.q(`INSERT OR IGNORE INTO own_inbox_waiting (mailbox, uidvalidity, uid, message_id, first_seen_at, wait_until)
            VALUES (?, ?, ?, ?, ?, ?)`)
      .run(w.mailbox, w.uidvalidity, w.uid, w.messageId, w.firstSeenAt, w.waitUntil);
  }

  waitingFor(mailbox: string, uidvalidity: number, uid: number): WaitingMail | undefined {
    return this.q('SELECT * FROM own_inbox_waiting WHERE mailbox = ? AND uidvalidity = ? AND uid = ?').get(mailbox, uidvalidity, uid) as WaitingMail | undefined;
  }

  /** The mail of `mailbox` waiting under this UIDVALIDITY, lowest UID first. */
  waiting(mailbox: string, uidvalidity: number): WaitingMail[] {
    return this.q('SELECT * FROM own_inbox_waiting WHERE mailbox = ? AND uidvalidity = ? ORDER BY uid').all(mailbox, uidvalidity) as WaitingMail[];
  }

  /** The wait is over: the mail was taken (committed) or passed over, or is gone. */
  endWait(mailbox: string, uidvalidity: number, uid: number): void {
    this.q('DELETE FROM own_inbox_waiting WHERE mailbox = ? AND uidvalidity = ? AND uid = ?').run(mailbox, uidvalidity, uid);
  }

  /** Forget the waits under another UIDVALIDITY (the mailbox was renumbered and is read again from its start). */
  endWaitsNotOf(mailbox: string, uidvalidity: number): number {
    return this.q('DELETE FROM own_inbox_waiting WHERE mailbox = ? AND uidvalidity <> ?').run(mailbox, uidvalidity).changes;
  }
}
