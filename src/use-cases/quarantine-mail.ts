/**
 * Quarantine: a message we cannot or may not handle is kept whole (its blob and the IMAP copy
 * in the quarantine folder), with its reason stored, and the commissioner is told. Quarantine is
 * never silent, and nothing is sent to the sender.
 */
import type { InboundMail } from '../domain/inbound-mail.js';
import { localDateOf } from '../domain/calendar.js';
import { oneLine } from '../domain/text-format.js';
import type { AppContext } from './context.js';
import { storeInbound } from './store-inbound.js';
import { writeToCommissioners } from './write-letter.js';

export interface QuarantineInput {
  mail: InboundMail | null;
  reason: string;
  storedMessageId: string;
  blobSha256: string;
  size: number;
  caseId?: number | null;
  /** False: keep it without a notice (a flood the commissioner was told about once). Default true. */
  notify?: boolean;
  /** The sender got an automatic letter about it (too large): the notice says so. */
  senderTold?: boolean;
}

export function quarantineMail(ctx: AppContext, input: QuarantineInput): number {
  const nowIso = ctx.clock.now().toISOString();
  const messageRef = storeInbound(ctx, input.mail, {
    caseId: input.caseId ?? null, kind: 'quarantined', status: 'quarantined', reason: input.reason,
    storedMessageId: input.storedMessageId, blobSha256: input.blobSha256, size: input.size, at: nowIso,
  });
  if (input.caseId) {
    ctx.store.cases.appendEvent({ caseId: input.caseId, at: nowIso, actor: 'system', type: 'mail-quarantined', messageRef, data: { reason: input.reason } });
  }
  if (input.notify === false) return messageRef;
  // The notice names the sender and subject so the commissioner can find it, but never quotes
  // the content: it may concern a case the sender is not a party of.
  writeToCommissioners(ctx, {
    caseId: null, caseNumber: null, template: 'quarantine-notice',
    facts: {
      reason: oneLine(input.reason), fromEmail: input.mail?.from?.address ?? '', mailSubject: oneLine(input.mail?.subject),
      sizeKb: Math.max(1, Math.round(input.size / 1024)), letterDate: localDateOf(ctx.clock.now(), ctx.config.timeZone),
      quarantineMailbox: ctx.config.imap.quarantineMailbox, blob: input.blobSha256.slice(0, 16),
      practiceName: oneLine(ctx.config.practiceName), senderTold: input.senderTold ?? false,
    },
  });
  return messageRef;
}
