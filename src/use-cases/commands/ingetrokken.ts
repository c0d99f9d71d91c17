/** #ingetrokken: the klager withdrew the complaint. */
import { applyTransition } from '../transition-case.js';
import { requireCase, type CommandHandler } from './types.js';

export const ingetrokken: CommandHandler<'ingetrokken'> = (cc) => {
  const c = applyTransition(cc.ctx, requireCase(cc), 'withdraw', cc.actor, cc.messageRef);
  cc.ctx.store.outbox.cancelHeld(c.id, null, 'complaint withdrawn');
  return { done: `zaak ${c.number} is ingetrokken; de termijnen lopen niet meer`, doneEn: `case ${c.number} withdrawn; its terms no longer run` };
};
