/** Cases, their parties, events and deadlines. Synchronous: call inside a store transaction. */
import type { Db } from './db.js';
import { prepared } from './statements.js';
import { chainOf } from './chain-repo.js';
import type { CaseState } from '../domain/case.js';
import type { CaseView, PartyRole } from '../domain/classify.js';
import { formatCaseNumber } from '../domain/case-number.js';
import type { DeadlineStart, DeadlineKind } from '../domain/deadlines.js';

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
}

export interface PartyRow { id: number; case_id: number; role: PartyRole; name: string; email: string; added_at: string }
export interface DeadlineRow {
  id: number; case_id: number; kind: DeadlineKind; start_date: string; term_wd: number; due_date: string;
  status: 'open' | 'met' | 'cancelled'; created_at: string; done_at: string | null;
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
  constructor(private readonly db: Db) {
    this.q = prepared(db);
  }

  /** Next gap-free number for `year`; the counter row moves inside the caller's transaction. */
  nextNumber(prefix: string, year: number): string {
    const row = this.q(`INSERT INTO case_counters (prefix, year, last) VALUES (?, ?, 1)
                ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1 RETURNING last`)
      .get(prefix, year) as { last: number };
    return formatCaseNumber(prefix, year, row.last);
  }

  create(c: Omit<CaseRow, 'id' | 'closed_at' | 'outcome'>): CaseRow {
    const info = this.q(`INSERT INTO cases (number, year, state, language, subject, received_at, received_date, created_at, updated_at)
                VALUES (@number, @year, @state, @language, @subject, @received_at, @received_date, @created_at, @updated_at)`)
      .run(c);
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): CaseRow | undefined {
    return this.q('SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
  }

  byNumber(number: string): CaseRow | undefined {
    return this.q('SELECT * FROM cases WHERE number = ?').get(number) as CaseRow | undefined;
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
    chainOf(this.db).append({
      caseId: e.caseId, at: e.at, actor: e.actor, type: e.type, fromState: e.fromState ?? null, toState: e.toState ?? null,
      messageRef: e.messageRef ?? null, data: JSON.stringify(e.data ?? {}),
    });
  }

  events(caseId: number): { at: string; actor: string; type: string; from_state: string | null; to_state: string | null; data: string }[] {
    return this.q('SELECT at, actor, type, from_state, to_state, data FROM events WHERE case_id = ? ORDER BY id').all(caseId) as never;
  }

  openDeadline(caseId: number, d: DeadlineStart, at: string): void {
    this.q(`INSERT INTO deadlines (case_id, kind, start_date, term_wd, due_date, created_at) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(caseId, d.kind, d.startDate, d.termWd, d.dueDate, at);
  }

  meetDeadlines(caseId: number, kinds: readonly DeadlineKind[], at: string): void {
    const stmt = this.q(`UPDATE deadlines SET status = 'met', done_at = ? WHERE case_id = ? AND kind = ? AND status = 'open'`);
    for (const k of kinds) stmt.run(at, caseId, k);
  }

  /** Cancel the open deadline of `kind`, if any (a step started again, e.g. a rescheduled hearing). */
  cancelOpenDeadline(caseId: number, kind: DeadlineKind, at: string): void {
    this.q(`UPDATE deadlines SET status = 'cancelled', done_at = ? WHERE case_id = ? AND kind = ? AND status = 'open'`).run(at, caseId, kind);
  }

  /** Cancel every open deadline of a case that has stopped (dismissed, withdrawn, closed). */
  cancelAllOpenDeadlines(caseId: number, at: string): void {
    this.q(`UPDATE deadlines SET status = 'cancelled', done_at = ? WHERE case_id = ? AND status = 'open'`).run(at, caseId);
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

  /** Cases in `states`, oldest first (for the overview). */
  inStates(states: readonly CaseState[]): CaseRow[] {
    return this.q(`SELECT * FROM cases WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY id`).all(...states) as CaseRow[];
  }

  deadlines(caseId: number): DeadlineRow[] {
    return this.q('SELECT * FROM deadlines WHERE case_id = ? ORDER BY id').all(caseId) as DeadlineRow[];
  }

  /** The deadline of `kind` that is open, or else the newest of that kind. */
  deadline(caseId: number, kind: DeadlineKind): DeadlineRow | undefined {
    return this.q(`SELECT * FROM deadlines WHERE case_id = ? AND kind = ? ORDER BY (status = 'open') DESC, id DESC LIMIT 1`)
      .get(caseId, kind) as DeadlineRow | undefined;
  }
}
