/** #afwezig JJJJ-MM-DD JJJJ-MM-DD [reden]: an absence moves the deadlines it touches (footnote). */
import { formatLocalDate } from '../../domain/text-format.js';
import { declareAbsence } from '../declare-absence.js';
import { requireCase, type CommandHandler } from './types.js';
import { movesText } from './moves-text.js';

export const afwezig: CommandHandler<'afwezig'> = (cc, cmd) => {
  const c = requireCase(cc);
  const { moved } = declareAbsence(cc.ctx, c.id, { from: cmd.from, to: cmd.to, reason: cmd.reason ?? '' }, cc.actor, cc.messageRef);
  const list = movesText(cc, moved, 'nl', 'geen termijn geraakt');
  const listEn = movesText(cc, moved, 'en', 'no term touched');
  return {
    done: `afwezigheid van ${formatLocalDate(cmd.from, 'nl')} tot en met ${formatLocalDate(cmd.to, 'nl')} in zaak ${c.number} verwerkt (${list}); partijen geïnformeerd`,
    doneEn: `absence from ${formatLocalDate(cmd.from, 'en')} to ${formatLocalDate(cmd.to, 'en')} in case ${c.number} recorded (${listEn}); parties informed`,
  };
};
