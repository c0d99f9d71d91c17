/**
 * The edge between IMAP and the use-cases: keep the raw message as a blob (before anything else,
 * so nothing is ever lost), parse it with limits, authenticate its sender, and hand it to the
 * use-case, which commits (ingestBatch).
 */
import { ParseError } from '../errors/index.js';
import type { AppContext } from '../use-cases/context.js';
import type { IngestInput, IngestResult, InboxSource } from '../use-cases/ingest-mail.js';
import { ingestBatch, type IngestBatchOutcome } from '../use-cases/ingest-batch.js';
import { parseMail } from './parse-mail.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import { authenticateSender } from './authenticate.js';
import type { SenderAuth } from '../use-cases/commissioner-mail.js';
import type { SentCopy } from '../domain/sent-copy.js';

export interface RawMessage {
  raw: Buffer;
  size: number;
  /** True when only the header block was fetched because the message is over MAX_MESSAGE_MB. */
  truncated: boolean;
  receivedAt: Date;
  source: InboxSource | null;
  /** Taken in again by `complaint-desk reprocess` (see IngestInput.reprocess). */
  reprocess?: boolean;
}

const PARSE_TIMEOUT_MS = 20_000;

/** Prepare one message for ingestion: its blob stored (fsynced), parsed, its sender authenticated. */
async function prepare(ctx: AppContext, m: RawMessage): Promise<IngestInput> {
  const blobSha256 = await ctx.store.blobs.putAsync(m.raw);
  let mail: InboundMail | null = null;
  let parseError: string | undefined;
  // Too large to take in (only its header block was fetched, or it is over the limit anyway): kept
  // whole in the quarantine folder, read by its headers so the sender can be told (issue 5).
  const tooLarge = m.truncated || m.size > ctx.config.maxMessageBytes
    ? `message of ${(m.size / 1024 / 1024).toFixed(1)} MB is over MAX_MESSAGE_MB (${ctx.config.maxMessageBytes / 1024 / 1024} MB)`
    : undefined;
  try {
    mail = await parseMail(tooLarge ? headerBlock(m.raw) : m.raw, { maxBytes: ctx.config.maxMessageBytes + 1024 * 1024, timeoutMs: PARSE_TIMEOUT_MS });
  } catch (err: unknown) {
    if (!(err instanceof ParseError)) throw err;
    parseError = err.reason;
  }
  if (tooLarge) parseError = tooLarge;
  // Attachments' blobs too, before the transaction (where storing them finds them there).
  for (const a of mail?.attachments ?? []) if (a.content) await ctx.store.blobs.putAsync(a.content);
  // Authentication needs DNS (I/O), so it is decided here, before the synchronous transaction.
  let senderAuth: SenderAuth | undefined;
  const from = mail?.from?.address;
  if (mail && from && ctx.config.commissionerEmails.includes(from)) {
    senderAuth = await authenticateSender(m.raw, from, {
      methods: ctx.config.commandAuth, authservId: ctx.config.authservId, resolver: ctx.dnsResolver,
      dkimExtraDomains: ctx.config.dkimExtraDomains, exchangeTenantId: ctx.config.exchangeTenantId,
      mailboxMode: ctx.config.mailboxMode, sent: await sentCopyOf(ctx, mail),
    });
  }
  return { blobSha256, size: m.size, mail, parseError, source: m.source, receivedAt: m.receivedAt, senderAuth, tooLarge, reprocess: m.reprocess };
}

/**
 * Own mode: what her Sent folder holds for this mail (issue 12). Looked up for every mail from her
 * address, so a refused command's alert can say whether `sent-folder` would have accepted it; a
 * folder that cannot be read counts as no copy, and is logged.
 */
async function sentCopyOf(ctx: AppContext, mail: InboundMail): Promise<SentCopy | 'absent' | null> {
  if (!ctx.sentFolder) return null;
  try {
    return await ctx.sentFolder.find(mail);
  } catch (err) {
    ctx.log.warn({ component: 'sent-folder', err: (err as Error).message }, 'could not search the Sent folder');
    return 'absent';
  }
}

/** Messages prepared at once: their blob writes (fsync) overlap each other and the parsing. */
const PREPARE_CONCURRENCY = 4;

/**
 * Ingest a batch of messages (one IMAP FETCH): each prepared here (blob, parse, authentication:
 * the I/O), then committed together by the use-case (src/use-cases/ingest-batch.ts).
 */
export async function receiveMessages(ctx: AppContext, ms: readonly RawMessage[]): Promise<IngestBatchOutcome> {
  const inputs: (IngestInput | Error)[] = new Array(ms.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < ms.length; i = next++) {
      inputs[i] = await prepare(ctx, ms[i]!).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PREPARE_CONCURRENCY, ms.length) }, worker));
  return ingestBatch(ctx, inputs);
}

/** One message on its own (tests, tools): as receiveMessages, throwing its error. */
export async function receiveMessage(ctx: AppContext, m: RawMessage): Promise<IngestResult> {
  const { results, error } = await receiveMessages(ctx, [m]);
  if (error) throw error;
  return results[0]!;
}

/** The header block of a raw message (up to the first empty line), with a blank line to end it. */
function headerBlock(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : raw.length;
  return Buffer.concat([raw.subarray(0, Math.min(end, 1024 * 1024)), Buffer.from('\r\n')]);
}
