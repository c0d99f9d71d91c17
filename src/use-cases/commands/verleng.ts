/** #verleng N [reden]: extend the running deadlines by N working days and inform the parties (footnote). */
import { extendDeadlines } from '../extend-deadlines.js';
import { requireCase, type CommandHandler } from './types.js';
import { movesText } from './moves-text.js';

export const verleng: CommandHandler<'verleng'> = (cc, cmd) => {
  const c = requireCase(cc);
  const { moved } = extendDeadlines(cc.ctx, c.id, { days: cmd.days, reason: cmd.reason ?? '' }, cc.actor, cc.messageRef);
  const list = movesText(cc, moved, 'nl', 'geen lopende termijnen');
  const listEn = movesText(cc, moved, 'en', 'no running terms');
  return { done: `termijnen in zaak ${c.number} met ${cmd.days} werkdagen verlengd (${list}); partijen geïnformeerd`, doneEn: `terms in case ${c.number} extended by ${cmd.days} working days (${listEn}); parties informed` };
};
