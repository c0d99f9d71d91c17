/** #geen-klacht [reden]: not a complaint; no letters, state dismissed. */
import { applyTransition } from '../transition-case.js';
import { requireCase, type CommandHandler } from './types.js';

export const geenKlacht: CommandHandler<'geen-klacht'> = (cc, cmd) => {
  const c = applyTransition(cc.ctx, requireCase(cc), 'dismiss', cc.actor, cc.messageRef, { reason: cmd.reason });
  cc.ctx.store.outbox.cancelHeld(c.id, null, 'case dismissed');
  return { done: `zaak ${c.number} is geen klacht (afgewezen${cmd.reason ? `: ${cmd.reason}` : ''}); er gaan geen brieven uit`, doneEn: `case ${c.number} dismissed as not a complaint; no letters are sent` };
};
