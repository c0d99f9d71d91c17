/**
 * #splits N: make mail N of this file a case of its own (issue 13). A klager with an open case
 * who writes a fresh mail, without reference to the case, may be writing a second complaint; the
 * desk files it in her open case and tells the commissioner so (unreferenced-mail.ts). When it is
 * a new complaint, this opens the case for it as if it had come in on its own: the date of
 * receipt is the day the mail arrived (art. 5's term counts from there), the klager gets the
 * acknowledgement, the commissioner the new-complaint notice, and the first case's file notes where it went.
 */
import { CommandRefused } from '../../errors/index.js';
import type { InboundMail } from '../../domain/inbound-mail.js';
import { formatLocalDate } from '../../domain/text-format.js';

import { openCase } from '../open-case.js';
import { practiceOfCase } from '../practice-of.js';
import { requireCase, type CommandHandler } from './types.js';

export const splits: CommandHandler<'splits'> = (cc, cmd) => {
  const { ctx } = cc;
  const c = requireCase(cc);
  const m = ctx.store.messages.get(cmd.messageRef);
  const klager = ctx.store.cases.parties(c.id).find((p) => p.role === 'klager');
  if (!m || m.case_id !== c.id || m.direction !== 'in' || !klager || m.from_addr !== klager.email || m.kind === 'complaint') {
    throw new CommandRefused(
      `e-mail ${cmd.messageRef} is geen e-mail van de klager in het dossier van zaak ${c.number} (de klacht zelf kan niet worden afgesplitst)`,
      `mail ${cmd.messageRef} is not a mail from the complainant in the file of case ${c.number} (the complaint itself cannot be split off)`,
      '#splits N (N staat in de melding van die e-mail)',
    );
  }
  const filed = ctx.store.cases.events(c.id).map((e) => JSON.parse(e.data) as { messageRef?: number; receivedAt?: string }).find((d) => d.messageRef === m.id);
  const receivedAt = new Date(filed?.receivedAt ?? m.at);
  const attachments = ctx.store.messages.attachmentsOf(m.id).map((a) => ({ filename: a.filename, contentType: a.content_type, size: a.size, sha256: a.sha256, content: Buffer.alloc(0) }));
  const mail: InboundMail & { from: NonNullable<InboundMail['from']> } = {
    messageId: m.message_id?.startsWith('sha256:') ? null : m.message_id, inReplyTo: null, references: [],
    from: { address: klager.email, name: klager.name }, fromCount: 1, to: [], cc: [], replyTo: [],
    subject: m.subject, date: receivedAt, headers: {}, contentType: 'text/plain', text: m.text ?? '', html: null, attachments,
  };
  // The same klager writing to the same desk: the new case is of the first one's practice (issue 16).
  const created = openCase(ctx, { mail, storedMessageId: m.message_id ?? '', blobSha256: m.blob_sha256 ?? '', size: m.size, receivedAt, existingMessageRef: m.id, practice: practiceOfCase(ctx, c) });
  ctx.store.cases.appendEvent({ caseId: c.id, at: ctx.clock.now().toISOString(), actor: cc.actor, type: 'split-off', messageRef: cc.messageRef, data: { messageRef: m.id, newCase: created.number } });
  return {
    done: `e-mail ${m.id} is afgesplitst van zaak ${c.number} tot een eigen zaak ${created.number}, ontvangen op ${formatLocalDate(created.received_date, 'nl')}; de klager kreeg daarvan een ontvangstbevestiging`,
    doneEn: `mail ${m.id} was split off case ${c.number} into case ${created.number} of its own, received on ${formatLocalDate(created.received_date, 'en')}; the complainant was sent its acknowledgement`,
  };
};
