/** #afwezig JJJJ-MM-DD JJJJ-MM-DD [reden]: an absence moves the deadlines it touches (footnote). */
import { declareAbsence } from '../declare-absence.js';
import { requireCase, type CommandHandler } from './types.js';

export const afwezig: CommandHandler<'afwezig'> = (cc, cmd) => {
  const c = requireCase(cc);
  const { moved } = declareAbsence(cc.ctx, c.id, { from: cmd.from, to: cmd.to, reason: cmd.reason ?? '' }, cc.actor, cc.messageRef);
  const list = moved.map((m) => `${m.kind} ${m.from} → ${m.to}`).join(', ') || 'geen termijn geraakt';
  return { done: `afwezigheid ${cmd.from} t/m ${cmd.to} in zaak ${c.number} verwerkt (${list}); partijen geïnformeerd`, doneEn: `absence ${cmd.from} to ${cmd.to} in case ${c.number} recorded (${list}); parties informed` };
};
