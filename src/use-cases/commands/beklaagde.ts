/**
 * #beklaagde Naam <email>: name the beklaagde and ask for a written response (art. 6). Once a
 * beklaagde is named, the same command corrects their name and address (e.g. after a bounce):
 * the party is updated, a blocked address is released, and while the response is still awaited
 * the request goes again to the corrected address.
 */
import { CommandRefused } from '../../errors/index.js';
import { outsideName } from '../../domain/outside-text.js';
import { liftSuppressionOnCorrection } from '../correct-address.js';
import { oneLine } from '../../domain/text-format.js';
import { applyTransition } from '../transition-case.js';
import { attachmentFacts, caseFacts } from '../case-facts.js';
import { writeToParties } from '../write-letter.js';
import type { AppContext } from '../context.js';
import type { CaseRow } from '../../store/cases-repo.js';
import { requireCase, type CommandHandler } from './types.js';

export const beklaagde: CommandHandler<'beklaagde'> = (cc, cmd) => {
  const { ctx } = cc;
  liftSuppressionOnCorrection(cc, cmd.email);
  const before = requireCase(cc);
  const parties = ctx.store.cases.parties(before.id);
  if (parties.some((p) => p.role === 'klager' && p.email === cmd.email)) {
    throw new CommandRefused('de klager kan niet ook de beklaagde zijn', 'the complainant cannot also be the person complained about', '#beklaagde Naam <e-mailadres>');
  }
  const who = cmd.partyName || cmd.email;
  if (parties.some((p) => p.role === 'beklaagde')) {
    ctx.store.cases.correctParty(before.id, 'beklaagde', outsideName(oneLine(cmd.partyName)), cmd.email);
    ctx.store.cases.appendEvent({ caseId: before.id, at: ctx.clock.now().toISOString(), actor: cc.actor, type: 'party-corrected', messageRef: cc.messageRef, data: { role: 'beklaagde', email: cmd.email } });
    if (before.state !== 'presented') {
      return { done: `gegevens van de beklaagde in zaak ${before.number} gewijzigd in ${who}`, doneEn: `details of the person complained about in case ${before.number} changed to ${who}` };
    }
    requestResponse(ctx, before);
    return { done: `beklaagde in zaak ${before.number} gewijzigd in ${who}; het verzoek om een reactie is opnieuw verstuurd`, doneEn: `person complained about in case ${before.number} changed to ${who}; the request for a response was sent again` };
  }
  ctx.store.cases.addParty(before.id, 'beklaagde', oneLine(cmd.partyName), cmd.email, ctx.clock.now().toISOString());
  const c = applyTransition(ctx, before, 'present', cc.actor, cc.messageRef, { beklaagde: cmd.email });
  requestResponse(ctx, c);
  tellKlagerPresented(ctx, c);
  return {
    done: `${who} is beklaagde in zaak ${c.number}; de klacht is voorgelegd met het verzoek om een schriftelijke reactie`,
    doneEn: `${who} is the person complained about in case ${c.number}; the complaint was presented with a request for a written response`,
  };
};

/** The klager hears that her complaint was presented, and when the response is due (issue 13). */
function tellKlagerPresented(ctx: AppContext, c: CaseRow): void {
  const complaint = ctx.store.messages.complaintOf(c.id);
  const facts = caseFacts(ctx, c.id);
  writeToParties(ctx, c.id, ['klager'], {
    template: 'complaint-presented',
    facts: { ...facts, deadline: (facts.deadlines as Record<string, unknown>).response, attachments: attachmentFacts(complaint ? ctx.store.messages.attachmentsOf(complaint.id) : []) },
  });
}

/** The request for a written response, with the complaint's text and its attachments. */
function requestResponse(ctx: AppContext, c: CaseRow): void {
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
}
