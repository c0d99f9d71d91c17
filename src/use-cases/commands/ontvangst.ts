/** #ontvangst: send the acknowledgement now (ACK_MODE=review). */
import { CommandRefused } from '../../errors/index.js';
import { applyTransition } from '../transition-case.js';
import { isHeldCase } from '../held-case.js';
import { attachmentFacts, caseFacts } from '../case-facts.js';
import { writeToParties } from '../write-letter.js';
import { requireCase, type CommandHandler } from './types.js';

export const ontvangst: CommandHandler<'ontvangst'> = (cc) => {
  // A held case has no practice yet (issue 16): its acknowledgement would name none.
  if (isHeldCase(cc.ctx, requireCase(cc))) {
    throw new CommandRefused(
      `zaak ${requireCase(cc).number} hoort nog bij geen praktijk; geef eerst de praktijk met #praktijk ID`,
      `case ${requireCase(cc).number} belongs to no practice yet; first give the practice with #practice ID`,
      '#praktijk ID', 'state',
    );
  }
  const c = applyTransition(cc.ctx, requireCase(cc), 'acknowledge', cc.actor, cc.messageRef);
  // The held letter was decided before the terms it announces had started: decide it anew.
  cc.ctx.store.outbox.cancelHeld(c.id, 'acknowledgement', 'replaced by #ontvangst');
  const facts = caseFacts(cc.ctx, c.id);
  const complaint = cc.ctx.store.messages.complaintOf(c.id);
  writeToParties(cc.ctx, c.id, ['klager'], {
    template: 'acknowledgement', inReplyTo: complaint?.message_id?.startsWith('sha256:') ? null : complaint?.message_id ?? null,
    // The facts block names the terms still to come (handling; next step presenting), not this letter's own.
    facts: { ...facts, deadline: (facts.deadlines as Record<string, unknown>).handle, attachments: attachmentFacts(complaint ? cc.ctx.store.messages.attachmentsOf(complaint.id) : []) },
  });
  return { done: `ontvangstbevestiging verstuurd aan de klager (zaak ${c.number})`, doneEn: `acknowledgement sent to the complainant (case ${c.number})` };
};
