/**
 * The deadlines table and what hangs off it: a case's deadlines as they start, are met, cancelled
 * and moved (#verleng, #afwezig), the open ones with what reminders need, declared absences, and
 * the ledger of reminder jobs that have run. The one owner of those tables.
 * Synchronous: call inside a store transaction where it writes.
 */
import type { Db } from './db.js';
import { OPEN_IN, prepared } from './statements.js';
import type { DateRange, LocalDate } from '../domain/calendar.js';
import type { DeadlineKind, DeadlineStart } from '../domain/deadlines.js';
import type { OpenDeadline } from '../domain/reminders.js';

export interface DeadlineRow {
  id: number; case_id: number; kind: DeadlineKind; start_date: string;
  /** The term's length in term_unit: working days, or weeks (issue 16, Wkkgz). */
  term_wd: number; term_unit: 'wd' | 'weeks'; due_date: string;
  /** A term in weeks: the law's end before the Atw moved it to due_date (migration 015); else null. */
  term_end?: string | null;
  status: 'open' | 'met' | 'cancelled'; created_at: string; done_at: string | null;
}

export interface MoveRow {
  id: number; deadline_id: number; case_id: number; origin: 'extension' | 'absence'; from_date: string; to_date: string;
  working_days: number; reason: string; category: string; actor: string; message_ref: number | null; at: string; kind: DeadlineKind;
}

export interface NewMove {
  deadlineId: number; caseId: number; origin: 'extension' | 'absence'; fromDate: LocalDate; toDate: LocalDate;
  workingDays: number; reason: string; category: string; actor: string; messageRef: number | null; at: string;
  /** A term in weeks extended in weeks: its new end as the law counts it (term_end). */
  termEnd?: LocalDate;
}

/** Open deadlines of open cases due from `from` to `to` (inclusive; unbounded when absent), of `kinds` if given. */
export interface OpenRange { from?: LocalDate | null; to?: LocalDate | null; kinds?: readonly DeadlineKind[] }

/** The WHERE clause of an OpenRange; its two parameters are from and to. Kinds are our own constants. */
function rangeSql(range: OpenRange): string {
  const kinds = range.kinds ? `AND d.kind IN (${range.kinds.map((k) => `'${k}'`).join(', ')})` : '';
  return `d.status = 'open' AND d.due_date >= ? AND d.due_date <= ? ${kinds} AND c.state IN (${OPEN_IN})`;
}

export class DeadlinesRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(db: Db) {
    this.q = prepared(db);
  }

  /** Start a deadline of the case (a step that starts a term). */
  start(caseId: number, d: DeadlineStart, at: string): void {
    this.q(`INSERT INTO deadlines (case_id, kind, start_date, term_wd, term_unit, term_end, due_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(caseId, d.kind, d.startDate, d.termWd, d.unit === 'weeks' ? 'weeks' : 'wd', d.termEnd ?? null, d.dueDate, at);
  }

  /** Mark the open deadlines of `kinds` met (the step they wait for was taken). */
  meet(caseId: number, kinds: readonly DeadlineKind[], at: string): void {
    const stmt = this.q(`UPDATE deadlines SET status = 'met', done_at = ? WHERE case_id = ? AND kind = ? AND status = 'open'`);
    for (const k of kinds) stmt.run(at, caseId, k);
  }

  /** Cancel the open deadline of `kind`, if any (a step started again, e.g. a rescheduled hearing). */
  cancelOpen(caseId: number, kind: DeadlineKind, at: string): void {
    this.q(`UPDATE deadlines SET status = 'cancelled', done_at = ? WHERE case_id = ? AND kind = ? AND status = 'open'`).run(at, caseId, kind);
  }

  /** Cancel every open deadline of a case that has stopped (dismissed, withdrawn, closed). */
  cancelAllOpen(caseId: number, at: string): void {
    this.q(`UPDATE deadlines SET status = 'cancelled', done_at = ? WHERE case_id = ? AND status = 'open'`).run(at, caseId);
  }

  /** Every deadline of a case, oldest first. */
  ofCase(caseId: number): DeadlineRow[] {
    return this.q('SELECT * FROM deadlines WHERE case_id = ? ORDER BY id').all(caseId) as DeadlineRow[];
  }

  /** The deadline of `kind` that is open, or else the newest of that kind. */
  currentOfKind(caseId: number, kind: DeadlineKind): DeadlineRow | undefined {
    return this.q(`SELECT * FROM deadlines WHERE case_id = ? AND kind = ? ORDER BY (status = 'open') DESC, id DESC LIMIT 1`)
      .get(caseId, kind) as DeadlineRow | undefined;
  }

  /** Open deadlines of running cases whose date is before `today`, per kind (the metrics). */
  overdueCountByKind(today: LocalDate): { kind: DeadlineKind; practice_id: string | null; n: number }[] {
    return this.q(`SELECT d.kind, c.practice_id, count(*) AS n FROM deadlines d JOIN cases c ON c.id = d.case_id
                   WHERE d.status = 'open' AND c.state IN (${OPEN_IN}) AND d.due_date < ? GROUP BY d.kind, c.practice_id`)
      .all(today) as { kind: DeadlineKind; practice_id: string | null; n: number }[];
  }

  /**
   * The open deadlines of open cases, with whether a beklaagde is named, due between `from` and
   * `to` (inclusive; null for no bound), optionally of `kinds` only. Ranges use the
   * deadlines_open index: reminders only look a few days ahead, so a large store is not read
   * whole on every reconcile (bench:scale).
   */
  openOfOpenCases(range: OpenRange & { limit?: number } = {}): OpenDeadline[] {
    const rows = this.q(`SELECT d.case_id, d.id, d.kind, d.due_date,
                EXISTS (SELECT 1 FROM parties p WHERE p.case_id = d.case_id AND p.role = 'beklaagde') AS beklaagde
              FROM deadlines d JOIN cases c ON c.id = d.case_id
              WHERE ${rangeSql(range)} ORDER BY d.due_date, d.case_id, d.id LIMIT ?`)
      .all(range.from ?? '0000-01-01', range.to ?? '9999-12-31', range.limit ?? -1) as { case_id: number; id: number; kind: DeadlineKind; due_date: string; beklaagde: number }[];
    return rows.map((r) => ({ caseId: r.case_id, deadlineId: r.id, kind: r.kind, dueDate: r.due_date, beklaagdeNamed: r.beklaagde === 1 }));
  }

  /** How many open deadlines of open cases are in `range`. */
  countOpen(range: OpenRange): number {
    return (this.q(`SELECT count(*) AS n FROM deadlines d JOIN cases c ON c.id = d.case_id WHERE ${rangeSql(range)}`)
      .get(range.from ?? '0000-01-01', range.to ?? '9999-12-31') as { n: number }).n;
  }

  /** The latest-due open deadline of `kinds` in an open case due before `date`, if any. */
  lastOverdue(kinds: readonly DeadlineKind[], date: LocalDate): OpenDeadline | null {
    const r = this.q(`SELECT d.case_id, d.id, d.kind, d.due_date FROM deadlines d JOIN cases c ON c.id = d.case_id
              WHERE d.status = 'open' AND d.due_date < ? AND d.kind IN (${kinds.map((k) => `'${k}'`).join(', ')}) AND c.state IN (${OPEN_IN})
              ORDER BY d.due_date DESC, d.id DESC LIMIT 1`)
      .get(date) as { case_id: number; id: number; kind: DeadlineKind; due_date: string } | undefined;
    return r ? { caseId: r.case_id, deadlineId: r.id, kind: r.kind, dueDate: r.due_date, beklaagdeNamed: false } : null;
  }

  /** The open deadlines of one case, oldest first. */
  openOf(caseId: number): DeadlineRow[] {
    return this.q(`SELECT * FROM deadlines WHERE case_id = ? AND status = 'open' ORDER BY id`).all(caseId) as DeadlineRow[];
  }

  get(id: number): DeadlineRow | undefined {
    return this.q('SELECT * FROM deadlines WHERE id = ?').get(id) as DeadlineRow | undefined;
  }

  /** Move an open deadline to `to` and record where from, why and by whom. */
  move(m: NewMove): void {
    if (m.termEnd !== undefined) this.q(`UPDATE deadlines SET term_end = ? WHERE id = ? AND status = 'open'`).run(m.termEnd, m.deadlineId);
    this.q(`UPDATE deadlines SET due_date = ? WHERE id = ? AND status = 'open'`).run(m.toDate, m.deadlineId);
    this.q(`INSERT INTO deadline_moves (deadline_id, case_id, origin, from_date, to_date, working_days, reason, category, actor, message_ref, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(m.deadlineId, m.caseId, m.origin, m.fromDate, m.toDate, m.workingDays, m.reason, m.category, m.actor, m.messageRef, m.at);
  }

  movesOf(caseId: number): MoveRow[] {
    return this.q(`SELECT m.*, d.kind FROM deadline_moves m JOIN deadlines d ON d.id = m.deadline_id WHERE m.case_id = ? ORDER BY m.id`)
      .all(caseId) as MoveRow[];
  }

  addAbsence(a: { caseId: number | null; from: LocalDate; to: LocalDate; reason: string; category: string; actor: string; messageRef: number | null; at: string }): void {
    this.q('INSERT INTO absences (case_id, from_date, to_date, reason, category, actor, message_ref, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(a.caseId, a.from, a.to, a.reason, a.category, a.actor, a.messageRef, a.at);
  }

  /** Absences that count for a case: its own and the commissioner's general ones. */
  absencesFor(caseId: number): DateRange[] {
    return (this.q('SELECT from_date, to_date FROM absences WHERE case_id = ? OR case_id IS NULL ORDER BY id').all(caseId) as { from_date: string; to_date: string }[])
      .map((r) => ({ from: r.from_date, to: r.to_date }));
  }

  /** Every declared absence with its case (null: the commissioner's, for every case), for lists of many cases. */
  allAbsences(): { caseId: number | null; range: DateRange }[] {
    return (this.q('SELECT case_id, from_date, to_date FROM absences ORDER BY id').all() as { case_id: number | null; from_date: string; to_date: string }[])
      .map((r) => ({ caseId: r.case_id, range: { from: r.from_date, to: r.to_date } }));
  }

  /** Which of `keys` have run already. */
  doneAmong(keys: readonly string[]): Set<string> {
    const done = new Set<string>();
    const stmt = this.q('SELECT 1 FROM reminders_done WHERE job_key = ?');
    for (const k of keys) if (stmt.get(k)) done.add(k);
    return done;
  }

  /** Record that a reminder job ran; false when it had run before (then write nothing else). */
  markDone(key: string, outcome: string, at: string): boolean {
    return this.q('INSERT OR IGNORE INTO reminders_done (job_key, outcome, at) VALUES (?, ?, ?)').run(key, outcome, at).changes === 1;
  }

  /** Forget ledger entries older than `beforeIso` (their dates are long past, so no job will ask). */
  pruneDone(beforeIso: string): number {
    return this.q('DELETE FROM reminders_done WHERE at < ?').run(beforeIso).changes;
  }

  /** Cases whose appeal window ended before `today` while they wait for an appeal (state decided). */
  expiredAppeals(today: LocalDate): number[] {
    return (this.q(`SELECT DISTINCT d.case_id FROM deadlines d JOIN cases c ON c.id = d.case_id
                    WHERE d.kind = 'appeal' AND d.status = 'open' AND d.due_date < ? AND c.state = 'decided' ORDER BY d.case_id`)
      .all(today) as { case_id: number }[]).map((r) => r.case_id);
  }
}
