/**
 * File a message in an existing case as correspondence, and tell the commissioner unless she
 * wrote it herself. The procedure issue refines what a party's mail means (written response,
 * appeal); this is the common ground: it is in the file and the commissioner knows.
 */
import type { InboundMail } from '../domain/inbound-mail.js';
import { oneLine } from '../mail-out/format.js';
import { attachmentFacts, caseFacts, nextOpenDeadline } from './case-facts.js';
import type { AppContext } from './context.js';
import { storeInbound } from './store-inbound.js';
import { writeToCommissioners } from './write-letter.js';

export interface FileMailInput {
  caseId: number;
  mail: InboundMail;
  kind: string;
  storedMessageId: string;
  blobSha256: string;
  size: number;
  /** Role of the sender in the case, or 'commissioner'. */
  fromRole: string;
  /** Why it landed in this case, as told to the commissioner (e.g. "antwoord van de klager"). */
  reasonText: string;
  notifyCommissioner: boolean;
}

export function fileMail(ctx: AppContext, input: FileMailInput): number {
  const nowIso = ctx.clock.now().toISOString();
  const c = ctx.store.cases.get(input.caseId)!;
  const messageRef = storeInbound(ctx, input.mail, {
    caseId: c.id, kind: input.kind, status: 'filed', storedMessageId: input.storedMessageId,
    blobSha256: input.blobSha256, size: input.size, at: nowIso,
  });
  ctx.store.cases.appendEvent({
    caseId: c.id, at: nowIso, actor: input.mail.from?.address ?? 'unknown', type: `mail-${input.kind}`, messageRef,
    data: { role: input.fromRole },
  });
  if (input.notifyCommissioner) {
    const facts = caseFacts(ctx, c.id);
    writeToCommissioners(ctx, {
      caseId: c.id, caseNumber: c.number, template: 'correspondence-notice',
      inReplyTo: input.mail.messageId,
      facts: {
        ...facts,
        nextDeadline: nextOpenDeadline(facts),
        fromName: oneLine(input.mail.from?.name), fromEmail: input.mail.from?.address ?? '', fromRole: input.fromRole,
        mailSubject: oneLine(input.mail.subject), mailText: input.mail.text.slice(0, 100_000),
        attachments: attachmentFacts(input.mail.attachments), reasonText: input.reasonText,
      },
    });
  }
  return messageRef;
}
