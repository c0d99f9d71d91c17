/** #bewaar-opheffen: lift the legal hold; retention then runs from today or the original purge date, whichever is later. */

import { CommandRefused } from '../../errors/index.js';
import { requireCase, type CommandHandler } from './types.js';

export const bewaarOpheffen: CommandHandler<'bewaar-opheffen'> = (cc) => {
  const c = requireCase(cc);
  const at = cc.ctx.clock.now().toISOString();
  if (cc.ctx.store.holds.lift(c.id, at, cc.actor) === 0) {
    throw new CommandRefused(`zaak ${c.number} heeft geen bewaarplicht`, `case ${c.number} has no legal hold`, undefined, 'state');
  }
  cc.ctx.store.cases.appendEvent({ caseId: c.id, at, actor: cc.actor, type: 'legal-hold-lifted', messageRef: cc.messageRef });
  return { done: `bewaarplicht van zaak ${c.number} opgeheven`, doneEn: `legal hold on case ${c.number} lifted` };
};
