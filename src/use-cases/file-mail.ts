/**
 * File a message in an existing case as correspondence, and tell the commissioner unless she
 * wrote it herself. The procedure issue refines what a party's mail means (written response,
 * appeal); this is the common ground: it is in the file and the commissioner knows.
 */
import { withoutCaseTag } from '../domain/case-number.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import { oneLine } from '../domain/text-format.js';
import { blobAttachSpecs } from './attach-specs.js';
import { attachmentFacts, caseFacts, nextOpenDeadline } from './case-facts.js';
import type { AppContext } from './context.js';
import { storeInbound } from './store-inbound.js';
import { writeToCommissioners } from './write-letter.js';

/**
 * Why a mail landed in the case, as the commissioner's notice says it (labels.json `mailReason`,
 * so that a Dutch notice never carries English and the other way round).
 */
export type MailReason = 'reply' | 'tag' | 'appeal' | 'after-appeal-term' | 'closed' | 'unreferenced' | 'commissioner';

export interface FileMailInput {
  caseId: number;
  mail: InboundMail;
  kind: string;
  storedMessageId: string;
  blobSha256: string;
  size: number;
  /** Role of the sender in the case, or 'commissioner'. */
  fromRole: string;
  reason: MailReason;
  notifyCommissioner: boolean;
  /** Extra facts for the notice (the appeal's check for new information, the split command). */
  noticeFacts?: Record<string, unknown>;
  /** When it reached the mailbox; kept in the event, so a split keeps the date of receipt. */
  receivedAt?: Date;
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
    data: { role: input.fromRole, messageRef, ...(input.receivedAt ? { receivedAt: input.receivedAt.toISOString() } : {}) },
  });
  if (input.notifyCommissioner) notifyCommissioner(ctx, input, messageRef);
  return messageRef;
}

/** The correspondence notice: who wrote, why it is in this case, the text, and the files themselves. */
export function notifyCommissioner(ctx: AppContext, input: Omit<FileMailInput, 'notifyCommissioner'>, messageRef: number): void {
  const c = ctx.store.cases.get(input.caseId)!;
  const facts = caseFacts(ctx, c.id);
  writeToCommissioners(ctx, {
    caseId: c.id, caseNumber: c.number, template: 'correspondence-notice',
    inReplyTo: input.mail.messageId,
    facts: {
      ...facts,
      nextDeadline: nextOpenDeadline(facts),
      fromName: oneLine(input.mail.from?.name), fromEmail: input.mail.from?.address ?? '', fromRole: input.fromRole,
      // The letter's own subject carries the tag already: her subject line shows it once.
      mailSubject: oneLine(input.mail.subject), mailSubjectUntagged: withoutCaseTag(oneLine(input.mail.subject), c.number), mailText: input.mail.text.slice(0, 100_000),
      attachments: attachmentFacts(input.mail.attachments), mailReason: input.reason, messageRef,
      attach: blobAttachSpecs(input.mail.attachments),
      ...input.noticeFacts,
    },
  });
}
