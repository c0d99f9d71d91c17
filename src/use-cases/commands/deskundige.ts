/** #deskundige Naam <email>: add an expert (art. 10) and send the secrecy notice (art. 11). */
import { CommandRefused } from '../../errors/index.js';
import { outsideName } from '../../domain/outside-text.js';
import { liftSuppressionOnCorrection } from '../correct-address.js';
import { isOpen } from '../../domain/case.js';
import { oneLine } from '../../domain/text-format.js';

import { caseFacts, nextOpenDeadline } from '../case-facts.js';
import { writeLetter } from '../write-letter.js';
import { requireCase, type CommandHandler } from './types.js';

export const deskundige: CommandHandler<'deskundige'> = (cc, cmd) => {
  liftSuppressionOnCorrection(cc, cmd.email);
  const { ctx } = cc;
  const c = requireCase(cc);
  if (!isOpen(c.state)) throw new CommandRefused(`zaak ${c.number} is niet meer open ("${ctx.renderer.label("nl", "state", c.state)}")`, `case ${c.number} is no longer open ("${ctx.renderer.label("en", "state", c.state)}")`, undefined, "state");
  const nowIso = ctx.clock.now().toISOString();
  ctx.store.cases.addParty(c.id, 'deskundige', outsideName(oneLine(cmd.partyName)), cmd.email, nowIso);
  ctx.store.cases.appendEvent({ caseId: c.id, at: nowIso, actor: cc.actor, type: 'expert-added', messageRef: cc.messageRef, data: { email: cmd.email } });
  const facts = caseFacts(ctx, c.id);
  writeLetter(ctx, {
    caseId: c.id, caseNumber: c.number, template: 'expert-secrecy-notice', role: 'deskundige', to: cmd.email, language: c.language,
    facts: { ...facts, recipientName: oneLine(cmd.partyName), deadline: nextOpenDeadline(facts) },
  });
  return { done: `${cmd.partyName || cmd.email} toegevoegd als deskundige in zaak ${c.number}; geheimhoudingsbrief verstuurd`, doneEn: `${cmd.partyName || cmd.email} added as expert to case ${c.number}; secrecy notice sent` };
};
