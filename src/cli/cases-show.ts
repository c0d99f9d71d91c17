/**
 * `complaint-desk cases show KL-2026-0001 [--json]`: one case's file: parties, the timeline of
 * its events, every deadline with what started it and each move (#verleng, #afwezig), the
 * documents (mail in and out, the report) with their sizes and attachments, and the letters in
 * the outbox with their status. Read-only.
 */
import { CliError } from '../errors/index.js';
import { outsideName } from '../domain/outside-text.js';
import { termLength } from '../domain/text-format.js';
import type { Config } from '../config.js';
import { localDateOf, type LocalDate, type WorkingDayCalendar } from '../domain/calendar.js';
import { systemClock, type Clock } from '../domain/clock.js';
import type { DeadlineKind } from '../domain/deadlines.js';
import type { Store } from '../store/store.js';
import { caseCalendar } from '../use-cases/case-calendar.js';
import { calendarOf, safeJson, formatSize, localDateTime, openReadOnly, painter, safeText, todayIn, type Output } from './common.js';

/** The step that starts each deadline (SPEC §3). */
const STARTED_BY: Record<DeadlineKind, string> = {
  ack: 'receipt', present: 'acknowledgement', response: 'presentation', handle: 'acknowledgement', appeal: 'ruling', 'appeal-handle': 'appeal admitted',
};

export interface CaseDetail {
  number: string;
  state: string;
  language: string;
  subject: string;
  receivedAt: string;
  receivedDate: LocalDate;
  closedAt: string | null;
  outcome: string | null;
  parties: { role: string; name: string; email: string; addedAt: string }[];
  timeline: { at: string; type: string; actor: string; fromState: string | null; toState: string | null; data: Record<string, unknown> }[];
  deadlines: {
    kind: string; startedBy: string; startDate: LocalDate; termWd: number; /** Only for a legal term in weeks (termWd then holds weeks). */ termUnit?: 'weeks'; originalDueDate: LocalDate; dueDate: LocalDate;
    status: string; doneAt: string | null; workingDaysLeft: number | null;
    moves: { origin: string; fromDate: LocalDate; toDate: LocalDate; workingDays: number; reason: string; actor: string; at: string }[];
  }[];
  absences: { from: LocalDate; to: LocalDate }[];
  documents: {
    at: string; direction: 'in' | 'out'; kind: string; status: string; subject: string; from: string | null; to: string[]; size: number;
    attachments: { filename: string; contentType: string; size: number }[];
  }[];
  letters: { template: string; role: string; to: string; status: string; createdAt: string; sentAt: string | null; attempts: number; lastError: string | null }[];
  /** Legal holds (#bewaar), lifted ones too; `active` while one keeps the case from the purge. */
  holds: { reason: string; until: LocalDate | null; placedAt: string; placedBy: string; liftedAt: string | null; active: boolean }[];
}

const parse = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

export function caseDetail(store: Store, calendar: WorkingDayCalendar, today: LocalDate, number: string): CaseDetail {
  const c = store.cases.byNumber(number.trim().toUpperCase());
  if (!c) throw new CliError(`no case ${number}`);
  const moves = store.deadlines.movesOf(c.id);
  const own = caseCalendar(store, calendar, c.id);
  return {
    number: c.number, state: c.state, language: c.language, subject: c.subject, receivedAt: c.received_at, receivedDate: c.received_date,
    closedAt: c.closed_at, outcome: c.outcome,
    parties: store.cases.parties(c.id).map((p) => ({ role: p.role, name: p.name, email: p.email, addedAt: p.added_at })),
    timeline: store.cases.events(c.id).map((e) => ({
      at: e.at, type: e.type, actor: e.actor, fromState: e.from_state, toState: e.to_state, data: parse(e.data) as Record<string, unknown>,
    })),
    deadlines: store.deadlines.ofCase(c.id).map((d) => {
      const mine = moves.filter((m) => m.deadline_id === d.id);
      return {
        kind: d.kind, startedBy: STARTED_BY[d.kind] ?? 'unknown', startDate: d.start_date, termWd: d.term_wd, ...(d.term_unit === 'weeks' ? { termUnit: 'weeks' as const } : {}),
        originalDueDate: mine[0]?.from_date ?? d.due_date, dueDate: d.due_date, status: d.status, doneAt: d.done_at,
        workingDaysLeft: d.status === 'open' ? own.workingDaysBetween(today, d.due_date) : null,
        moves: mine.map((m) => ({ origin: m.origin, fromDate: m.from_date, toDate: m.to_date, workingDays: m.working_days, reason: m.reason, actor: m.actor, at: m.at })),
      };
    }),
    absences: store.deadlines.absencesFor(c.id),
    documents: store.messages.byCase(c.id).map((m) => ({
      at: m.at, direction: m.direction, kind: m.kind, status: m.status, subject: m.subject, from: m.from_addr,
      to: parse(m.to_addrs) as string[], size: m.size,
      attachments: store.messages.attachmentsOf(m.id).map((a) => ({ filename: a.filename, contentType: a.content_type, size: a.size })),
    })),
    letters: store.outbox.byCase(c.id).map((l) => ({
      template: l.template, role: l.recipient_role, to: l.to_addr, status: l.status, createdAt: l.created_at, sentAt: l.sent_at,
      attempts: l.attempts, lastError: l.last_error,
    })),
    holds: store.holds.ofCase(c.id).map((h) => ({
      reason: h.reason, until: h.until_date, placedAt: h.placed_at, placedBy: h.placed_by, liftedAt: h.lifted_at,
      active: h.lifted_at === null && (h.until_date === null || today <= h.until_date),
    })),
  };
}

/** An event's data in one line: key=value, nothing cut (this is the full view). */
function dataLine(data: Record<string, unknown>): string {
  if (!data || typeof data !== 'object') return '';
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${safeText(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join(' ');
}

export function formatCaseDetail(d: CaseDetail, out: Output, timeZone: string, soonWd: number): string {
  const paint = painter(out);
  const t = (iso: string) => localDateTime(iso, timeZone);
  const lines: string[] = [];
  lines.push(`${paint('bold', d.number)}  ${d.state}  (${d.language})`);
  lines.push(`  received  ${t(d.receivedAt)}`);
  if (d.closedAt) lines.push(`  closed    ${t(d.closedAt)}`);
  if (d.outcome) lines.push(`  outcome   ${d.outcome}`);
  lines.push(`  subject   ${safeText(d.subject) || '–'}`);
  for (const h of d.holds) {
    const span = h.liftedAt ? `lifted ${t(h.liftedAt)}` : h.until ? `until ${h.until}` : 'until lifted';
    const text = `  hold      ${h.active ? 'LEGAL HOLD' : 'legal hold'} ${span}: ${safeText(h.reason)} (placed ${t(h.placedAt)} by ${safeText(h.placedBy)})`;
    lines.push(h.active ? paint('yellow', text) : paint('dim', text));
  }

  lines.push('', paint('bold', 'Parties'));
  if (d.parties.length === 0) lines.push('  none');
  for (const p of d.parties) lines.push(`  ${p.role.padEnd(10)}  ${safeText(outsideName(p.name)) || '–'} <${safeText(p.email)}>  since ${localDateOf(new Date(p.addedAt), timeZone)}`);

  lines.push('', paint('bold', 'Timeline'));
  for (const e of d.timeline) {
    const step = e.toState ? (e.fromState ? `${e.fromState} → ${e.toState}` : `→ ${e.toState}`) : '';
    lines.push(`  ${t(e.at)}  ${e.type.padEnd(18)} ${step.padEnd(28)} by ${safeText(e.actor)}${dataLine(e.data) ? paint('dim', `  ${dataLine(e.data)}`) : ''}`.trimEnd());
  }

  lines.push('', paint('bold', 'Deadlines'));
  if (d.deadlines.length === 0) lines.push('  none');
  for (const dl of d.deadlines) {
    const when = dl.status === 'open'
      ? `open, ${dl.workingDaysLeft! < 0 ? `${-dl.workingDaysLeft!} wd overdue` : `${dl.workingDaysLeft} wd left`}`
      : `${dl.status}${dl.doneAt ? ` ${localDateOf(new Date(dl.doneAt), timeZone)}` : ''}`;
    const moved = dl.originalDueDate !== dl.dueDate ? ` (originally ${dl.originalDueDate})` : '';
    let text = `  ${dl.kind.padEnd(8)}  started ${dl.startDate} by ${dl.startedBy}, ${termLength(dl.termWd, dl.termUnit, 'en', 'short')} → due ${dl.dueDate}${moved}  ${when}`;
    if (dl.status === 'open' && dl.workingDaysLeft! < 0) text = paint('red', text);
    else if (dl.status === 'open' && dl.workingDaysLeft! <= soonWd) text = paint('yellow', text);
    lines.push(text);
    for (const m of dl.moves) {
      lines.push(paint('dim', `      moved ${m.fromDate} → ${m.toDate} (+${m.workingDays} wd) by ${m.origin}${m.reason ? `: ${safeText(m.reason)}` : ''}, on ${t(m.at)} by ${safeText(m.actor)}`));
    }
  }
  for (const a of d.absences) lines.push(paint('dim', `  absence ${a.from} … ${a.to}`));

  lines.push('', paint('bold', 'Documents'));
  if (d.documents.length === 0) lines.push('  none');
  for (const doc of d.documents) {
    const who = doc.direction === 'in' ? `from ${safeText(doc.from)}` : doc.to.length ? `to ${safeText(doc.to.join(', '))}` : '';
    lines.push(`  ${t(doc.at)}  ${doc.direction.padEnd(3)} ${doc.kind.padEnd(22)} ${formatSize(doc.size).padStart(9)}  "${safeText(doc.subject)}" ${who}`.trimEnd());
    for (const a of doc.attachments) lines.push(`      attachment  ${safeText(a.filename)}  ${safeText(a.contentType)}  ${formatSize(a.size)}`);
  }

  lines.push('', paint('bold', 'Letters'));
  if (d.letters.length === 0) lines.push('  none');
  for (const l of d.letters) {
    const status = l.status === 'sent' && l.sentAt ? `sent ${t(l.sentAt)}` : l.status === 'failed' ? paint('red', `failed: ${safeText(l.lastError)}`) : l.status;
    lines.push(`  ${t(l.createdAt)}  ${l.template.padEnd(24)} → ${l.role} <${safeText(l.to)}>  ${status}`);
  }
  return `${lines.join('\n')}\n`;
}

export function runCasesShow(config: Config, number: string, opts: { json?: boolean }, out: Output, clock: Clock = systemClock): void {
  if (!/^[A-Za-z][A-Za-z0-9]{0,7}-\d{4}-\d{4,}$/.test(number.trim())) {
    throw new CliError(`'${safeText(number, 40)}' is not a case number such as ${config.casePrefix}-2026-0001`, 2);
  }
  const store = openReadOnly(config);
  try {
    const d = caseDetail(store, calendarOf(config), todayIn(config, clock), number);
    out.write(opts.json ? safeJson(d) : formatCaseDetail(d, out, config.timeZone, config.reminderWdBefore));
  } finally {
    store.close();
  }
}
