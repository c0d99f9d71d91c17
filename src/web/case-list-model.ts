/**
 * The list page's data: every open case with its next deadline and the working days left, and
 * the cases that ended (closed, dismissed, withdrawn) in the last RECENT_DAYS days. Purged cases
 * hold nothing to show and are left out. On a desk of several practices (issue 16) the list can
 * show one practice's cases (`?practice=lux`, or `none` for those not assigned yet), and each
 * case names its practice. Read-only queries.
 */
import { OPEN_STATES, type CaseState } from '../domain/case.js';
import { addDays, localDateOf } from '../domain/calendar.js';
import type { CaseListRow } from '../store/cases-repo.js';
import { CaseCalendars } from '../use-cases/case-calendar.js';
import type { AppContext } from '../use-cases/context.js';
import { choosePractice, NO_PRACTICE } from '../use-cases/practice-filter.js';
import { practiceOfCase } from '../use-cases/practice-of.js';
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
  /** The practice's id (`none`: not assigned yet); only on a desk of several practices. */
  practice?: string;
}

/** The practice filter's choices (several practices only): every practice, then the unassigned. */
export interface PracticeOption { value: string; label: string; selected: boolean }

const ENDED: readonly CaseState[] = ['closed', 'dismissed', 'withdrawn'];

/**
 * Open cases (soonest deadline first) and recently ended ones (newest first), of practice
 * `practiceId` only when it names one of the desk's (an unknown one, e.g. of a practice since
 * removed, shows every case and selects "all").
 */
export function caseList(ctx: AppContext, views: WebViews, practiceId?: string): {
  open: CaseListItem[]; recent: CaseListItem[]; today: string; practices: PracticeOption[] | null;
} {
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  const since = new Date(`${addDays(today, -RECENT_DAYS)}T00:00:00Z`).toISOString();
  const set = ctx.config.practices;
  const choice = set.single ? undefined : choosePractice(set, practiceId);
  const chosen = choice?.practiceIds ? (choice.practice?.id ?? NO_PRACTICE) : '';
  // Ended cases under a legal hold stay on the list, however long ago they ended.
  const rows = ctx.store.cases.list({
    states: OPEN_STATES, endedSince: { states: ENDED, sinceIso: since, orHeld: true }, newestFirst: true, practiceIds: choice?.practiceIds,
  });
  const calendars = new CaseCalendars(ctx.store, ctx.calendar);
  const holds = ctx.store.holds.activeOn(today);
  const items = rows.map((r) => ({ row: r, item: {
    ...toItem(ctx, calendars, views, r, today), hold: holds.has(r.id) ? { until: holds.get(r.id)!.until_date } : null,
    ...(set.single ? {} : { practice: practiceOfCase(ctx, r)?.id ?? NO_PRACTICE }),
  } }));
  const open = items.filter((x) => OPEN_STATES.includes(x.row.state)).map((x) => x.item);
  open.sort((a, b) => (a.next?.due ?? '9999').localeCompare(b.next?.due ?? '9999'));
  const recent = items.filter((x) => !OPEN_STATES.includes(x.row.state)).map((x) => x.item);
  const practices = set.single ? null : [
    { value: '', label: views.ui('allPractices'), selected: chosen === '' },
    ...set.practices.map((p) => ({ value: p.id, label: `${p.name} (${p.id})`, selected: chosen === p.id })),
    { value: NO_PRACTICE, label: views.ui('noPractice'), selected: chosen === NO_PRACTICE },
  ];
  return { open, recent, today, practices };
}

function toItem(ctx: AppContext, calendars: CaseCalendars, views: WebViews, r: CaseListRow, today: string): Omit<CaseListItem, 'hold'> {
  let next: CaseListItem['next'] = null;
  if (r.next_kind && r.next_due) {
    const left = calendars.workingDaysLeft(r.id, today, r.next_due);
    next = {
      kind: r.next_kind, label: views.deadline(r.next_kind, r.practice_id), due: r.next_due,
      leftWd: Math.max(0, left), overdueWd: left < 0 ? -left : 0, today: r.next_due === today,
    };
  }
  return {
    number: r.number, subject: r.subject, state: r.state, stateLabel: views.label('state', r.state),
    klagerName: r.klager_name ?? '', receivedDate: r.received_date,
    outcome: shownOutcome(ctx, views, r), next,
  };
}
