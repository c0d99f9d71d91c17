/**
 * Cases, their parties and events, and the case list. Synchronous: call inside a store transaction.
 * The deadlines of a case belong to DeadlinesRepo (store.deadlines).
 */
import type { Db } from './db.js';
import { OPEN_IN, prepared } from './statements.js';
import type { ChainRepo } from './chain-repo.js';
import type { CaseState } from '../domain/case.js';
import type { CaseView, PartyRole } from '../domain/classify.js';
import { formatCaseNumber } from '../domain/case-number.js';
import type { DeadlineKind } from '../domain/deadlines.js';

export type { DeadlineRow } from './deadlines-repo.js';

export interface CaseRow {
  id: number;
  number: string;
  year: number;
  state: CaseState;
  language: 'nl' | 'en';
  subject: string;
  received_at: string;
  received_date: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  outcome: string | null;
  /** The practice (issue 16); null while it is not known and the case is held for `#praktijk`. */
  practice_id: string | null;
}

export interface PartyRow { id: number; case_id: number; role: PartyRole; name: string; email: string; added_at: string }

/**
 * One line of the case list (`cases list`, the web's list page, the digest, the weekly overview
 * and #overzicht): the case, its first klager and its next running deadline (earliest due, then
 * oldest).
 */
export interface CaseListRow {
  id: number;
  number: string;
  subject: string;
  state: CaseState;
  received_date: string;
  outcome: string | null;
  /** The first klager's name and address (null when the case has no klager). */
  klager_name: string | null;
  klager_email: string | null;
  next_kind: DeadlineKind | null;
  next_due: string | null;
  /** Open deadlines due before CaseListFilter.overdueBefore (0 without it). */
  overdue: number;
  /** The case's practice (issue 16); null while it is held for `#praktijk`. */
  practice_id: string | null;
}

/** Which cases the list holds; every bound is optional, and they combine (AND). */
export interface CaseListFilter {
  /** Cases in these states (default: every state). */
  states?: readonly CaseState[];
  /**
   * Also cases in `states` updated since this instant (the web's recently ended cases), and with
   * `orHeld` any of them under a legal hold not yet lifted, however long ago they ended.
   */
  endedSince?: { states: readonly CaseState[]; sinceIso: string; orHeld?: boolean };
  /** Only these cases. */
  ids?: readonly number[];
  /** Only cases of these practices; null stands for the held cases (no practice yet). */
  practiceIds?: readonly (string | null)[];
  /** Count the open deadlines due before this date (`overdue`). */
  overdueBefore?: string;
  /** At most this many, oldest first (newest first with `newestFirst`). */
  limit?: number;
  newestFirst?: boolean;
}

export interface NewEvent {
  caseId: number;
  at: string;
  actor: string;
  type: string;
  fromState?: CaseState | null;
  toState?: CaseState | null;
  messageRef?: number | null;
  data?: Record<string, unknown>;
}

export class CasesRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(private readonly db: Db, private readonly chain: ChainRepo) {
    this.q = prepared(db);
  }

  /** Next gap-free number for `year`; the counter row moves inside the caller's transaction. */
  nextNumber(prefix: string, year: number): string {
    const row = this.q(`INSERT INTO case_counters (prefix, year, last) VALUES (?, ?, 1)
                ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1 RETURNING last`)
      .get(prefix, year) as { last: number };
    return formatCaseNumber(prefix, year, row.last);
  }

  create(c: Omit<CaseRow, 'id' | 'closed_at' | 'outcome' | 'practice_id'> & { practice_id?: string | null }): CaseRow {
    const info = this.q(`INSERT INTO cases (number, year, state, language, subject, received_at, received_date, created_at, updated_at, practice_id)
                VALUES (@number, @year, @state, @language, @subject, @received_at, @received_date, @created_at, @updated_at, @practice_id)`)
      .run({ ...c, practice_id: c.practice_id ?? null });
    return this.get(Number(info.lastInsertRowid))!;
  }

  /**
   * Give every case without a known practice whose number carries `prefix` to practice `id`
   * (cases from before issue 16, or of a practice renamed in PRACTICES_FILE). Held cases carry the
   * hold prefix, which no practice has, so they stay held. Returns how many changed.
   */
  adoptByPrefix(id: string, prefix: string, knownIds: readonly string[]): number {
    const placeholders = knownIds.map(() => '?').join(', ') || "''";
    return this.q(`UPDATE cases SET practice_id = ? WHERE substr(number, 1, ?) = ? AND (practice_id IS NULL OR practice_id NOT IN (${placeholders}))`)
      .run(id, prefix.length + 1, `${prefix}-`, ...knownIds).changes;
  }

  /** Assign a held case to a practice: its practice's own number, the old one kept as an alias. */
  assignPractice(caseId: number, practiceId: string, number: string, language: 'nl' | 'en', at: string): void {
    const old = this.get(caseId)!;
    this.q('INSERT OR IGNORE INTO case_aliases (number, case_id) VALUES (?, ?)').run(old.number, caseId);
    this.q('UPDATE cases SET practice_id = ?, number = ?, language = ?, updated_at = ? WHERE id = ?').run(practiceId, number, language, at, caseId);
  }

  /** Cases held for `#praktijk` (no practice yet, numbered in `holdPrefix`) in one of `states`, oldest first. */
  heldIn(holdPrefix: string, states: readonly CaseState[]): CaseRow[] {
    return this.q(`SELECT * FROM cases WHERE practice_id IS NULL AND substr(number, 1, ?) = ? AND state IN (SELECT value FROM json_each(?)) ORDER BY received_at, id`)
      .all(holdPrefix.length + 1, `${holdPrefix}-`, JSON.stringify(states)) as CaseRow[];
  }

  get(id: number): CaseRow | undefined {
    return this.q('SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
  }

  /** The case of `number`, or of the number it had while held (case_aliases). */
  byNumber(number: string): CaseRow | undefined {
    return (this.q('SELECT * FROM cases WHERE number = ?').get(number)
      ?? this.q('SELECT c.* FROM case_aliases a JOIN cases c ON c.id = a.case_id WHERE a.number = ?').get(number)) as CaseRow | undefined;
  }

  setState(id: number, state: CaseState, at: string): void {
    this.q('UPDATE cases SET state = ?, updated_at = ? WHERE id = ?').run(state, at, id);
  }

  addParty(caseId: number, role: PartyRole, name: string, email: string, at: string): void {
    this.q('INSERT OR IGNORE INTO parties (case_id, role, name, email, added_at) VALUES (?, ?, ?, ?, ?)')
      .run(caseId, role, name, email, at);
  }

  /** Replace the address (and name) of the case's party in `role` (the commissioner corrected it). */
  correctParty(caseId: number, role: PartyRole, name: string, email: string): void {
    this.q('UPDATE parties SET name = ?, email = ? WHERE case_id = ? AND role = ?').run(name, email, caseId, role);
  }

  parties(caseId: number): PartyRow[] {
    return this.q('SELECT * FROM parties WHERE case_id = ? ORDER BY id').all(caseId) as PartyRow[];
  }

  view(id: number): CaseView | null {
    const c = this.get(id);
    if (!c) return null;
    return { id: c.id, number: c.number, state: c.state, parties: this.parties(id).map((p) => ({ role: p.role, email: p.email })) };
  }

  /** The newest case in one of `states` whose klager is `email`. */
  openCaseOfKlager(email: string, states: readonly CaseState[]): CaseView | null {
    const row = this.q(`SELECT c.id FROM cases c JOIN parties p ON p.case_id = c.id
                WHERE p.role = 'klager' AND p.email = ? AND c.state IN (${states.map(() => '?').join(',')})
                ORDER BY c.id DESC LIMIT 1`)
      .get(email, ...states) as { id: number } | undefined;
    return row ? this.view(row.id) : null;
  }

  /** Append an event as the case's next link in its chain (src/store/chain-repo.ts). */
  appendEvent(e: NewEvent): void {
    this.chain.append({
      caseId: e.caseId, at: e.at, actor: e.actor, type: e.type, fromState: e.fromState ?? null, toState: e.toState ?? null,
      messageRef: e.messageRef ?? null, data: JSON.stringify(e.data ?? {}),
    });
  }

  events(caseId: number): { at: string; actor: string; type: string; from_state: string | null; to_state: string | null; data: string }[] {
    return this.q('SELECT at, actor, type, from_state, to_state, data FROM events WHERE case_id = ? ORDER BY id').all(caseId) as never;
  }

  markClosed(id: number, at: string): void {
    this.q('UPDATE cases SET closed_at = ? WHERE id = ?').run(at, id);
  }

  setOutcome(id: number, outcome: string): void {
    this.q('UPDATE cases SET outcome = ? WHERE id = ?').run(outcome, id);
  }

  setLanguage(id: number, language: 'nl' | 'en'): void {
    this.q('UPDATE cases SET language = ? WHERE id = ?').run(language, id);
  }

  /**
   * The case list: one query however many cases (bench:scale lists 100,000), the same for the
   * CLI, the web, the digest and the overview. Filters are our own constants or bound parameters.
   */
  /** Every case's id, oldest first (verify walks them all). */
  allIds(): number[] {
    return this.q('SELECT id FROM cases ORDER BY id').pluck().all() as number[];
  }

  /**
   * Cases not purged where `email` (lower case) is a party, or is named in the text of a mail that
   * one of the case's parties sent: what an access request (AVG art. 15) must search.
   */
  namingAddress(email: string): { id: number; number: string }[] {
    return this.q(`SELECT id, number FROM cases WHERE state <> 'purged' AND (
        id IN (SELECT case_id FROM parties WHERE lower(email) = ?)
        OR id IN (SELECT m.case_id FROM messages m JOIN parties p ON p.case_id = m.case_id AND lower(p.email) = lower(m.from_addr)
                  WHERE m.case_id IS NOT NULL AND instr(lower(coalesce(m.text, '')), ?) > 0))
      ORDER BY id`).all(email, email) as { id: number; number: string }[];
  }

  list(f: CaseListFilter = {}): CaseListRow[] {
    const marks = (xs: readonly unknown[]) => xs.map(() => '?').join(',');
    const where: string[] = [];
    const args: unknown[] = [f.overdueBefore ?? '0000-01-01'];
    if (f.states) {
      let inStates = `c.state IN (${marks(f.states)})`;
      args.push(...f.states);
      if (f.endedSince) {
        const held = f.endedSince.orHeld ? ' OR c.id IN (SELECT case_id FROM legal_holds WHERE lifted_at IS NULL)' : '';
        inStates = `(${inStates} OR (c.state IN (${marks(f.endedSince.states)}) AND (c.updated_at >= ?${held})))`;
        args.push(...f.endedSince.states, f.endedSince.sinceIso);
      }
      where.push(inStates);
    }
    if (f.ids) {
      where.push('c.id IN (SELECT value FROM json_each(?))');
      args.push(JSON.stringify([...new Set(f.ids)]));
    }
    if (f.practiceIds) {
      const ids = f.practiceIds.filter((p): p is string => p !== null);
      const held = f.practiceIds.includes(null) ? ' OR c.practice_id IS NULL' : '';
      where.push(`(c.practice_id IN (SELECT value FROM json_each(?))${held})`);
      args.push(JSON.stringify(ids));
    }
    args.push(f.limit ?? -1);
    return this.q(`SELECT x.id, x.number, x.subject, x.state, x.received_date, x.outcome, k.name AS klager_name, k.email AS klager_email,
                          n.kind AS next_kind, n.due_date AS next_due, x.overdue, x.practice_id
        FROM (SELECT c.*,
                (SELECT p.id FROM parties p WHERE p.case_id = c.id AND p.role = 'klager' ORDER BY p.id LIMIT 1) AS klager_id,
                (SELECT d.id FROM deadlines d WHERE d.case_id = c.id AND d.status = 'open' ORDER BY d.due_date, d.id LIMIT 1) AS next_id,
                (SELECT count(*) FROM deadlines d WHERE d.case_id = c.id AND d.status = 'open' AND d.due_date < ?) AS overdue
              FROM cases c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
              ORDER BY c.id ${f.newestFirst ? 'DESC' : ''} LIMIT ?) x
        LEFT JOIN parties k ON k.id = x.klager_id
        LEFT JOIN deadlines n ON n.id = x.next_id
        ORDER BY x.id ${f.newestFirst ? 'DESC' : ''}`).all(...args) as CaseListRow[];
  }

  /** How many cases are open (the procedure runs); with `practiceIds`, of those practices only (null: held). */
  countOpen(practiceIds?: readonly (string | null)[]): number {
    if (!practiceIds) return (this.q(`SELECT count(*) AS n FROM cases WHERE state IN (${OPEN_IN})`).get() as { n: number }).n;
    const held = practiceIds.includes(null) ? ' OR practice_id IS NULL' : '';
    return (this.q(`SELECT count(*) AS n FROM cases WHERE state IN (${OPEN_IN})
                    AND (practice_id IN (SELECT value FROM json_each(?))${held})`)
      .get(JSON.stringify(practiceIds.filter((p) => p !== null))) as { n: number }).n;
  }

  /** How many cases there are, purged ones included. */
  count(): number {
    return (this.q('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
  }

  /** How many cases there are in each state that has any, per practice (null: held, no practice yet). */
  countByState(): { state: CaseState; practice_id: string | null; n: number }[] {
    return this.q('SELECT state, practice_id, count(*) AS n FROM cases GROUP BY state, practice_id').all() as { state: CaseState; practice_id: string | null; n: number }[];
  }

  /** The case opened last, if any. */
  newest(): CaseRow | undefined {
    return this.q('SELECT * FROM cases ORDER BY id DESC LIMIT 1').get() as CaseRow | undefined;
  }

  /** Cases whose klager is `email`, opened since `sinceIso` (the per-sender limit on new cases). */
  countOpenedByKlagerSince(email: string, sinceIso: string): number {
    return (this.q(`SELECT count(*) AS n FROM cases c JOIN parties p ON p.case_id = c.id AND p.role = 'klager'
                    WHERE p.email = ? AND c.created_at >= ?`).get(email, sinceIso) as { n: number }).n;
  }

  /** Cases in `states`, oldest first (for the overview). */
  inStates(states: readonly CaseState[]): CaseRow[] {
    return this.q(`SELECT * FROM cases WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY id`).all(...states) as CaseRow[];
  }

}
