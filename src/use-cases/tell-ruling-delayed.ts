/**
 * When the ruling is late (issue 13: nobody was told): once the handling term of a complaint
 * (art. 12) or of an admitted appeal has passed without a ruling, klager and beklaagde are told so
 * once for that due date, as the footnote asks ("De betrokkenen worden hiervan zo spoedig mogelijk
 * op de hoogte gesteld"). An extension (#verleng, #afwezig) tells them itself and moves the date;
 * a new due date that passes is told again. Runs inside the daily digest's transaction, so once a day.
 */
import type { OpenDeadline } from '../domain/reminders.js';
import { caseFacts } from './case-facts.js';
import type { AppContext } from './context.js';
import { writeToParties } from './write-letter.js';

const RULING_TERMS = new Set(['handle', 'appeal-handle']);

export function tellRulingDelayed(ctx: AppContext, overdue: readonly OpenDeadline[]): number {
  let told = 0;
  for (const d of overdue) {
    if (!RULING_TERMS.has(d.kind) || ctx.store.outbox.hasLetterAboutDeadline(d.caseId, 'ruling-delayed', d.dueDate)) continue;
    const facts = caseFacts(ctx, d.caseId);
    const deadline = (facts.deadlines as Record<string, unknown>)[d.kind];
    writeToParties(ctx, d.caseId, ['klager', 'beklaagde'], { template: 'ruling-delayed', facts: { ...facts, deadline, onAppeal: d.kind === 'appeal-handle' } });
    told++;
  }
  return told;
}
