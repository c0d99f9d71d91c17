/**
 * The list page's data: every open case with its next deadline and the working days left, and
 * the cases that ended (closed, dismissed, withdrawn) in the last RECENT_DAYS days. Purged cases
 * hold nothing to show and are left out. Read-only queries.
 */
import { OPEN_STATES } from '../domain/case.js';
import { addDays, localDateOf } from '../domain/calendar.js';
import { holdsOf } from '../store/holds-repo.js';
import { prepared } from '../store/statements.js';
import { calendarForCase } from '../use-cases/case-calendar.js';
import type { AppContext } from '../use-cases/context.js';
import type { WebViews } from './views.js';

/** How long an ended case stays on the list. */
export const RECENT_DAYS = 90;

export interface CaseListItem {
  number: string;
  subject: string;
  state: string;
  stateLabel: string;
  klagerName: string;
  receivedDate: string;
  outcome: string;
  next: { kind: string; label: string; due: string; leftWd: number; overdueWd: number; today: boolean } | null;
  /** A legal hold in force (#bewaar): its last day, or null for "until lifted". */
  hold: { until: string | null } | null;
}

interface Row {
  id: number; number: string; subject: string; state: string; received_date: string; outcome: string | null;
  klager_name: string | null; next_kind: string | null; next_due: string | null;
}

const OPEN_IN = OPEN_STATES.map((s) => `'${s}'`).join(', ');
const SQL = `SELECT c.id, c.number, c.subject, c.state, c.received_date, c.outcome,
    (SELECT p.name FROM parties p WHERE p.case_id = c.id AND p.role = 'klager' ORDER BY p.id LIMIT 1) AS klager_name,
    (SELECT d.kind FROM deadlines d WHERE d.case_id = c.id AND d.status = 'open' ORDER BY d.due_date, d.id LIMIT 1) AS next_kind,
    (SELECT d.due_date FROM deadlines d WHERE d.case_id = c.id AND d.status = 'open' ORDER BY d.due_date, d.id LIMIT 1) AS next_due
  FROM cases c
  WHERE c.state IN (${OPEN_IN}) OR (c.state IN ('closed', 'dismissed', 'withdrawn') AND c.updated_at >= ?)
     OR (c.state IN ('closed', 'dismissed', 'withdrawn') AND c.id IN (SELECT case_id FROM legal_holds WHERE lifted_at IS NULL))
  ORDER BY c.id DESC`;

/** Open cases (soonest deadline first) and recently ended ones (newest first). */
export function caseList(ctx: AppContext, views: WebViews): { open: CaseListItem[]; recent: CaseListItem[]; today: string } {
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  const since = new Date(`${addDays(today, -RECENT_DAYS)}T00:00:00Z`).toISOString();
  const rows = prepared(ctx.store.db)(SQL).all(since) as Row[];
  const holds = holdsOf(ctx.store).activeOn(today);
  const items = rows.map((r) => ({ row: r, item: { ...toItem(ctx, views, r, today), hold: holds.has(r.id) ? { until: holds.get(r.id)!.until_date } : null } }));
  const open = items.filter((x) => OPEN_STATES.includes(x.row.state as never)).map((x) => x.item);
  open.sort((a, b) => (a.next?.due ?? '9999').localeCompare(b.next?.due ?? '9999'));
  const recent = items.filter((x) => !OPEN_STATES.includes(x.row.state as never)).map((x) => x.item);
  return { open, recent, today };
}

function toItem(ctx: AppContext, views: WebViews, r: Row, today: string): Omit<CaseListItem, 'hold'> {
  let next: CaseListItem['next'] = null;
  if (r.next_kind && r.next_due) {
    const cal = calendarForCase(ctx, r.id);
    const left = cal.workingDaysBetween(today, r.next_due);
    next = {
      kind: r.next_kind, label: views.label('deadline', r.next_kind), due: r.next_due,
      leftWd: Math.max(0, left), overdueWd: left < 0 ? -left : 0, today: r.next_due === today,
    };
  }
  return {
    number: r.number, subject: r.subject, state: r.state, stateLabel: views.label('state', r.state),
    klagerName: r.klager_name ?? '', receivedDate: r.received_date,
    outcome: r.outcome ? views.label('outcome', r.outcome) : '', next,
  };
}
