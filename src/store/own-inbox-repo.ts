/** Own mode (issue 12): pointers to INBOX mail that looks like a complaint, for the digest's safety net. */
import type { Db } from './db.js';
import { prepared } from './statements.js';

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
}
