/**
 * The edge between IMAP and the use-cases: keep the raw message as a blob (before anything else,
 * so nothing is ever lost), parse it with limits, and hand it to ingestMail, which commits.
 */
import type { AppContext } from '../use-cases/context.js';
import { ingestMail, type IngestResult, type InboxSource } from '../use-cases/ingest-mail.js';
import { parseMail, ParseError } from './parse-mail.js';
import type { InboundMail } from '../domain/inbound-mail.js';

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
  try {
    mail = await parseMail(m.raw, { maxBytes: ctx.config.maxMessageBytes + 1024 * 1024, timeoutMs: PARSE_TIMEOUT_MS });
  } catch (err: unknown) {
    if (!(err instanceof ParseError)) throw err;
    parseError = err.reason;
  }
  if (m.truncated) {
    // Too large to take in: kept whole in the quarantine folder, recorded here by its headers.
    parseError = `message of ${(m.size / 1024 / 1024).toFixed(1)} MB is over MAX_MESSAGE_MB (${ctx.config.maxMessageBytes / 1024 / 1024} MB)`;
    mail = null;
  }
  const result = ingestMail(ctx, { blobSha256, size: m.size, mail, parseError, source: m.source, receivedAt: m.receivedAt });
  const log = ctx.log.child({ component: 'ingest', uid: m.source?.uid, caseNumber: result.caseNumber });
  if (result.target === 'quarantine') log.warn({ kind: result.kind, reason: parseError }, 'message quarantined');
  else log.info({ kind: result.kind }, 'message handled');
  ctx.outboxChanged();
  return result;
}
