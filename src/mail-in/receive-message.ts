/**
 * The edge between IMAP and the use-cases: keep the raw message as a blob (before anything else,
 * so nothing is ever lost), parse it with limits, and hand it to ingestMail, which commits.
 */
import type { AppContext } from '../use-cases/context.js';
import { ingestMail, type IngestResult, type InboxSource } from '../use-cases/ingest-mail.js';
import { parseMail, ParseError } from './parse-mail.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import { authenticateSender } from './authenticate.js';
import type { SenderAuth } from '../use-cases/commissioner-mail.js';

export interface RawMessage {
  raw: Buffer;
  size: number;
  /** True when only the header block was fetched because the message is over MAX_MESSAGE_MB. */
  truncated: boolean;
  receivedAt: Date;
  source: InboxSource | null;
}

const PARSE_TIMEOUT_MS = 20_000;

export async function receiveMessage(ctx: AppContext, m: RawMessage): Promise<IngestResult> {
  const blobSha256 = ctx.store.blobs.put(m.raw);
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
  // Authentication needs DNS (I/O), so it is decided here, before the synchronous transaction.
  let senderAuth: SenderAuth | undefined;
  const from = mail?.from?.address;
  if (mail && from && ctx.config.commissionerEmails.includes(from)) {
    senderAuth = await authenticateSender(m.raw, from, { mode: ctx.config.commandAuth, authservId: ctx.config.authservId, resolver: ctx.dnsResolver });
  }
  const result = ingestMail(ctx, { blobSha256, size: m.size, mail, parseError, source: m.source, receivedAt: m.receivedAt, senderAuth, tooLarge });
  const log = ctx.log.child({ component: 'ingest', uid: m.source?.uid, caseNumber: result.caseNumber });
  if (result.target === 'quarantine') log.warn({ kind: result.kind, reason: parseError }, 'message quarantined');
  else log.info({ kind: result.kind }, 'message handled');
  ctx.outboxChanged();
  return result;
}

/** The header block of a raw message (up to the first empty line), with a blank line to end it. */
function headerBlock(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : raw.length;
  return Buffer.concat([raw.subarray(0, Math.min(end, 1024 * 1024)), Buffer.from('\r\n')]);
}
