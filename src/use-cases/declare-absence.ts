/**
 * `#afwezig VAN TOT [reden]` (SPEC §3, §6): an absence period. Every running deadline it touches
 * moves by the working days it takes out of that deadline's open window; the absence is kept, so
 * a later #verleng of the case skips it too; the parties are told at once with the new dates.
 */
import { formatLocalDate } from '../domain/text-format.js';
import { CommandRefused } from '../errors/index.js';
import { parseLocalDate, type DateRange, type WorkingDayCalendar } from '../domain/calendar.js';
import { absenceMoves } from '../domain/deadline-moves.js';
import { OPEN_STATES } from '../domain/case.js';
import { oneLine } from '../domain/text-format.js';
import { calendarForCase } from './case-calendar.js';
import type { AppContext } from './context.js';
import { applyMoves, movable, reasonCategory, requireRunningCase, type MoveResult } from './move-deadlines.js';


export type { MoveResult } from './move-deadlines.js';

export interface AbsenceArgs {
  from: string;
  to: string;
  reason: string;
}

const EXAMPLE = '#afwezig 2026-07-20 2026-08-07 vakantie';

function validRange(args: AbsenceArgs): DateRange {
  let range: DateRange;
  try {
    range = { from: parseLocalDate(args.from), to: parseLocalDate(args.to) };
  } catch {
    throw new CommandRefused(`#afwezig neemt twee datums JJJJ-MM-DD, niet '${args.from} ${args.to}'.`,
      `#absent takes two dates YYYY-MM-DD, not '${args.from} ${args.to}'.`, '#afwezig 2026-07-20 2026-08-07 vakantie');
  }
  if (range.from > range.to) {
    throw new CommandRefused(`de afwezigheid eindigt (${formatLocalDate(range.to, 'nl')}) voor ze begint (${formatLocalDate(range.from, 'nl')}).`,
      `the absence ends (${formatLocalDate(range.to, 'en')}) before it starts (${formatLocalDate(range.from, 'en')}).`, '#afwezig 2026-07-20 2026-08-07 vakantie');
  }
  return range;
}

/**
 * Declare an absence for `caseId` and move its running deadlines. Call inside the caller's
 * transaction, then ctx.outboxChanged(). `moved` is empty when the absence touches none.
 */
export function declareAbsence(ctx: AppContext, caseId: number, args: AbsenceArgs, actor: string, messageRef: number | null): MoveResult {
  const c = requireRunningCase(ctx, caseId, '#afwezig', '#absent');
  const range = validRange(args);
  const category = reasonCategory(ctx, args.reason, '#afwezig', EXAMPLE);
  const before = calendarForCase(ctx, c.id);
  ctx.store.deadlines.addAbsence({ caseId: c.id, ...range, reason: oneLine(args.reason).slice(0, 500), category, actor, messageRef, at: ctx.clock.now().toISOString() });
  return moveForAbsence(ctx, c.id, range, before, { reason: args.reason, category }, actor, messageRef);
}

/**
 * Declare an absence of the commissioner for every running case (#afwezig without a case tag).
 * Returns per case what moved; cases it does not touch are listed with an empty `moved`.
 */
export function declareAbsenceForOpenCases(
  ctx: AppContext,
  args: AbsenceArgs,
  actor: string,
  messageRef: number | null,
): { caseId: number; caseNumber: string; moved: MoveResult['moved'] }[] {
  const range = validRange(args);
  const category = reasonCategory(ctx, args.reason, '#afwezig', EXAMPLE);
  const cases = ctx.store.cases.inStates(OPEN_STATES);
  const before = new Map(cases.map((c) => [c.id, calendarForCase(ctx, c.id)]));
  ctx.store.deadlines.addAbsence({ caseId: null, ...range, reason: oneLine(args.reason).slice(0, 500), category, actor, messageRef, at: ctx.clock.now().toISOString() });
  const why = { reason: args.reason, category };
  return cases.map((c) => ({ caseId: c.id, caseNumber: c.number, moved: moveForAbsence(ctx, c.id, range, before.get(c.id)!, why, actor, messageRef).moved }));
}

function moveForAbsence(
  ctx: AppContext, caseId: number, range: DateRange, before: WorkingDayCalendar, why: { reason: string; category: string }, actor: string, messageRef: number | null,
): MoveResult {
  const c = ctx.store.cases.get(caseId)!;
  const open = ctx.store.deadlines.openOf(caseId);
  const moves = absenceMoves(open.map(movable), range, before, calendarForCase(ctx, caseId));
  return applyMoves(ctx, c, moves, { origin: 'absence', ...why, actor, messageRef, details: { from: range.from, to: range.to } });
}
