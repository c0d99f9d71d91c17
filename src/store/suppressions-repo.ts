/**
 * Suppressed addresses: no letter goes to them until the commissioner corrects the address
 * (SPEC §5 step 2). Reached as `store.suppressions`.
 */
import type { Db } from './db.js';
import { prepared } from './statements.js';

export interface SuppressionRow {
  id: number; address: string; reason: string; status: string | null; case_id: number | null;
  outbox_id: number | null; created_at: string; lifted_at: string | null; lifted_by: string | null;
}

export class SuppressionsRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(db: Db) {
    this.q = prepared(db);
  }

  /** The active suppression of `address`, if any. */
  active(address: string): SuppressionRow | undefined {
    return this.q('SELECT * FROM suppressions WHERE address = ? AND lifted_at IS NULL').get(address.trim().toLowerCase()) as SuppressionRow | undefined;
  }

  /** Suppress `address`; a second failure while it is suppressed changes nothing. Returns true when new. */
  add(s: { address: string; reason: string; status: string | null; caseId: number | null; outboxId: number | null; at: string }): boolean {
    return this.q(`INSERT OR IGNORE INTO suppressions (address, reason, status, case_id, outbox_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(s.address.trim().toLowerCase(), s.reason.slice(0, 500), s.status, s.caseId, s.outboxId, s.at).changes === 1;
  }

  /** The commissioner corrected the address: letters may go to it again. Returns true when one was lifted. */
  lift(address: string, by: string, at: string): boolean {
    return this.q('UPDATE suppressions SET lifted_at = ?, lifted_by = ? WHERE address = ? AND lifted_at IS NULL')
      .run(at, by, address.trim().toLowerCase()).changes > 0;
  }

  list(): SuppressionRow[] {
    return this.q('SELECT * FROM suppressions ORDER BY id').all() as SuppressionRow[];
  }
}

