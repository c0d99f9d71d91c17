/**
 * #uitspraak gegrond|ongegrond|deels-gegrond|niet-ontvankelijk + grounds: the binding ruling
 * (art. 8) to klager and beklaagde, and to the practice owner to carry out (art. 9), with the
 * report (verslag, art. 12), which is also kept in the case file. Opens the appeal window.
 */
import { applyTransition } from '../transition-case.js';
import { caseFacts } from '../case-facts.js';
import { buildReport, storeReport } from '../report.js';
import { writeLetter, writeToParties } from '../write-letter.js';
import { requireCase, type CommandHandler } from './types.js';

export const uitspraak: CommandHandler<'uitspraak'> = (cc, cmd) => {
  const { ctx } = cc;
  const c = applyTransition(ctx, requireCase(cc), 'decide', cc.actor, cc.messageRef, { outcome: cmd.outcome });
  ctx.store.cases.setOutcome(c.id, cmd.outcome);
  const facts = caseFacts(ctx, c.id);
  const report = buildReport(ctx, c.id, { outcome: cmd.outcome, grounds: cmd.grounds });
  storeReport(ctx, c.id, report, c.language);
  const letterFacts = { ...facts, outcome: cmd.outcome, grounds: cmd.grounds, report, deadline: (facts.deadlines as Record<string, unknown>).appeal };
  writeToParties(ctx, c.id, ['klager', 'beklaagde'], { template: 'ruling', facts: letterFacts });
  if (ctx.config.practiceOwnerEmail) {
    writeLetter(ctx, { caseId: c.id, caseNumber: c.number, template: 'ruling', role: 'owner', to: ctx.config.practiceOwnerEmail, language: c.language, facts: { ...letterFacts, toOwner: true } });
  }
  return {
    done: `uitspraak '${cmd.outcome}' in zaak ${c.number} verstuurd aan klager, beklaagde${ctx.config.practiceOwnerEmail ? ' en eigenaar' : ''}, met verslag; beroepstermijn loopt`,
    doneEn: `ruling '${cmd.outcome}' in case ${c.number} sent to the parties${ctx.config.practiceOwnerEmail ? ' and the owner' : ''}, with the report; the appeal term runs`,
  };
};
