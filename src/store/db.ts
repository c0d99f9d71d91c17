/**
 * Opens the SQLite store: WAL, synchronous=FULL (we move IMAP mail only after the commit, so a
 * commit lost to power failure would lose a complaint), busy_timeout, foreign keys, and the
 * numbered migrations in src/store/migrations applied by PRAGMA user_version.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS_DIR } from '../paths.js';
import { prepared } from './statements.js';
import { ChainRepo } from './chain-repo.js';

/**
 * Steps in code that run right after the migration of the same name (its file name without the
 * number, so renumbering keeps them), in the same transaction.
 */
const CODE_STEPS: Record<string, (db: Database.Database) => void> = {
  'file-integrity': (db) => void new ChainRepo(db).chainUnhashed(),
};

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
}

/** Open (and for writers, migrate) the database at `file`. */
export function openDb(file: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // A 4 MB page cache instead of better-sqlite3's 16 MB: the kernel's page cache holds the file
  // anyway, and the 16 MB filled up during the reminder hour at 100,000 cases, a tenth of the
  // service's RSS (bench:scale); bench:ingest's store fits either way.
  db.pragma('cache_size = -4000');
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db);
  }
  return db;
}

/**
 * Runs `fn` in one transaction whose commit is not fsynced (synchronous=NORMAL for that commit):
 * atomic as ever, and durable with the next fsynced commit or checkpoint (the WAL is written in
 * order), but a power failure may lose it. Only for marks that are redone harmlessly when lost
 * (a letter marked queued, a message marked moved): they cost one fsync per call otherwise, which
 * bench:ingest showed as a large share of a backlog's time. Inside a caller's transaction, `fn`
 * simply joins it.
 */
export function relaxedTransaction(db: Db, fn: () => void): void {
  if (db.inTransaction) {
    fn();
    return;
  }
  // Cached statements: db.pragma() compiles its statement on every call (bench:ingest profile).
  const q = prepared(db);
  const previous = q('PRAGMA synchronous').pluck().get() as number;
  q('PRAGMA synchronous = NORMAL').run();
  try {
    db.transaction(fn)();
  } finally {
    q(`PRAGMA synchronous = ${previous}`).run();
  }
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** Apply every migration above the database's user_version, each in its own transaction. */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  let applied = 0;
  for (const m of loadMigrations()) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      CODE_STEPS[m.name.slice(4, -4)]?.(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied++;
  }
  return applied;
}
