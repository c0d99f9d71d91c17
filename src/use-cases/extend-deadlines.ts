/**
 * `#verleng N [reden]` (SPEC §3, §6): every running deadline of the case moves N working days
 * (on the case's calendar, so declared absences stay days off), each move is stored with its
 * origin and reason, and the parties are told at once with the reason and the new dates.
 */
import { CommandRefused } from '../errors/index.js';
import { extensionMoves } from '../domain/deadline-moves.js';
import { EXTENSION_WD } from '../domain/extension-reasons.js';
import { calendarForCase } from './case-calendar.js';
import type { AppContext } from './context.js';
import { applyMoves, movable, reasonCategory, requireRunningCase, type MoveResult } from './move-deadlines.js';


export type { MoveResult } from './move-deadlines.js';

/** Maximum extension in one command: a typo (#verleng 100) should not silently park a case. */
export const MAX_EXTENSION_WD = EXTENSION_WD.max;

/**
 * Extend the running deadlines of `caseId` by `args.days` working days. Call inside the caller's
 * transaction, then ctx.outboxChanged(). Throws CommandRefused (nothing changed) for a case
 * whose procedure has ended or an out-of-range number. `moved` is empty when nothing runs.
 */
export function extendDeadlines(
  ctx: AppContext,
  caseId: number,
  args: { days: number; reason: string },
  actor: string,
  messageRef: number | null,
): MoveResult {
  const c = requireRunningCase(ctx, caseId, '#verleng', '#extend');
  if (!Number.isInteger(args.days) || args.days < EXTENSION_WD.min || args.days > EXTENSION_WD.max) {
    throw new CommandRefused(
      `#verleng neemt een aantal werkdagen van ${EXTENSION_WD.min} tot en met ${EXTENSION_WD.max}, niet '${args.days}'.`,
      `#extend takes a number of working days from ${EXTENSION_WD.min} to ${EXTENSION_WD.max}, not '${args.days}'.`,
      '#verleng 10 vakantie',
    );
  }
  const category = reasonCategory(ctx, args.reason, '#verleng', '#verleng 10 ziekte van de commissaris');
  const open = ctx.store.deadlines.openOf(c.id);
  if (open.length === 0) return { moved: [] };
  const moves = extensionMoves(open.map(movable), args.days, calendarForCase(ctx, c.id));
  return applyMoves(ctx, c, moves, { origin: 'extension', reason: args.reason, category, actor, messageRef, details: { days: args.days } });
}
