/** #beklaagde Naam <email>: name the beklaagde and ask for a written response (art. 6). */
import { oneLine } from '../../mail-out/format.js';
import { applyTransition, CommandRefused } from '../transition-case.js';
import { attachmentFacts, caseFacts } from '../case-facts.js';
import { writeToParties } from '../write-letter.js';
import { requireCase, type CommandHandler } from './types.js';

export const beklaagde: CommandHandler<'beklaagde'> = (cc, cmd) => {
  const { ctx } = cc;
  const before = requireCase(cc);
  if (ctx.store.cases.parties(before.id).some((p) => p.role === 'klager' && p.email === cmd.email)) {
    throw new CommandRefused('de klager kan niet ook de beklaagde zijn', 'the complainant cannot also be the person complained about', '#beklaagde Naam <e-mailadres>');
  }
  ctx.store.cases.addParty(before.id, 'beklaagde', oneLine(cmd.partyName), cmd.email, ctx.clock.now().toISOString());
  const c = applyTransition(ctx, before, 'present', cc.actor, cc.messageRef, { beklaagde: cmd.email });
  const complaint = ctx.store.messages.complaintOf(c.id);
  const attachments = complaint ? ctx.store.messages.attachmentsOf(complaint.id) : [];
  const facts = caseFacts(ctx, c.id);
  writeToParties(ctx, c.id, ['beklaagde'], {
    template: 'request-for-response',
    facts: {
      ...facts, deadline: (facts.deadlines as Record<string, unknown>).response,
      complaintText: complaint?.text ?? '',
      attachments: attachmentFacts(attachments),
      attach: attachments.map((a) => ({ kind: 'blob', sha256: a.sha256, filename: a.filename, contentType: a.content_type })),
    },
  });
  return {
    done: `${cmd.partyName || cmd.email} is beklaagde in zaak ${c.number}; de klacht is voorgelegd met het verzoek om een schriftelijke reactie`,
    doneEn: `${cmd.partyName || cmd.email} is the person complained about in case ${c.number}; the complaint was presented with a request for a written response`,
  };
};
