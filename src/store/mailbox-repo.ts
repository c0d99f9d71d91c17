/** The IMAP cursor (UIDVALIDITY + last committed UID) and the per-UID ledger of what was done. */
import { relaxedTransaction, type Db } from './db.js';
import { prepared } from './statements.js';

export interface Checkpoint { mailbox: string; uidvalidity: number; last_uid: number }
export interface InboxItem {
  mailbox: string; uidvalidity: number; uid: number; message_ref: number | null;
  disposition: string; target: string; moved_at: string | null; at: string;
}

export class MailboxRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(private readonly db: Db) {
    this.q = prepared(db);
  }

  checkpoint(mailbox: string): Checkpoint | undefined {
    return this.q('SELECT mailbox, uidvalidity, last_uid FROM mailbox_checkpoint WHERE mailbox = ?').get(mailbox) as Checkpoint | undefined;
  }

  /** Move the cursor forward (never back, except on a new UIDVALIDITY). */
  advance(mailbox: string, uidvalidity: number, uid: number, at: string): void {
    this.q(`INSERT INTO mailbox_checkpoint (mailbox, uidvalidity, last_uid, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (mailbox) DO UPDATE SET
              last_uid = CASE WHEN uidvalidity = excluded.uidvalidity THEN max(last_uid, excluded.last_uid) ELSE excluded.last_uid END,
              uidvalidity = excluded.uidvalidity, updated_at = excluded.updated_at`)
      .run(mailbox, uidvalidity, uid, at);
  }

  /** Record what became of one fetched UID; `target` is the folder it must be moved to. */
  recordItem(i: Omit<InboxItem, 'moved_at'>): void {
    this.q(`INSERT OR IGNORE INTO inbox_items (mailbox, uidvalidity, uid, message_ref, disposition, target, at)
            VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(i.mailbox, i.uidvalidity, i.uid, i.message_ref, i.disposition, i.target, i.at);
  }

  item(mailbox: string, uidvalidity: number, uid: number): InboxItem | undefined {
    return this.q('SELECT * FROM inbox_items WHERE mailbox = ? AND uidvalidity = ? AND uid = ?').get(mailbox, uidvalidity, uid) as InboxItem | undefined;
  }

  /** Committed items still waiting to be moved out of the inbox. */
  unmoved(mailbox: string, uidvalidity: number): InboxItem[] {
    return this.q('SELECT * FROM inbox_items WHERE mailbox = ? AND uidvalidity = ? AND moved_at IS NULL ORDER BY uid')
      .all(mailbox, uidvalidity) as InboxItem[];
  }

  markMoved(mailbox: string, uidvalidity: number, uids: number[], at: string): void {
    const s = this.q('UPDATE inbox_items SET moved_at = ? WHERE mailbox = ? AND uidvalidity = ? AND uid = ?');
    // One commit for the batch, not fsynced: a mark lost to a power failure is redone harmlessly.
    relaxedTransaction(this.db, () => {
      for (const uid of uids) s.run(at, mailbox, uidvalidity, uid);
    });
  }
}
