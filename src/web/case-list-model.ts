/**
 * The list page's data: every open case with its next deadline and the working days left, and
 * the cases that ended (closed, dismissed, withdrawn) in the last RECENT_DAYS days. Purged cases
 * hold nothing to show and are left out. Read-only queries.
 */
import { OPEN_STATES, type CaseState } from '../domain/case.js';
import { addDays, localDateOf } from '../domain/calendar.js';
import type { CaseListRow } from '../store/cases-repo.js';
import { CaseCalendars } from '../use-cases/case-calendar.js';
import type { AppContext } from '../use-cases/context.js';
import { shownOutcome } from './outcome.js';
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

const ENDED: readonly CaseState[] = ['closed', 'dismissed', 'withdrawn'];

/** Open cases (soonest deadline first) and recently ended ones (newest first). */
export function caseList(ctx: AppContext, views: WebViews): { open: CaseListItem[]; recent: CaseListItem[]; today: string } {
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  const since = new Date(`${addDays(today, -RECENT_DAYS)}T00:00:00Z`).toISOString();
  // Ended cases under a legal hold stay on the list, however long ago they ended.
  const rows = ctx.store.cases.list({ states: OPEN_STATES, endedSince: { states: ENDED, sinceIso: since, orHeld: true }, newestFirst: true });
  const calendars = new CaseCalendars(ctx.store, ctx.calendar);
  const holds = ctx.store.holds.activeOn(today);
  const items = rows.map((r) => ({ row: r, item: { ...toItem(ctx, calendars, views, r, today), hold: holds.has(r.id) ? { until: holds.get(r.id)!.until_date } : null } }));
  const open = items.filter((x) => OPEN_STATES.includes(x.row.state)).map((x) => x.item);
  open.sort((a, b) => (a.next?.due ?? '9999').localeCompare(b.next?.due ?? '9999'));
  const recent = items.filter((x) => !OPEN_STATES.includes(x.row.state)).map((x) => x.item);
  return { open, recent, today };
}

function toItem(ctx: AppContext, calendars: CaseCalendars, views: WebViews, r: CaseListRow, today: string): Omit<CaseListItem, 'hold'> {
  let next: CaseListItem['next'] = null;
  if (r.next_kind && r.next_due) {
    const left = calendars.workingDaysLeft(r.id, today, r.next_due);
    next = {
      kind: r.next_kind, label: views.label('deadline', r.next_kind), due: r.next_due,
      leftWd: Math.max(0, left), overdueWd: left < 0 ? -left : 0, today: r.next_due === today,
    };
  }
  return {
    number: r.number, subject: r.subject, state: r.state, stateLabel: views.label('state', r.state),
    klagerName: r.klager_name ?? '', receivedDate: r.received_date,
    outcome: shownOutcome(ctx, views, r), next,
  };
}
