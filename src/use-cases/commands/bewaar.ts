/** #bewaar [tot JJJJ-MM-DD] reden: a legal hold; the retention purge passes the case by while it holds. */

import { CommandRefused } from '../../errors/index.js';
import { formatLocalDate } from '../../domain/text-format.js';
import { requireCase, type CommandHandler } from './types.js';

export const bewaar: CommandHandler<'bewaar'> = (cc, cmd) => {
  const c = requireCase(cc);
  if (c.state === 'purged') throw new CommandRefused(`zaak ${c.number} is al vernietigd`, `case ${c.number} has already been purged`, undefined, 'state');
  const at = cc.ctx.clock.now().toISOString();
  cc.ctx.store.holds.place({ caseId: c.id, reason: cmd.reason, untilDate: cmd.until, at, by: cc.actor, messageRef: cc.messageRef });
  cc.ctx.store.cases.appendEvent({ caseId: c.id, at, actor: cc.actor, type: 'legal-hold', messageRef: cc.messageRef, data: { until: cmd.until, reason: cmd.reason } });
  const until = cmd.until ? ` tot en met ${formatLocalDate(cmd.until, 'nl')}` : ' tot u die opheft (#bewaar-opheffen)';
  const untilEn = cmd.until ? ` until ${formatLocalDate(cmd.until, 'en')}` : ' until lifted';
  return { done: `bewaarplicht voor zaak ${c.number}${until}: het dossier wordt niet vernietigd`, doneEn: `legal hold on case ${c.number}${untilEn}: the file will not be purged` };
};
