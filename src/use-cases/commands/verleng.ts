/** #verleng N [reden]: extend the running deadlines by N working days and inform the parties (footnote). */
import { extendDeadlines } from '../extend-deadlines.js';
import { requireCase, type CommandHandler } from './types.js';

export const verleng: CommandHandler<'verleng'> = (cc, cmd) => {
  const c = requireCase(cc);
  const { moved } = extendDeadlines(cc.ctx, c.id, { days: cmd.days, reason: cmd.reason ?? '' }, cc.actor, cc.messageRef);
  const list = moved.map((m) => `${m.kind} ${m.from} → ${m.to}`).join(', ') || 'geen lopende termijnen';
  return { done: `termijnen in zaak ${c.number} met ${cmd.days} werkdagen verlengd (${list}); partijen geïnformeerd`, doneEn: `terms in case ${c.number} extended by ${cmd.days} working days (${list}); parties informed` };
};
