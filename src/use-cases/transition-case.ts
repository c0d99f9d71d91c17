/**
 * Every change of a case's state goes through here: the lifecycle table says whether it is
 * allowed; if so the state changes, an event is appended (time, actor, cause), the deadlines the
 * step completes are met and the ones it starts are opened. If not, CommandRefused says which
 * state the case is in and what it allows, and nothing changes.
 */
import { CommandRefused } from '../errors/index.js';
import { transition, type CaseEvent } from '../domain/case.js';
import { localDateOf } from '../domain/calendar.js';
import { deadlinesMetBy, deadlinesStartedBy } from '../domain/deadlines.js';
import type { CaseRow } from '../store/cases-repo.js';
import type { AppContext } from './context.js';
import { calendarForCase } from './case-calendar.js';
import { refusalText } from './refusal-text.js';
import { procedureOfCase } from './practice-of.js';


export function applyTransition(
  ctx: AppContext,
  c: CaseRow,
  event: CaseEvent,
  actor: string,
  messageRef: number | null,
  data: Record<string, unknown> = {},
): CaseRow {
  const r = transition(c.state, event);
  if (!r.ok) {
    const text = refusalText(ctx.renderer, c.number, c.state, event);
    throw new CommandRefused(text.nl, text.en, undefined, 'state');
  }
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const today = localDateOf(now, ctx.config.timeZone);
  ctx.store.cases.setState(c.id, r.to, nowIso);
  if (r.to === 'closed') ctx.store.cases.markClosed(c.id, nowIso);
  ctx.store.cases.appendEvent({ caseId: c.id, at: nowIso, actor, type: event, fromState: r.from, toState: r.to, messageRef, data });
  ctx.store.deadlines.meet(c.id, deadlinesMetBy(event), nowIso);
  for (const d of deadlinesStartedBy(event, today, procedureOfCase(ctx, c), calendarForCase(ctx, c.id))) {
    ctx.store.deadlines.cancelOpen(c.id, d.kind, nowIso);
    ctx.store.deadlines.start(c.id, d, nowIso);
  }
  if (!isStillRunning(r.to)) ctx.store.deadlines.cancelAllOpen(c.id, nowIso);
  return ctx.store.cases.get(c.id)!;
}

/** In these states no term runs any more (the appeal window of 'decided' does). */
function isStillRunning(state: string): boolean {
  return !['dismissed', 'withdrawn', 'closed', 'purged', 'appeal-decided'].includes(state);
}
