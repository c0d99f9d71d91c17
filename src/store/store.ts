/** The store: one SQLite connection, its repositories, and write transactions. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openDb, type Db } from './db.js';
import { BlobStore } from './blobs.js';
import { CasesRepo } from './cases-repo.js';
import { MessagesRepo } from './messages-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { MailboxRepo } from './mailbox-repo.js';
import { OwnInboxRepo } from './own-inbox-repo.js';
import { prepared } from './statements.js';

export class Store {
  readonly cases: CasesRepo;
  readonly messages: MessagesRepo;
  readonly outbox: OutboxRepo;
  readonly mailbox: MailboxRepo;
  /** Own mode: INBOX mail that looks like a complaint (issue 12). */
  readonly ownInbox: OwnInboxRepo;
  readonly blobs: BlobStore;

  constructor(readonly db: Db, dataDir: string) {
    this.cases = new CasesRepo(db);
    this.messages = new MessagesRepo(db);
    this.outbox = new OutboxRepo(db);
    this.mailbox = new MailboxRepo(db);
    this.ownInbox = new OwnInboxRepo(db);
    this.blobs = new BlobStore(join(dataDir, 'blobs'));
  }

  /** Open the store under `dataDir` (creating and migrating it). */
  static open(dataDir: string, opts: { readonly?: boolean } = {}): Store {
    return new Store(openDb(join(dataDir, 'complaint-desk.sqlite'), opts), dataDir);
  }

  /** Run `fn` in one write transaction (BEGIN IMMEDIATE): all of it commits, or none. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** A setting, created with `init()` on first use (e.g. the Message-ID signing secret). */
  setting(key: string, init: () => string): string {
    const q = prepared(this.db);
    const row = q('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (row) return row.value;
    q('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, init());
    return (q('SELECT value FROM settings WHERE key = ?').get(key) as { value: string }).value;
  }

  /** The per-installation secret that signs our Message-IDs. */
  messageIdSecret(): string {
    return this.setting('message_id_secret', () => randomBytes(24).toString('hex'));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
