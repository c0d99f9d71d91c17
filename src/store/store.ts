/**
 * The store: one SQLite connection and its repositories, each reached one way (store.cases,
 * store.deadlines, store.outbox …) and each the one owner of its tables; and write transactions.
 * No SQL lives outside src/store (test/unit/sql-only-in-store.test.ts checks it).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openDb, relaxedTransaction, type Db } from './db.js';
import { BlobStore } from './blobs.js';
import { CasesRepo } from './cases-repo.js';
import { DeadlinesRepo } from './deadlines-repo.js';
import { MessagesRepo } from './messages-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { MailboxRepo } from './mailbox-repo.js';
import { OwnInboxRepo } from './own-inbox-repo.js';
import { ChainRepo } from './chain-repo.js';
import { HoldsRepo } from './holds-repo.js';
import { RetentionRepo } from './retention-repo.js';
import { SignInRepo } from './sign-in-repo.js';
import { SuppressionsRepo } from './suppressions-repo.js';
import { prepared } from './statements.js';

export class Store {
  /** cases, case_counters, parties, events; and the case list. */
  readonly cases: CasesRepo;
  /** deadlines, deadline_moves, absences, reminders_done. */
  readonly deadlines: DeadlinesRepo;
  /** messages, attachments. */
  readonly messages: MessagesRepo;
  /** outbox. */
  readonly outbox: OutboxRepo;
  /** mailbox_checkpoint, inbox_items. */
  readonly mailbox: MailboxRepo;
  /** own_inbox_lookalikes, own_inbox_waiting: own mode's INBOX mail that looks like a complaint, and her commands waiting for their Sent copy. */
  readonly ownInbox: OwnInboxRepo;
  /** suppressions. */
  readonly suppressions: SuppressionsRepo;
  /** case_stats, blob_deletions, and the purge's sweep over every case table. */
  readonly retention: RetentionRepo;
  /** web_login_links, web_sessions. */
  readonly signIn: SignInRepo;
  /** The events' hash chain: append, verify, and the purge's blanking of private parts. */
  readonly chain: ChainRepo;
  /** legal_holds and access_requests. */
  readonly holds: HoldsRepo;
  readonly blobs: BlobStore;

  constructor(readonly db: Db, dataDir: string) {
    this.chain = new ChainRepo(db);
    this.cases = new CasesRepo(db, this.chain);
    this.deadlines = new DeadlinesRepo(db);
    this.messages = new MessagesRepo(db, this.chain);
    this.outbox = new OutboxRepo(db);
    this.mailbox = new MailboxRepo(db);
    this.ownInbox = new OwnInboxRepo(db);
    this.suppressions = new SuppressionsRepo(db);
    this.retention = new RetentionRepo(db, this.chain);
    this.signIn = new SignInRepo(db, this.outbox);
    this.holds = new HoldsRepo(db);
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

  /**
   * Run `fn` in one transaction whose commit is not fsynced (see relaxedTransaction): only for
   * marks that are redone harmlessly when a power failure loses them (a letter marked sent).
   */
  relaxedTx(fn: () => void): void {
    relaxedTransaction(this.db, fn);
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

  /** The schema version (the last migration applied). */
  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** Whether the connection is open and answers a query (the readiness probe). */
  healthy(): boolean {
    return this.db.open && (prepared(this.db)('SELECT 1 AS ok').get() as { ok: number }).ok === 1;
  }

  /** An online backup of the database to `file` (safe while the service runs). */
  async backup(file: string): Promise<void> {
    await this.db.backup(file);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
