/**
 * What the commissioner's scheduled letters (the daily digest, the weekly overview) share: the
 * job's run recorded in the ledger in the same transaction as its letter, the case line, and the
 * letter's heading.
 */
import { localDateOf, type LocalDate } from '../domain/calendar.js';
import { oneLine } from '../domain/text-format.js';
import type { CaseListRow } from '../store/cases-repo.js';
import type { AppContext } from './context.js';

export type ReminderOutcome = 'sent' | 'nothing-due' | 'already-done' | 'stale' | 'past';

/** `practiceId`: her letters that span practices name each line's term as its own practice's letters do (`deadlineLabel`). */
export interface CaseLine { caseNumber: string; klagerName: string; state: string; practiceId: string | null }

export const lineOf = (r: CaseListRow): CaseLine => ({ caseNumber: r.number, klagerName: oneLine(r.klager_name ?? ''), state: r.state, practiceId: r.practice_id });

/**
 * The names at the head of her letters. Her digest and overview on a desk of several practices
 * (issue 16) cover all of them, so they name all of them.
 */
export const letterHead = (ctx: AppContext) => ({
  practiceName: oneLine(ctx.config.practices.single ? ctx.config.practiceName : ctx.config.practices.practices.map((p) => p.name).join(', ')),
  commissionerName: oneLine(ctx.config.commissionerName),
});

/**
 * Run the job `jobId` in one transaction. A job whose moment is gone (`isPast(today)`) is only
 * recorded as 'past'; otherwise `write` decides, and records its outcome with `markDone`, which
 * is false when the job already ran.
 */
export function commissionerJob(
  ctx: AppContext,
  jobId: string,
  isPast: (today: LocalDate) => boolean,
  write: (job: { now: Date; today: LocalDate; markDone(outcome: ReminderOutcome): boolean }) => ReminderOutcome,
): ReminderOutcome {
  const { store } = ctx;
  const now = ctx.clock.now();
  const today = localDateOf(now, ctx.config.timeZone);
  return store.tx(() => {
    const markDone = (outcome: ReminderOutcome) => store.deadlines.markDone(jobId, outcome, now.toISOString());
    if (isPast(today)) return markDone('past') ? 'past' : 'already-done';
    return write({ now, today, markDone });
  });
}
