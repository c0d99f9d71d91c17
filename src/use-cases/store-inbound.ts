/** Record an inbound message and its attachments in the file (inside the caller's transaction). */
import type { InboundMail } from '../domain/inbound-mail.js';
import type { AppContext } from './context.js';

export interface InboundRecord {
  caseId: number | null;
  kind: string;
  status: 'filed' | 'quarantined' | 'ignored';
  reason?: string | null;
  /** The Message-ID under which it is stored (a synthetic one when the mail had none). */
  storedMessageId: string;
  blobSha256: string;
  size: number;
  at: string;
}

export function storeInbound(ctx: AppContext, mail: InboundMail | null, r: InboundRecord): number {
  const ref = ctx.store.messages.insert({
    caseId: r.caseId,
    direction: 'in',
    messageId: r.storedMessageId,
    kind: r.kind,
    fromAddr: mail?.from?.address ?? null,
    toAddrs: mail ? [...mail.to, ...mail.cc].map((a) => a.address) : [],
    subject: mail?.subject ?? '',
    blobSha256: r.blobSha256,
    size: r.size,
    at: r.at,
    status: r.status,
    reason: r.reason ?? null,
    // Quarantined mail keeps only its blob: it may concern a case its sender is no party of.
    text: r.status === 'quarantined' ? null : mail?.text ?? null,
  });
  for (const a of mail?.attachments ?? []) {
    // The file itself, content-addressed: letters attach it (art. 6) and the purge deletes it.
    if (a.content) ctx.store.blobs.put(a.content);
    ctx.store.messages.addAttachment(ref, { filename: a.filename, contentType: a.contentType, size: a.size, sha256: a.sha256 });
  }
  return ref;
}
