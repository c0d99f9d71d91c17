/**
 * @deprecated The case list is `store.cases.list()` (one query for the CLI, the web, the digest
 * and the overview). These adapters keep the shapes src/use-cases/send-digest.ts reads, for the
 * change that rewrites it in parallel: TODO(integration): remove once switched.
 */
import type { Store } from './store.js';
import { OPEN_STATES, type CaseState } from '../domain/case.js';
import type { DeadlineKind } from '../domain/deadlines.js';
import type { CaseListRow } from './cases-repo.js';

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

const lineOf = (r: CaseListRow): OpenCaseLineRow => ({
  id: r.id, number: r.number, state: r.state, received_date: r.received_date, klager: r.klager_name ?? '',
  next_kind: r.next_kind, next_date: r.next_due,
});

/** The lines of the cases `ids`, by id (ids without a case are left out). */
export function caseLines(store: Store, ids: readonly number[]): Map<number, CaseLineRow> {
  return new Map(store.cases.list({ ids }).map((r) => [r.id, lineOf(r)]));
}

/** How many cases are open. */
export function openCaseCount(store: Store): number {
  return store.cases.countOpen();
}

/** The open cases, oldest first (at most `limit`), each with its next running deadline (earliest due, then oldest). */
export function openCaseLines(store: Store, limit = -1): OpenCaseLineRow[] {
  return store.cases.list({ states: OPEN_STATES, limit }).map(lineOf);
}
