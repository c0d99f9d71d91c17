/**
 * One line per case for the lists the commissioner gets (the daily digest, the weekly overview,
 * #overzicht): number, state, the klager's name and, for the overview, the next running
 * deadline. Each list is one query, however many cases it holds (bench:scale: the digest of a
 * large store asked three queries per line).
 */
import type { Store } from './store.js';
import { prepared } from './statements.js';
import { OPEN_STATES, type CaseState } from '../domain/case.js';
import type { DeadlineKind } from '../domain/deadlines.js';

export interface CaseLineRow {
  id: number;
  number: string;
  state: CaseState;
  received_date: string;
  /** The first klager's name ('' when the case has none). */
  klager: string;
}

export interface OpenCaseLineRow extends CaseLineRow {
  next_kind: DeadlineKind | null;
  next_date: string | null;
}

const KLAGER = `(SELECT p.name FROM parties p WHERE p.case_id = c.id AND p.role = 'klager' ORDER BY p.id LIMIT 1)`;
const OPEN_IN = OPEN_STATES.map((s) => `'${s}'`).join(', ');

/** The lines of the cases `ids`, by id (ids without a case are left out). */
export function caseLines(store: Store, ids: readonly number[]): Map<number, CaseLineRow> {
  const rows = prepared(store.db)(`SELECT c.id, c.number, c.state, c.received_date, coalesce(${KLAGER}, '') AS klager
                 FROM cases c WHERE c.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify([...new Set(ids)])) as CaseLineRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** How many cases are open. */
export function openCaseCount(store: Store): number {
  return (prepared(store.db)(`SELECT count(*) AS n FROM cases WHERE state IN (${OPEN_IN})`).get() as { n: number }).n;
}

/** The open cases, oldest first (at most `limit`), each with its next running deadline (earliest due, then oldest). */
export function openCaseLines(store: Store, limit = -1): OpenCaseLineRow[] {
  return prepared(store.db)(`SELECT x.id, x.number, x.state, x.received_date, x.klager, n.kind AS next_kind, n.due_date AS next_date
      FROM (SELECT c.id, c.number, c.state, c.received_date, coalesce(${KLAGER}, '') AS klager,
                   (SELECT d.id FROM deadlines d WHERE d.case_id = c.id AND d.status = 'open' ORDER BY d.due_date, d.id LIMIT 1) AS next_id
              FROM cases c WHERE c.state IN (${OPEN_IN}) ORDER BY c.id LIMIT ?) x
      LEFT JOIN deadlines n ON n.id = x.next_id
      ORDER BY x.id`).all(limit) as OpenCaseLineRow[];
}
