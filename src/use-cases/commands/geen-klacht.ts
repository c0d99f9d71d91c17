/**
 * #geen-klacht [reden]: not a complaint; state dismissed. No letter goes out now, and the receipt
 * says so; the reason is for the file. To tell the sender why, she closes with `#sluit <reden>`.
 */
import { applyTransition } from '../transition-case.js';
import { requireCase, type CommandHandler } from './types.js';

export const geenKlacht: CommandHandler<'geen-klacht'> = (cc, cmd) => {
  const c = applyTransition(cc.ctx, requireCase(cc), 'dismiss', cc.actor, cc.messageRef, { reason: cmd.reason });
  cc.ctx.store.outbox.cancelHeld(c.id, null, 'case dismissed');
  return {
    done: `zaak ${c.number} is geen klacht${cmd.reason ? ` (${cmd.reason})` : ''}; daarover is geen brief verstuurd (de afzender hoort het alleen als u sluit met "#sluit <reden>")`,
    doneEn: `case ${c.number} is not a complaint${cmd.reason ? ` (${cmd.reason})` : ''}; no letter was sent about it (the sender hears of it only if you close with "#close <reason>")`,
  };
};
