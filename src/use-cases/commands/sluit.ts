/** #sluit [reden]: close the case; the retention clock starts (art. 14). */
import { applyTransition } from '../transition-case.js';
import { purgeDueDate } from '../../domain/retention.js';
import { caseFacts } from '../case-facts.js';
import { writeToParties } from '../write-letter.js';
import { requireCase, type CommandHandler } from './types.js';

export const sluit: CommandHandler<'sluit'> = (cc, cmd) => {
  const { ctx } = cc;
  const c = applyTransition(ctx, requireCase(cc), 'close', cc.actor, cc.messageRef, { reason: cmd.reason });
  writeToParties(ctx, c.id, ['klager', 'beklaagde'], {
    template: 'case-closed',
    facts: { ...caseFacts(ctx, c.id), reason: cmd.reason ?? '', keptUntil: purgeDueDate(c.closed_at!, ctx.config.retentionMonths, ctx.config.timeZone) },
  });
  return { done: `zaak ${c.number} gesloten; het dossier wordt ${ctx.config.retentionMonths} maanden bewaard en daarna vernietigd`, doneEn: `case ${c.number} closed; the file is kept ${ctx.config.retentionMonths} months, then destroyed` };
};
