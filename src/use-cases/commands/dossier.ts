/**
 * #dossier: the case's whole file as a PDF (the same as `complaint-desk cases export`), in a
 * letter to the commissioner who asked, and to nobody else: the letter's only audience is the
 * commissioner (src/mail-out/letters.ts), which the recipient guard holds it to. The PDF is made
 * here, inside the command's transaction, and stored as a blob (src/use-cases/file-exports.ts);
 * the event records its SHA-256, so the chain says which file left the desk and when.
 */
import { CommandRefused } from '../../errors/index.js';
import { caseFacts } from '../case-facts.js';
import { storeDossierPdf } from '../file-exports.js';

import { writeLetter } from '../write-letter.js';
import { requireCase, type CommandHandler } from './types.js';

export const dossier: CommandHandler<'dossier'> = (cc) => {
  const c = requireCase(cc);
  if (c.state === 'purged') throw new CommandRefused(`zaak ${c.number} is vernietigd: er is geen dossier meer`, `case ${c.number} has been purged: there is no file left`, undefined, 'state');
  const { ctx } = cc;
  const pdf = storeDossierPdf(ctx, c.number);
  const at = ctx.clock.now().toISOString();
  ctx.store.cases.appendEvent({
    caseId: c.id, at, actor: cc.actor, type: 'dossier-sent', messageRef: cc.messageRef,
    data: { sha256: pdf.sha256, size: pdf.size, documents: pdf.documents, headHash: pdf.headHash },
  });
  writeLetter(ctx, {
    caseId: c.id, caseNumber: c.number, template: 'dossier-for-commissioner', role: 'commissioner', to: cc.actor,
    language: ctx.config.defaultLanguage, inReplyTo: cc.mail.messageId,
    facts: {
      ...caseFacts(ctx, c.id), documents: pdf.documents, headHash: pdf.headHash, sizeKb: Math.max(1, Math.round(pdf.size / 1024)),
      filename: pdf.attach.kind === 'blob' ? pdf.attach.filename : '', attach: [pdf.attach],
    },
  });
  return {
    done: `het dossier van zaak ${c.number} (${pdf.documents} stukken) gaat als pdf in een aparte brief naar u, en naar niemand anders`,
    doneEn: `the file of case ${c.number} (${pdf.documents} documents) goes to you as a PDF in a separate letter, and to nobody else`,
  };
};
