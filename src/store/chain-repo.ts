/**
 * The store side of the event chain (src/domain/event-chain.ts): appending a chained event,
 * reading a case's links, chaining rows written before the chain existed (a migration step),
 * and the purge's removal of an event's private part. Synchronous: call inside a transaction.
 */
import { checkChain, eventHash, GENESIS, privateHash, type ChainCheck, type StoredLink } from '../domain/event-chain.js';
import type { Db } from './db.js';
import { prepared } from './statements.js';

export interface ChainEvent {
  caseId: number;
  at: string;
  actor: string;
  type: string;
  fromState: string | null;
  toState: string | null;
  messageRef: number | null;
  data: string;
}

interface EventRow {
  id: number; case_id: number; at: string; actor: string; type: string; from_state: string | null; to_state: string | null;
  message_ref: number | null; data: string; prev_hash: string | null; private_hash: string | null; hash: string | null; purged_at: string | null;
}

export class ChainRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(db: Db) {
    this.q = prepared(db);
  }

  private numberOf(caseId: number): string {
    return (this.q('SELECT number FROM cases WHERE id = ?').get(caseId) as { number: string } | undefined)?.number ?? '';
  }

  /** The case's head: the hash of its last event (GENESIS when it has none). */
  head(caseId: number): string {
    return (this.q('SELECT hash FROM events WHERE case_id = ? ORDER BY id DESC LIMIT 1').pluck().get(caseId) as string | null | undefined) ?? GENESIS;
  }

  /** Insert `e` as the case's next link. */
  append(e: ChainEvent): number {
    // The case number and the head in one statement: an event is appended several times per
    // complaint and per letter sent (bench:ingest profile: a statement per call adds up).
    const link = this.q(`SELECT (SELECT number FROM cases WHERE id = ?) AS number,
                                (SELECT hash FROM events WHERE case_id = ? ORDER BY id DESC LIMIT 1) AS head`)
      .get(e.caseId, e.caseId) as { number: string | null; head: string | null };
    const prev = link.head ?? GENESIS;
    const priv = privateHash({ actor: e.actor, messageRef: e.messageRef, data: e.data });
    const hash = eventHash(prev, { caseNumber: link.number ?? '', at: e.at, type: e.type, fromState: e.fromState, toState: e.toState }, priv);
    const info = this.q(`INSERT INTO events (case_id, at, actor, type, from_state, to_state, message_ref, data, prev_hash, private_hash, hash)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(e.caseId, e.at, e.actor, e.type, e.fromState, e.toState, e.messageRef, e.data, prev, priv, hash);
    return Number(info.lastInsertRowid);
  }

  links(caseId: number): StoredLink[] {
    const number = this.numberOf(caseId);
    return (this.q('SELECT * FROM events WHERE case_id = ? ORDER BY id').all(caseId) as EventRow[]).map((r) => ({
      id: r.id, caseNumber: number, at: r.at, type: r.type, fromState: r.from_state, toState: r.to_state,
      prevHash: r.prev_hash, privateHash: r.private_hash, hash: r.hash, purgedAt: r.purged_at,
      priv: { actor: r.actor, messageRef: r.message_ref, data: r.data },
    }));
  }

  check(caseId: number): ChainCheck {
    return checkChain(this.links(caseId));
  }

  /** Chain every case's events that have no hash yet, in id order (the migration step; idempotent). */
  chainUnhashed(): number {
    const cases = this.q('SELECT DISTINCT case_id FROM events WHERE hash IS NULL ORDER BY case_id').pluck().all() as number[];
    const set = this.q('UPDATE events SET prev_hash = ?, private_hash = ?, hash = ? WHERE id = ?');
    let n = 0;
    for (const caseId of cases) {
      let prev = GENESIS;
      for (const l of this.links(caseId)) {
        if (l.hash) {
          prev = l.hash;
          continue;
        }
        const priv = privateHash(l.priv);
        const hash = eventHash(prev, l, priv);
        set.run(prev, priv, hash, l.id);
        prev = hash;
        n++;
      }
    }
    return n;
  }

  /** Remove the private part of the case's events (the retention purge), keeping their hashes. */
  purgePrivate(caseId: number, at: string, beforeIso?: string): number {
    return this.q(`UPDATE events SET actor = '', message_ref = NULL, data = '{}', purged_at = ?
                   WHERE case_id = ? AND purged_at IS NULL AND (? IS NULL OR at < ?)`).run(at, caseId, beforeIso ?? null, beforeIso ?? null).changes;
  }
}
