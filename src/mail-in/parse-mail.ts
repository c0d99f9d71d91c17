/**
 * Raw message bytes → InboundMail, once, at the edge (SPEC §5); everything after this is pure.
 * mailparser does the MIME work (transfer encodings, charsets, HTML → text). The header facts come
 * from the raw header lines instead, because mailparser keeps only the first of a repeated From,
 * turns an unparseable Date into "now" and mangles a Message-ID that carries a comment.
 */
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { parseAddressHeader, simpleParser } from 'mailparser';
import type { Attachment, EmailAddress, ParsedMail, SimpleParserOptions, StructuredHeader } from 'mailparser';
import type { InboundAttachment, InboundMail, MailAddress } from '../domain/inbound-mail.js';

/** too-large: over maxBytes; timeout: over timeoutMs; empty: no bytes or no headers; malformed: unreadable. */
export type ParseErrorCode = 'too-large' | 'timeout' | 'empty' | 'malformed';

/**
 * Why a message could not become an InboundMail. The caller quarantines the raw message with
 * `reason` (SPEC §5: quarantine is never silent). `reason` never quotes the message body.
 */
export class ParseError extends Error {
  constructor(
    readonly code: ParseErrorCode,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${reason}`, options);
    this.name = 'ParseError';
  }
}

export interface ParseMailOptions {
  /** Larger messages are refused before parsing: simpleParser holds everything in memory. */
  maxBytes: number;
  /** Parsing that takes longer is abandoned (malformed mail has hung mailparser before). */
  timeoutMs: number;
}

const PARSER_OPTIONS: SimpleParserOptions = {
  keepDeliveryStatus: true, // a bounce's message/delivery-status becomes an attachment, not body text
  ignoreEmbedded: true, // message/rfc822 stays one attachment: a bounce's returned letter, a forwarded mail
  keepCidLinks: true, // html as received, not inflated with data: URLs
  skipTextToHtml: true,
  checksumAlgo: false, // we hash with SHA-256 ourselves
  // html-to-text is synchronous, so the timeout cannot interrupt it: cap what it is given.
  maxHtmlLengthToParse: 2_000_000,
};

/**
 * Parse one raw RFC 5322 message.
 * @throws {ParseError} too-large, timeout, empty (zero bytes or no header lines) or malformed.
 */
export async function parseMail(raw: Buffer, opts: ParseMailOptions): Promise<InboundMail> {
  if (raw.length > opts.maxBytes) {
    throw new ParseError('too-large', `message is ${raw.length} bytes, over the limit of ${opts.maxBytes}`);
  }
  if (isBlank(raw)) throw new ParseError('empty', raw.length === 0 ? 'message is zero bytes' : 'message holds only whitespace');
  const parsed = await parseWithTimeout(raw, opts.timeoutMs);
  const headers = rawHeaders(parsed);
  if (Object.keys(headers).length === 0) throw new ParseError('empty', 'message has no header lines');
  const lost = lostBody(parsed, raw);
  if (lost) throw new ParseError('malformed', lost);

  const from = addresses(headers.from);
  return {
    messageId: messageIds(headers['message-id']?.[0])[0] ?? null,
    inReplyTo: messageIds(headers['in-reply-to']?.[0])[0] ?? null,
    references: (headers.references ?? []).flatMap(messageIds),
    from: from[0] ?? null,
    fromCount: from.length,
    to: addresses(headers.to),
    cc: addresses(headers.cc),
    replyTo: addresses(headers['reply-to']),
    subject: clean(subjectOf(parsed, headers.subject?.[0])),
    date: parseDate(headers.date?.[0]),
    headers,
    contentType: (contentTypeOf(parsed)?.value ?? 'text/plain').toLowerCase(),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: parsed.attachments.map(toAttachment),
  };
}

function isBlank(raw: Buffer): boolean {
  for (const byte of raw) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a) return false;
  return true;
}

/** simpleParser cannot be cancelled, but destroying its input stream makes it stop and let go. */
function parseWithTimeout(raw: Buffer, timeoutMs: number): Promise<ParsedMail> {
  const input = new PassThrough();
  return new Promise<ParsedMail>((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = new ParseError('timeout', `parsing took longer than ${timeoutMs} ms`);
      reject(err);
      input.destroy(err);
    }, timeoutMs);
    simpleParser(input, PARSER_OPTIONS).then(
      (mail) => {
        clearTimeout(timer);
        resolve(mail);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof ParseError ? err : new ParseError('malformed', describe(err), { cause: err }));
      },
    );
    input.end(raw);
  });
}

/** mailparser's own messages ("Max header size for a MIME node exceeded"), one line, bounded. */
function describe(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return clean(msg).slice(0, 200) || 'mailparser failed';
}

/** Lower-cased name → unfolded raw values in order, from the top-level header block. */
function rawHeaders(parsed: ParsedMail): Record<string, string[]> {
  // No prototype: a header called "__proto__" or "constructor" must stay just a header.
  const out = Object.create(null) as Record<string, string[]>;
  for (const { key, line } of parsed.headerLines ?? []) {
    const name = key.trim().toLowerCase();
    const colon = line.indexOf(':');
    if (!name || colon < 0) continue; // mailparser reports non-header lines with an empty key
    const value = from8bit(line.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, '')).trim();
    (out[name] ??= []).push(value);
  }
  return out;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** mailparser hands header lines over as binary strings; raw 8-bit headers are nearly always UTF-8. */
function from8bit(binary: string): string {
  if (!/[\x80-\xff]/.test(binary)) return binary;
  try {
    return UTF8.decode(Buffer.from(binary, 'latin1'));
  } catch {
    return binary; // not UTF-8: read the bytes as Latin-1, the usual other guess
  }
}

/**
 * A body that produced nothing is lost content, not an empty mail: quarantine it rather than open
 * a case without the complaint. The usual cause is a multipart boundary that never occurs (a
 * truncated or mistyped boundary), after which mailparser discards everything as preamble.
 */
function lostBody(parsed: ParsedMail, raw: Buffer): string | null {
  if (parsed.text?.trim() || parsed.html || parsed.attachments.length > 0) return null;
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : raw.length;
  if (isBlank(raw.subarray(end))) return null;
  const boundary = contentTypeOf(parsed)?.params.boundary;
  if (boundary && !raw.includes(`--${boundary}`, end)) return 'multipart boundary never occurs in the body; no part could be read';
  return 'the body yielded no text, HTML or attachments';
}

function contentTypeOf(parsed: ParsedMail): StructuredHeader | undefined {
  const ct = parsed.headers.get('content-type');
  return ct && typeof ct === 'object' && 'params' in ct ? (ct as StructuredHeader) : undefined;
}

/** Every mailbox in the given header values, groups flattened, addresses lower-cased. */
function addresses(values: string[] | undefined): MailAddress[] {
  const flat = (values ?? []).flatMap((v) => parseAddressHeader(v, { flatten: true }).value);
  return flat.flatMap((a: EmailAddress) => {
    const address = (a.address ?? '').trim().toLowerCase();
    return address ? [{ address, name: clean(a.name ?? '') }] : [];
  });
}

/** Ids without angle brackets; tolerates a missing pair of brackets and trailing comments. */
function messageIds(value: string | undefined): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? '');
  const ids = bracketed.length > 0 ? bracketed : value.split(/[\s,]+/).filter((t) => t.includes('@'));
  return ids.map((id) => id.replace(/^<|>$/g, '')).filter((id) => id && !/\p{Cc}/u.test(id));
}

/** mailparser decodes a raw 8-bit subject as UTF-8 only; an old client's Latin-1 one turns into U+FFFD. */
function subjectOf(parsed: ParsedMail, raw: string | undefined): string {
  const decoded = parsed.subject ?? '';
  return decoded.includes('\uFFFD') && raw && !raw.includes('=?') ? raw : decoded;
}

function parseDate(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Control characters (CR/LF above all: header injection downstream) become a space. */
function clean(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
}

function toAttachment(a: Attachment, index: number): InboundAttachment {
  const contentType = a.contentType.toLowerCase();
  return {
    filename: safeFilename(a.filename, contentType, index),
    contentType,
    size: a.content.length,
    sha256: createHash('sha256').update(a.content).digest('hex'),
    content: a.content,
  };
}

/** The sender's name without directories or control characters; a made-up one when there is none. */
function safeFilename(name: string | undefined, contentType: string, index: number): string {
  const base = clean((name ?? '').split(/[\\/]/).pop() ?? '').replace(/^\.+/, '').slice(0, 200);
  if (base) return base;
  const ext = contentType === 'message/rfc822' ? '.eml' : contentType.startsWith('text/') || contentType.startsWith('message/') ? '.txt' : '.bin';
  return `attachment-${index + 1}${ext}`;
}
