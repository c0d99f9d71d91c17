/**
 * The timeline of a case's terms, as the case page shows it: per deadline its start, original and
 * current due date, every move, and where today falls (working days used, left or overdue); and
 * one chronological list of what happened and what is due, with today's place marked. Pure:
 * rows, today and the case's calendar in, a view model out.
 */
import { localDateOf, type LocalDate, type WorkingDayCalendar } from '../domain/calendar.js';
import type { DeadlineRow } from '../store/cases-repo.js';
import type { MoveRow } from '../store/deadlines-repo.js';

export type Position = 'not-started' | 'running' | 'due-today' | 'overdue' | 'met' | 'met-late' | 'cancelled';

export interface TermView {
  kind: string;
  start: LocalDate;
  termWd: number;
  /** A legal term in weeks (Wkkgz): termWd then holds weeks. */
  weeks?: true;
  originalDue: LocalDate;
  due: LocalDate;
  moved: boolean;
  status: DeadlineRow['status'];
  doneDate: LocalDate | null;
  moves: { origin: string; from: LocalDate; to: LocalDate; wd: number; reason: string; date: LocalDate }[];
  position: Position;
  /** Working days from start to due (the term plus its moves), used so far, left, overdue. */
  totalWd: number;
  usedWd: number;
  leftWd: number;
  overdueWd: number;
}

export interface TimelineEntry {
  date: LocalDate;
  what: 'event' | 'due' | 'move' | 'today';
  /** Event type, deadline kind or move origin. */
  key: string;
  kind?: string;
  /** The text of a note. */
  detail?: string;
  /** An event's stored data (outcome, reason, ...), for the page to say what happened. */
  data?: Record<string, unknown>;
  /** The state an event took the case from (a close after a dismissal says so). */
  fromState?: string | null;
  /** A move's old and new due date. */
  from?: LocalDate;
  to?: LocalDate;
  future: boolean;
}

export interface EventLike {
  at: string;
  type: string;
  data: string;
  from_state?: string | null;
}

const ORDER: Record<TimelineEntry['what'], number> = { event: 0, move: 1, due: 2, today: 3 };

/** One deadline as the page shows it. */
export function termView(d: DeadlineRow, moves: readonly MoveRow[], today: LocalDate, cal: WorkingDayCalendar, tz: string): TermView {
  const own = moves.filter((m) => m.deadline_id === d.id);
  const doneDate = d.done_at ? localDateOf(new Date(d.done_at), tz) : null;
  const totalWd = Math.max(0, cal.workingDaysBetween(d.start_date, d.due_date));
  const until = d.status === 'open' ? today : doneDate ?? today;
  const usedWd = Math.min(totalWd, Math.max(0, cal.workingDaysBetween(d.start_date, until)));
  const left = cal.workingDaysBetween(today, d.due_date);
  let position: Position;
  if (d.status === 'cancelled') position = 'cancelled';
  else if (d.status === 'met') position = doneDate && doneDate > d.due_date ? 'met-late' : 'met';
  else if (today < d.start_date) position = 'not-started';
  else if (today === d.due_date) position = 'due-today';
  else position = today > d.due_date ? 'overdue' : 'running';
  return {
    kind: d.kind, start: d.start_date, termWd: d.term_wd, ...(d.term_unit === 'weeks' ? { weeks: true as const } : {}), originalDue: own[0]?.from_date ?? d.due_date, due: d.due_date,
    moved: own.length > 0, status: d.status, doneDate,
    moves: own.map((m) => ({ origin: m.origin, from: m.from_date, to: m.to_date, wd: m.working_days, reason: m.reason, date: localDateOf(new Date(m.at), tz) })),
    position, totalWd, usedWd,
    leftWd: d.status === 'open' ? Math.max(0, left) : 0,
    overdueWd: d.status === 'open' && today > d.due_date ? cal.workingDaysBetween(d.due_date, today) : 0,
  };
}

/** What happened and what is due, oldest first, with one `today` entry in its place. */
export function timeline(events: readonly EventLike[], terms: readonly TermView[], today: LocalDate, tz: string): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const e of events) {
    const date = localDateOf(new Date(e.at), tz);
    const data = eventData(e.data);
    entries.push({ date, what: 'event', key: e.type, detail: e.type === 'note' && typeof data.text === 'string' ? data.text : undefined, data, fromState: e.from_state ?? null, future: date > today });
  }
  for (const t of terms) {
    for (const m of t.moves) entries.push({ date: m.date, what: 'move', key: m.origin, kind: t.kind, from: m.from, to: m.to, future: m.date > today });
    if (t.status === 'open') entries.push({ date: t.due, what: 'due', key: t.position, kind: t.kind, future: t.due > today });
  }
  entries.push({ date: today, what: 'today', key: 'today', future: false });
  // Stable: events of one day keep the order they happened in; terms due the same day go by kind.
  return entries.sort((a, b) => a.date.localeCompare(b.date) || ORDER[a.what] - ORDER[b.what]
    || (a.what === 'due' && b.what === 'due' ? kindRank(a.kind ?? '') - kindRank(b.kind ?? '') : 0));
}

/** The order of the procedure's terms, for terms due on the same day. */
const KIND_ORDER = ['ack', 'present', 'response', 'handle', 'appeal', 'appeal-handle'];
const kindRank = (kind: string): number => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

/** Terms as the page lists them: by due date, then in the procedure's order (then by name). */
export function sortTerms<T extends { due: LocalDate; kind: string }>(terms: readonly T[]): T[] {
  return [...terms].sort((a, b) => a.due.localeCompare(b.due) || kindRank(a.kind) - kindRank(b.kind) || a.kind.localeCompare(b.kind));
}

function eventData(data: string): Record<string, unknown> {
  try {
    const v = JSON.parse(data) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
