/**
 * Every change of a case's state goes through here: the lifecycle table says whether it is
 * allowed; if so the state changes, an event is appended (time, actor, cause), the deadlines the
 * step completes are met and the ones it starts are opened. If not, CommandRefused says which
 * state the case is in and what it allows, and nothing changes.
 */
import { allowedEvents, transition, type CaseEvent } from '../domain/case.js';
import { localDateOf } from '../domain/calendar.js';
import { deadlinesMetBy, deadlinesStartedBy } from '../domain/deadlines.js';
import type { CaseRow } from '../store/cases-repo.js';
import type { AppContext } from './context.js';
import { calendarForCase } from './case-calendar.js';

/** A command or step that the case's state does not allow, or whose arguments are wrong in context. */
export class CommandRefused extends Error {
  constructor(readonly problem: string, readonly problemEn: string, readonly usage?: string) {
    super(problemEn);
    this.name = 'CommandRefused';
  }
}

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
    const allowed = allowedEvents(c.state).join(', ') || '(geen)';
    throw new CommandRefused(
      `zaak ${c.number} staat op '${c.state}'; daarin kan '${event}' niet. Wel mogelijk: ${allowed}.`,
      `case ${c.number} is '${c.state}'; '${event}' is not possible there. Possible: ${allowed}.`,
    );
  }
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const today = localDateOf(now, ctx.config.timeZone);
  ctx.store.cases.setState(c.id, r.to, nowIso);
  if (r.to === 'closed') ctx.store.cases.markClosed(c.id, nowIso);
  ctx.store.cases.appendEvent({ caseId: c.id, at: nowIso, actor, type: event, fromState: r.from, toState: r.to, messageRef, data });
  ctx.store.deadlines.meet(c.id, deadlinesMetBy(event), nowIso);
  for (const d of deadlinesStartedBy(event, today, ctx.config.terms, calendarForCase(ctx, c.id))) {
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
