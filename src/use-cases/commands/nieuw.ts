/** #nieuw Naam <email>: open a case for a complaint that reached the commissioner otherwise. */
import { liftSuppressionOnCorrection } from '../correct-address.js';
import { oneLine } from '../../domain/text-format.js';
import { openCase } from '../open-case.js';
import type { CommandHandler } from './types.js';

export const nieuw: CommandHandler<'nieuw'> = (cc, cmd) => {
  liftSuppressionOnCorrection(cc, cmd.email);
  const subject = oneLine(cc.mail.subject.replace(/#\S+.*$/, '').replace(/^((re|fwd?|fw|doorst|antw|aw)\s*:\s*)+/i, '')) || 'Klacht';
  const c = openCase(cc.ctx, {
    mail: { ...cc.mail, subject, text: [cc.freeText, cc.quotedText].filter((t) => t.trim()).join('\n\n'), from: { name: cmd.partyName, address: cmd.email }, messageId: null, references: [] },
    storedMessageId: '', blobSha256: '', size: 0, receivedAt: cc.ctx.clock.now(), existingMessageRef: cc.messageRef,
  });
  return {
    done: `zaak ${c.number} geopend voor ${cmd.partyName || cmd.email}${c.state === 'acknowledged' ? '; ontvangstbevestiging verstuurd' : ''}`,
    doneEn: `case ${c.number} opened for ${cmd.partyName || cmd.email}${c.state === 'acknowledged' ? '; acknowledgement sent' : ''}`,
    caseRow: c,
  };
};
