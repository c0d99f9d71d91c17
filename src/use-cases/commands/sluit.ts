/**
 * #sluit [reden]: close the case; the retention clock starts (art. 14). A closure that reaches a
 * party says why, in her words: with a reason the parties get the case-closed letter carrying it;
 * without one nothing is sent (after a ruling they have had it, after #geen-klacht nothing at all)
 * and the receipt says so, and how to send it with a reason (issue 13).
 */
import { applyTransition } from '../transition-case.js';
import { purgeDueDate } from '../../domain/retention.js';
import { caseFacts } from '../case-facts.js';
import { writeToParties } from '../write-letter.js';
import { requireCase, type CommandHandler } from './types.js';

export const sluit: CommandHandler<'sluit'> = (cc, cmd) => {
  const { ctx } = cc;
  const c = applyTransition(ctx, requireCase(cc), 'close', cc.actor, cc.messageRef, { reason: cmd.reason });
  const kept = `het dossier wordt ${ctx.config.retentionMonths} maanden bewaard en daarna vernietigd`;
  const keptEn = `the file is kept ${ctx.config.retentionMonths} months, then destroyed`;
  if (!cmd.reason) {
    return {
      done: `zaak ${c.number} gesloten; ${kept}. Er is geen brief aan de partijen verstuurd, omdat u geen reden opgaf (met "#sluit <reden>" krijgen zij een brief met die reden)`,
      doneEn: `case ${c.number} closed; ${keptEn}. No letter was sent to the parties, because you gave no reason (with "#close <reason>" they get a letter with that reason)`,
    };
  }
  const n = writeToParties(ctx, c.id, ['klager', 'beklaagde'], {
    template: 'case-closed',
    facts: { ...caseFacts(ctx, c.id), reason: cmd.reason, keptUntil: purgeDueDate(c.closed_at!, ctx.config.retentionMonths, ctx.config.timeZone) },
  });
  const who = n > 1 ? 'klager en beklaagde' : 'de klager';
  return {
    done: `zaak ${c.number} gesloten; ${kept}. ${who[0]!.toUpperCase()}${who.slice(1)} ${n > 1 ? 'kregen' : 'kreeg'} een brief met uw reden: "${cmd.reason}"`,
    doneEn: `case ${c.number} closed; ${keptEn}. ${n > 1 ? 'Both parties were' : 'The complainant was'} sent a letter with your reason: "${cmd.reason}"`,
  };
};
