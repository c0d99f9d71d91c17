import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

const caches = new WeakMap<Db, Map<string, Statement>>();

/** A per-connection cache of prepared statements: each SQL text is compiled once. */
export function prepared(db: Db): (sql: string) => Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const c = cache;
  return (sql) => {
    let s = c.get(sql);
    if (!s) c.set(sql, (s = db.prepare(sql)));
    return s;
  };
}
