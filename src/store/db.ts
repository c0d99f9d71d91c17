/**
 * Opens the SQLite store: WAL, synchronous=FULL (we move IMAP mail only after the commit, so a
 * commit lost to power failure would lose a complaint), busy_timeout, foreign keys, and the
 * numbered migrations in src/store/migrations applied by PRAGMA user_version.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { MIGRATIONS_DIR } from '../paths.js';
import { prepared } from './statements.js';
import { chainOf } from './chain-repo.js';

/**
 * Steps in code that run right after the migration of the same name (its file name without the
 * number, so renumbering keeps them), in the same transaction.
 */
const CODE_STEPS: Record<string, (db: Database.Database) => void> = {
  'file-integrity': (db) => void chainOf(db).chainUnhashed(),
};

/**
 * better-sqlite3 12 (the last line that runs on Node 20) aborts the process on Node 24 whenever
 * the GC finalises a Statement (node::ObjectWrap's cleanup hook asserts; better-sqlite3 13 moved
 * to node-addon-api and is fine, but needs Node 22). So: 12 on Node 20/22, 13 on Node 24 (the
 * Dockerfile and scripts/test-node24.sh install it). Refuse the other mix with a clear message
 * rather than crash at a random moment.
 */
function assertDriverFitsNode(): void {
  const node = Number(process.versions.node.split('.')[0]);
  const driver = String((createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string }).version);
  if (node >= 24 && Number(driver.split('.')[0]) < 13) {
    throw new Error(`better-sqlite3 ${driver} crashes on Node ${process.versions.node}: run 'npm install --no-save better-sqlite3@13' (as the Dockerfile does) or use Node 20/22`);
  }
}

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
}

/** Open (and for writers, migrate) the database at `file`. */
export function openDb(file: string, opts: OpenOptions = {}): Db {
  assertDriverFitsNode();
  if (!opts.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
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
