/**
 * Art. 13 and 14: when the appeal window has passed without an appeal, the case closes itself
 * (state closed, an event, closed_at: the retention clock starts), and the parties and the
 * commissioner get the case-closed letter, which says until when the file is kept.
 */
import { localDateOf } from '../domain/calendar.js';
import { purgeDueDate } from '../domain/retention.js';
import { caseFacts } from './case-facts.js';
import type { AppContext } from './context.js';
import { applyTransition } from './transition-case.js';
import { writeToCommissioners, writeToParties } from './write-letter.js';

/**
 * Why a case closed, as the case-closed letter and the statistics say it. 'no-appeal': its
 * procedure has no internal appeal (the Wkkgz), so it closes right after the ruling.
 */
export type CloseReason = 'appeal-term-passed' | 'no-appeal';

/** Close every case whose appeal term ended before today. Returns their numbers. */
export function closeExpiredAppeals(ctx: AppContext): string[] {
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  const closed = ctx.store.tx(() => ctx.store.deadlines.expiredAppeals(today).map((id) => closeCaseAutomatically(ctx, id, 'appeal-term-passed')));
  if (closed.length > 0) {
    ctx.log.child({ component: 'terms' }).info({ cases: closed }, 'appeal term passed: cases closed');
    ctx.outboxChanged();
  }
  return closed;
}

/** Close one case as the system (inside the caller's transaction) and write the case-closed letters. */
export function closeCaseAutomatically(ctx: AppContext, caseId: number, reason: CloseReason): string {
  const c = applyTransition(ctx, ctx.store.cases.get(caseId)!, 'close', 'system', null, { reason });
  const facts = {
    ...caseFacts(ctx, c.id), autoReason: reason, reason: '',
    closedDate: localDateOf(new Date(c.closed_at ?? ctx.clock.now().toISOString()), ctx.config.timeZone),
    keptUntil: purgeDueDate(c.closed_at ?? ctx.clock.now().toISOString(), ctx.config.retentionMonths, ctx.config.timeZone),
    retentionMonths: ctx.config.retentionMonths,
  };
  // Only the klager can take the dispute further (Wkkgz art. 18): her letter says so, addressing her.
  writeToParties(ctx, c.id, ['klager'], { template: 'case-closed', facts: { ...facts, forKlager: true } });
  writeToParties(ctx, c.id, ['beklaagde'], { template: 'case-closed', facts });
  writeToCommissioners(ctx, { caseId: c.id, caseNumber: c.number, template: 'case-closed', facts: { ...facts, forCommissioner: true } });
  return c.number;
}
