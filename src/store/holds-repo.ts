/** Legal holds (#bewaar, #bewaar-opheffen) and access requests (#inzage). Synchronous: call inside a transaction for writes. */
import type { Db } from './db.js';
import { prepared } from './statements.js';

export interface HoldRow {
  id: number; case_id: number; reason: string; until_date: string | null; placed_at: string; placed_by: string;
  message_ref: number | null; lifted_at: string | null; lifted_by: string | null;
}

export interface AccessRequestRow {
  id: number; email: string; requested_at: string; requested_by: string; due_date: string; message_ref: number | null;
  exported_at: string | null; export_sha256: string | null; answered_at: string | null; answered_by: string | null;
}

export class HoldsRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(db: Db) {
    this.q = prepared(db);
  }

  place(h: { caseId: number; reason: string; untilDate: string | null; at: string; by: string; messageRef: number | null }): number {
    return Number(this.q('INSERT INTO legal_holds (case_id, reason, until_date, placed_at, placed_by, message_ref) VALUES (?, ?, ?, ?, ?, ?)')
      .run(h.caseId, h.reason, h.untilDate, h.at, h.by, h.messageRef).lastInsertRowid);
  }

  /** Lift every hold of the case not lifted yet; returns how many. */
  lift(caseId: number, at: string, by: string): number {
    return this.q('UPDATE legal_holds SET lifted_at = ?, lifted_by = ? WHERE case_id = ? AND lifted_at IS NULL').run(at, by, caseId).changes;
  }

  ofCase(caseId: number): HoldRow[] {
    return this.q('SELECT * FROM legal_holds WHERE case_id = ? ORDER BY id').all(caseId) as HoldRow[];
  }

  /** Every hold, by case id (for the purge and the lists). */
  all(): Map<number, HoldRow[]> {
    const out = new Map<number, HoldRow[]>();
    for (const h of this.q('SELECT * FROM legal_holds ORDER BY id').all() as HoldRow[]) out.set(h.case_id, [...(out.get(h.case_id) ?? []), h]);
    return out;
  }

  /** Holds in force on `today` (not lifted, no `tot` date before it), by case id: the latest placed per case. */
  activeOn(today: string): Map<number, HoldRow> {
    const rows = this.q('SELECT * FROM legal_holds WHERE lifted_at IS NULL AND (until_date IS NULL OR until_date >= ?) ORDER BY id').all(today) as HoldRow[];
    return new Map(rows.map((h) => [h.case_id, h]));
  }

  /** How many holds were placed in `year` (placed_at is UTC; the report counts by that year). */
  countPlacedIn(year: number, caseIds?: readonly number[]): number {
    if (caseIds) {
      return this.q(`SELECT count(*) FROM legal_holds WHERE substr(placed_at, 1, 4) = ? AND case_id IN (SELECT value FROM json_each(?))`)
        .pluck().get(String(year), JSON.stringify(caseIds)) as number;
    }
    return this.q(`SELECT count(*) FROM legal_holds WHERE substr(placed_at, 1, 4) = ?`).pluck().get(String(year)) as number;
  }

  logAccessRequest(r: { email: string; at: string; by: string; dueDate: string; messageRef: number | null }): number {
    return Number(this.q('INSERT INTO access_requests (email, requested_at, requested_by, due_date, message_ref) VALUES (?, ?, ?, ?, ?)')
      .run(r.email, r.at, r.by, r.dueDate, r.messageRef).lastInsertRowid);
  }

  openAccessRequest(email: string): AccessRequestRow | undefined {
    return this.q('SELECT * FROM access_requests WHERE email = ? AND answered_at IS NULL ORDER BY id LIMIT 1').get(email) as AccessRequestRow | undefined;
  }

  openAccessRequests(): AccessRequestRow[] {
    return this.q('SELECT * FROM access_requests WHERE answered_at IS NULL ORDER BY due_date, id').all() as AccessRequestRow[];
  }

  markExported(id: number, at: string, sha256: string): void {
    this.q('UPDATE access_requests SET exported_at = ?, export_sha256 = ? WHERE id = ?').run(at, sha256, id);
  }

  markAnswered(id: number, at: string, by: string): void {
    this.q('UPDATE access_requests SET answered_at = ?, answered_by = ? WHERE id = ? AND answered_at IS NULL').run(at, by, id);
  }
}
