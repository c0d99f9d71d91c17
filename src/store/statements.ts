import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { OPEN_STATES } from '../domain/case.js';

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

/** The states in which the procedure runs, as an SQL list (our own constants, so inlined: the index on state serves it). */
export const OPEN_IN = OPEN_STATES.map((s) => `'${s}'`).join(', ');
