/**
 * #nieuw Naam <email>: open a case for a complaint that reached the commissioner otherwise. On a
 * desk of several practices (issue 16) the practice is told from the address she sent it to
 * (`maja+lux@…`); when that tells nothing the case is held, and `#praktijk ID` on the next line
 * of the same mail assigns it at once.
 */
import { liftSuppressionOnCorrection } from '../correct-address.js';
import { oneLine } from '../../domain/text-format.js';
import { isHeldCase, practiceForMail } from '../held-case.js';
import { openCase } from '../open-case.js';
import type { CommandHandler } from './types.js';

export const nieuw: CommandHandler<'nieuw'> = (cc, cmd) => {
  liftSuppressionOnCorrection(cc, cmd.email);
  const subject = oneLine(cc.mail.subject.replace(/#\S+.*$/, '').replace(/^((re|fwd?|fw|doorst|antw|aw)\s*:\s*)+/i, '')) || 'Klacht';
  const recognition = practiceForMail(cc.ctx, cc.mail, null);
  const c = openCase(cc.ctx, {
    mail: { ...cc.mail, subject, text: [cc.freeText, cc.quotedText].filter((t) => t.trim()).join('\n\n'), from: { name: cmd.partyName, address: cmd.email }, messageId: null, references: [] },
    storedMessageId: '', blobSha256: '', size: 0, receivedAt: cc.ctx.clock.now(), existingMessageRef: cc.messageRef,
    practice: recognition.practice ?? undefined, recognition,
  });
  const held = isHeldCase(cc.ctx, c);
  return {
    done: `zaak ${c.number} geopend voor ${cmd.partyName || cmd.email}${c.state === 'acknowledged' ? '; ontvangstbevestiging verstuurd' : ''}${held ? ', nog zonder praktijk (#praktijk ID)' : ''}`,
    doneEn: `case ${c.number} opened for ${cmd.partyName || cmd.email}${c.state === 'acknowledged' ? '; acknowledgement sent' : ''}${held ? ', with no practice yet (#practice ID)' : ''}`,
    caseRow: c,
  };
};
