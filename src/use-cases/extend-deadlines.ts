/**
 * `#verleng N [weken] [instemming] [reden]` (SPEC §3, §6; issue 16): every running deadline of the
 * case moves N working days (on the case's calendar, so declared absences stay days off) or N
 * weeks; each move is stored with its origin and reason, and the parties are told at once with the
 * reason and the new dates.
 *
 * A legal term in weeks (the Wkkgz's six weeks) moves only with an extension in weeks, and only as
 * the case's procedure allows (Procedure.extension; Wkkgz art. 17 lid 2: once, by at most four
 * weeks, before it ends, with the reason); beyond that only with the klager's consent, which the
 * event records. An extension in working days moves the other terms and leaves it standing.
 */
import { CommandRefused } from '../errors/index.js';
import { localDateOf } from '../domain/calendar.js';
import type { DeadlineKind } from '../domain/deadlines.js';
import { extensionMoves, weeksExtensionMoves, type DeadlineMove } from '../domain/deadline-moves.js';
import { EXTENSION_WD, EXTENSION_WEEKS } from '../domain/extension-reasons.js';
import { limitDueOf, limitsExtension, refuseExtension } from '../domain/extension-rule.js';
import { atwCalendar } from '../domain/legal-calendar.js';
import type { CaseRow, DeadlineRow } from '../store/cases-repo.js';
import { calendarForCase } from './case-calendar.js';
import type { AppContext } from './context.js';
import { extensionRefused, weeksTermOnly } from './extension-refusal.js';
import { applyMoves, movable, reasonCategory, requireRunningCase, type MoveResult } from './move-deadlines.js';
import { practiceOfCase, procedureOfCase } from './practice-of.js';

export type { MoveResult } from './move-deadlines.js';

/** Maximum extension in one command: a typo (#verleng 100) should not silently park a case. */
export const MAX_EXTENSION_WD = EXTENSION_WD.max;

export interface ExtensionArgs {
  /** How many working days, or weeks with `unit: 'weeks'`. */
  days: number;
  unit?: 'weeks';
  /** The klager agreed to go beyond the procedure's limit (`instemming`). */
  consent?: boolean;
  reason: string;
}

export interface ExtensionResult extends MoveResult {
  /** Legal terms in weeks an extension in working days left where they were. */
  kept: { kind: DeadlineKind; due: string }[];
}

function refuseOutOfRange(args: ExtensionArgs): void {
  const weeks = args.unit === 'weeks';
  const r = weeks ? EXTENSION_WEEKS : EXTENSION_WD;
  if (Number.isInteger(args.days) && args.days >= r.min && args.days <= r.max) return;
  throw new CommandRefused(
    `#verleng neemt een aantal ${weeks ? 'weken' : 'werkdagen'} van ${r.min} tot en met ${r.max}, niet '${args.days}'.`,
    `#extend takes a number of ${weeks ? 'weeks' : 'working days'} from ${r.min} to ${r.max}, not '${args.days}'.`,
    weeks ? '#verleng 4 weken onderzoek' : '#verleng 10 vakantie',
  );
}

/**
 * Extend the running deadlines of `caseId`. Call inside the caller's transaction, then
 * ctx.outboxChanged(). Throws CommandRefused (nothing changed) for a case whose procedure has
 * ended, an out-of-range number, or an extension its procedure does not allow. `moved` is empty
 * when nothing runs.
 */
export function extendDeadlines(ctx: AppContext, caseId: number, args: ExtensionArgs, actor: string, messageRef: number | null): ExtensionResult {
  const c = requireRunningCase(ctx, caseId, '#verleng', '#extend');
  refuseOutOfRange(args);
  const category = reasonCategory(ctx, args.reason, '#verleng', '#verleng 10 ziekte van de commissaris');
  const open = ctx.store.deadlines.openOf(c.id);
  if (open.length === 0) return { moved: [], kept: [] };
  const weeks = args.unit === 'weeks';
  const calendar = calendarForCase(ctx, c.id);
  const legalTerms = open.filter((d) => d.term_unit === 'weeks');
  const toMove = weeks ? open : open.filter((d) => d.term_unit !== 'weeks');
  if (toMove.length === 0) throw weeksTermOnly(c.number, procedureOfCase(ctx, c), legalTerms[0]!.due_date, legalTerms[0]!.term_wd);
  const moves = weeks
    ? weeksExtensionMoves(toMove.map(movable), args.days, calendar, atwCalendar())
    : extensionMoves(toMove.map(movable), args.days, calendar);
  checkProcedureAllows(ctx, c, open, moves, args);
  const details = { days: args.days, ...(weeks ? { unit: 'weeks' } : {}), ...(args.consent ? { consent: true } : {}) };
  const result = applyMoves(ctx, c, moves, { origin: 'extension', reason: args.reason, category, actor, messageRef, details });
  return { ...result, kept: weeks ? [] : legalTerms.map((d) => ({ kind: d.kind, due: d.due_date })) };
}

/** CommandRefused when the case's procedure does not let the handling term move as `moves` would. */
function checkProcedureAllows(ctx: AppContext, c: CaseRow, open: readonly DeadlineRow[], moves: readonly DeadlineMove[], args: ExtensionArgs): void {
  const procedure = procedureOfCase(ctx, c);
  const move = moves.find((m) => m.kind === 'handle');
  if (!move || !limitsExtension(procedure.extension)) return;
  const d = open.find((x) => x.id === move.deadlineId)!;
  const before = ctx.store.deadlines.movesOf(c.id).filter((m) => m.deadline_id === d.id);
  const term = {
    rule: { length: d.term_wd, unit: d.term_unit === 'weeks' ? 'weeks' as const : 'working-days' as const },
    startDate: d.start_date, dueDate: d.due_date, originalDue: before[0]?.from_date ?? d.due_date,
    extensions: before.filter((m) => m.origin === 'extension').length,
  };
  const limitDue = limitDueOf(procedure.extension, term, calendarForCase(ctx, c.id), atwCalendar());
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  const refusal = refuseExtension(procedure.extension, term, { newDue: move.to, limitDue, today, consent: args.consent === true, hasReason: args.reason.trim() !== '' });
  if (refusal) throw extensionRefused(c.number, procedure, practiceOfCase(ctx, c), refusal, args.unit === 'weeks' ? args.days : null);
}
