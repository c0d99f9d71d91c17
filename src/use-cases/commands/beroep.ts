/** #beroep ontvankelijk|niet-ontvankelijk [reden]: decide on an appeal's admissibility (art. 13). */
import { applyTransition } from '../transition-case.js';
import { caseFacts } from '../case-facts.js';
import { writeToParties } from '../write-letter.js';
import { requireCase, type CommandHandler } from './types.js';

export const beroep: CommandHandler<'beroep'> = (cc, cmd) => {
  const { ctx } = cc;
  const c = applyTransition(ctx, requireCase(cc), 'decide-appeal', cc.actor, cc.messageRef, { admissible: cmd.admissible, reason: cmd.reason });
  const facts = caseFacts(ctx, c.id);
  writeToParties(ctx, c.id, cmd.admissible ? ['klager', 'beklaagde'] : ['klager'], {
    template: 'appeal-decision', facts: { ...facts, admissible: cmd.admissible, reason: cmd.reason ?? '' },
  });
  const word = cmd.admissible ? 'ontvankelijk' : 'niet-ontvankelijk';
  return { done: `beroep in zaak ${c.number} ${word} verklaard; partijen geïnformeerd`, doneEn: `appeal in case ${c.number} declared ${cmd.admissible ? 'admissible' : 'inadmissible'}; parties informed` };
};
