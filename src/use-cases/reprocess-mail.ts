/**
 * `complaint-desk reprocess` (SPEC §5): take a quarantined or rate-limited mail in again. The copy
 * in the quarantine folder is read afresh, its earlier quarantined row gives up its Message-ID
 * (else the new pass would be a duplicate), and it goes through ingestion as if it had just
 * arrived, with its own INTERNALDATE as the date of receipt, and without the per-sender limit
 * (the commissioner asked for it). What is quarantined again stays; what was taken in leaves the
 * quarantine folder. The dry run says what each would become, and changes nothing.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from './context.js';
import type { IngestResult } from './ingest-mail.js';

/** One copy from the quarantine folder (read by src/mail-in/quarantine-folder.ts). */
export interface QuarantinedCopy {
  uid: number;
  messageId: string | null;
  internalDate: Date;
  size: number;
  raw: Buffer;
}

/** The port to the mail-in edge: take one raw message in as if it had just arrived (src/mail-in/receive-message.ts). */
export type ReceiveOne = (ctx: AppContext, m: { raw: Buffer; size: number; truncated: boolean; receivedAt: Date; source: null; reprocess: true }) => Promise<IngestResult>;

export interface ReprocessLine {
  uid: number;
  messageId: string | null;
  /** Why it was quarantined, as stored (none when the store does not know the copy). */
  wasReason: string | null;
  /** What it became; null in a dry run. */
  kind: string | null;
  caseNumber: string | null;
  /** Whether it left quarantine (false: quarantined again, or a dry run). */
  takenIn: boolean;
}

export async function reprocessCopies(ctx: AppContext, copies: readonly QuarantinedCopy[], receive: ReceiveOne, opts: { dryRun: boolean }): Promise<ReprocessLine[]> {
  const out: ReprocessLine[] = [];
  for (const copy of copies) {
    const sha = createHash('sha256').update(copy.raw).digest('hex');
    const rows = ctx.store.messages.quarantinedFor(copy.messageId, sha);
    const line: ReprocessLine = { uid: copy.uid, messageId: copy.messageId, wasReason: rows[0]?.reason ?? null, kind: null, caseNumber: null, takenIn: false };
    if (!opts.dryRun) {
      ctx.store.tx(() => ctx.store.messages.releaseQuarantined(rows.map((r) => r.id)));
      const r = await receive(ctx, { raw: copy.raw, size: copy.size, truncated: copy.size > ctx.config.maxMessageBytes, receivedAt: copy.internalDate, source: null, reprocess: true });
      Object.assign(line, { kind: r.kind, caseNumber: r.caseNumber, takenIn: r.target === 'processed' });
    }
    out.push(line);
  }
  return out;
}
