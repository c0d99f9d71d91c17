/**
 * #inzage email: an access request (AVG art. 15) logged with its own term of one calendar month.
 * It shows in her digest until answered; `complaint-desk subject-access EMAIL --output FILE`
 * makes the export, and `--answered` marks it answered once she checked the identity and sent it.
 */
import { localDateOf } from '../../domain/calendar.js';
import { addMonths } from '../../domain/retention.js';
import { holdsOf } from '../../store/holds-repo.js';
import type { CommandHandler } from './types.js';

export const inzage: CommandHandler<'inzage'> = (cc, cmd) => {
  const repo = holdsOf(cc.ctx.store);
  const now = cc.ctx.clock.now();
  const open = repo.openAccessRequest(cmd.email);
  const due = open?.due_date ?? addMonths(localDateOf(now, cc.ctx.config.timeZone), 1);
  if (!open) repo.logAccessRequest({ email: cmd.email, at: now.toISOString(), by: cc.actor, dueDate: due, messageRef: cc.messageRef });
  return {
    done: `inzageverzoek van ${cmd.email} ${open ? 'stond al' : 'vastgelegd'}; uiterlijk ${due} beantwoorden (complaint-desk subject-access ${cmd.email} --output BESTAND)`,
    doneEn: `access request of ${cmd.email} ${open ? 'was already logged' : 'logged'}; answer by ${due} (complaint-desk subject-access ${cmd.email} --output FILE)`,
  };
};
