/** #notitie tekst: an internal note in the file (never sent to anyone). */
import { requireCase, type CommandHandler } from './types.js';

export const notitie: CommandHandler<'notitie'> = (cc, cmd) => {
  const c = requireCase(cc);
  cc.ctx.store.cases.appendEvent({ caseId: c.id, at: cc.ctx.clock.now().toISOString(), actor: cc.actor, type: 'note', messageRef: cc.messageRef, data: { text: cmd.text } });
  return { done: `notitie opgenomen in zaak ${c.number}`, doneEn: `note added to case ${c.number}` };
};
