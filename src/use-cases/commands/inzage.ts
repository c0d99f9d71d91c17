/**
 * #inzage email: an access request (AVG art. 15) logged with its own term of one calendar month.
 * The receipt to the commissioner carries the export as a PDF: to her, never to the requester,
 * because she checks who is asking before she passes it on (README, "Access requests"). The
 * request shows in her digest until she confirms with `#inzage-verzonden email` (or the CLI's
 * `subject-access EMAIL --answered`).
 */
import { localDateOf } from '../../domain/calendar.js';
import { addMonths } from '../../domain/retention.js';
import { formatLocalDate } from '../../domain/text-format.js';
import { storeAccessPdf } from '../file-exports.js';
import type { CommandHandler } from './types.js';

export const inzage: CommandHandler<'inzage'> = (cc, cmd) => {
  const repo = cc.ctx.store.holds;
  const now = cc.ctx.clock.now();
  const open = repo.openAccessRequest(cmd.email);
  const due = open?.due_date ?? addMonths(localDateOf(now, cc.ctx.config.timeZone), 1);
  const id = open?.id ?? repo.logAccessRequest({ email: cmd.email, at: now.toISOString(), by: cc.actor, dueDate: due, messageRef: cc.messageRef });
  const pdf = storeAccessPdf(cc.ctx, cmd.email);
  repo.markExported(id, now.toISOString(), pdf.sha256);
  const n = pdf.export.cases.length;
  return {
    done: `inzageverzoek van ${cmd.email} ${open ? 'stond al' : 'vastgelegd'}; uiterlijk ${formatLocalDate(due, 'nl')} beantwoorden. De inzage (${n} ${n === 1 ? 'zaak' : 'zaken'}) zit als pdf bij deze brief: `
      + `controleer eerst de identiteit van de verzoeker, stuur de pdf dan door en meld het met #inzage-verzonden ${cmd.email}`,
    doneEn: `access request of ${cmd.email} ${open ? 'was already logged' : 'logged'}; answer by ${formatLocalDate(due, 'en')}. The export (${n} case${n === 1 ? '' : 's'}) is attached to this letter as a PDF: `
      + `check the requester's identity first, then forward the PDF and confirm with #access-sent ${cmd.email}`,
    attach: [pdf.attach],
  };
};

/** #inzage-verzonden email: she checked the identity and sent the export; the request is answered. */
export const inzageVerzonden: CommandHandler<'inzage-verzonden'> = (cc, cmd) => {
  const repo = cc.ctx.store.holds;
  const open = repo.openAccessRequest(cmd.email);
  if (!open) {
    return { done: `er stond geen open inzageverzoek van ${cmd.email}`, doneEn: `there was no open access request of ${cmd.email}` };
  }
  repo.markAnswered(open.id, cc.ctx.clock.now().toISOString(), cc.actor);
  return { done: `inzageverzoek van ${cmd.email} (uiterlijk ${formatLocalDate(open.due_date, 'nl')}) is beantwoord`, doneEn: `access request of ${cmd.email} (due ${formatLocalDate(open.due_date, 'en')}) answered` };
};

