/**
 * What every move of deadlines shares (#verleng, #afwezig): store each move with its origin and
 * reason, append one event to the case, and write the extension notice to the parties involved
 * (klager and, when named, beklaagde) with the reason and the new dates. Inside the caller's
 * transaction; the caller calls ctx.outboxChanged() after the commit, which also reschedules
 * the reminders (the reconciler follows the stored deadlines).
 */
import { CommandRefused } from '../errors/index.js';
import { isOpen } from '../domain/case.js';
import { addDays, type LocalDate } from '../domain/calendar.js';
import type { DeadlineKind } from '../domain/deadlines.js';
import type { DeadlineMove, MovableDeadline } from '../domain/deadline-moves.js';
import { isInvestigationGround, isReasonProblem, splitReason } from '../domain/extension-reasons.js';
import { oneLine } from '../domain/text-format.js';
import type { CaseRow, DeadlineRow } from '../store/cases-repo.js';
import { caseFacts, nextOpenDeadline } from './case-facts.js';
import type { AppContext } from './context.js';

import { writeToParties } from './write-letter.js';

/** What the command receipt reports: each deadline that moved, from and to. */
export interface MoveResult {
  moved: { kind: DeadlineKind; from: LocalDate; to: LocalDate }[];
}

export interface MoveOrigin {
  origin: 'extension' | 'absence';
  /** All she wrote (the case file and the parties' notice). */
  reason: string;
  /** Its category (EXTENSION_REASONS): the only part the statistics keep. */
  category: string;
  actor: string;
  messageRef: number | null;
  /** Event details: { days } or { from, to }. */
  details: Record<string, unknown>;
}

/** The case, if its procedure still runs; otherwise CommandRefused (nothing changes). */
export function requireRunningCase(ctx: AppContext, caseId: number, what: string, whatEn: string): CaseRow {
  const c = ctx.store.cases.get(caseId);
  if (!c) throw new Error(`case ${caseId} not found`);
  if (!isOpen(c.state)) {
    throw new CommandRefused(
      `zaak ${c.number} staat op '${c.state}'; daarin lopen geen termijnen meer, dus ${what} kan niet.`,
      `case ${c.number} is '${c.state}'; no terms run any more, so ${whatEn} is not possible.`,
    );
  }
  return c;
}

/**
 * The category `reason` starts with, or CommandRefused naming the categories (nothing changes):
 * a reason outside the list would otherwise reach the annual report in her words.
 */
export function reasonCategory(ctx: AppContext, reason: string, command: string, example: string): string {
  const split = splitReason(reason, ctx.config.extensionReasons);
  if (isReasonProblem(split)) throw new CommandRefused(`${command}: ${split.problem}.`, `${command}: ${split.problemEn}.`, example);
  return split.category;
}

export function movable(d: DeadlineRow): MovableDeadline {
  const m: MovableDeadline = { id: d.id, kind: d.kind, startDate: d.start_date, dueDate: d.due_date };
  if (d.term_unit === 'weeks') Object.assign(m, { unit: 'weeks', termEnd: d.term_end ?? addDays(d.start_date, d.term_wd * 7) });
  return m;
}

/** A move as the letters and the event state it: `wd` is its length in `unit` (weeks for a move in weeks). */
function moveFact(m: DeadlineMove): { kind: DeadlineKind; from: LocalDate; to: LocalDate; wd: number; unit?: 'weeks' } {
  return m.weeks === undefined
    ? { kind: m.kind, from: m.from, to: m.to, wd: m.workingDays }
    : { kind: m.kind, from: m.from, to: m.to, wd: m.weeks, unit: 'weeks' };
}

/** Store `moves`, append the event, inform the parties. Returns the receipt's list. */
export function applyMoves(ctx: AppContext, c: CaseRow, moves: readonly DeadlineMove[], o: MoveOrigin): MoveResult {
  const at = ctx.clock.now().toISOString();
  const reason = oneLine(o.reason).slice(0, 500);
  const repo = ctx.store.deadlines;
  for (const m of moves) {
    repo.move({ deadlineId: m.deadlineId, caseId: c.id, origin: o.origin, fromDate: m.from, toDate: m.to, workingDays: m.workingDays, reason, category: o.category, actor: o.actor, messageRef: o.messageRef, at, ...(m.termEnd ? { termEnd: m.termEnd } : {}) });
  }
  const moved = moves.map((m) => ({ kind: m.kind, from: m.from, to: m.to }));
  ctx.store.cases.appendEvent({
    caseId: c.id, at, actor: o.actor, type: o.origin, messageRef: o.messageRef,
    data: { ...o.details, reason, category: o.category, moved: moves.map(moveFact) },
  });
  if (moves.length > 0) {
    const facts = caseFacts(ctx, c.id);
    const split = splitReason(reason, ctx.config.extensionReasons);
    const notice = {
      ...facts, ...o.details, origin: o.origin, reason,
      // The ground in the law's words (the Wkkgz letters), and what she wrote after the category.
      investigation: isInvestigationGround(reason), reasonNote: isReasonProblem(split) ? reason : split.note,
      moves: moves.map(moveFact),
      deadline: nextOpenDeadline(facts),
    };
    // The klager is addressed as "u" where the law speaks of her (her consent, her notice).
    writeToParties(ctx, c.id, ['klager'], { template: 'extension-notice', facts: { ...notice, forKlager: true } });
    writeToParties(ctx, c.id, ['beklaagde'], { template: 'extension-notice', facts: notice });
  }
  return { moved };
}
