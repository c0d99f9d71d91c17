/**
 * Raw message bytes → InboundMail, once, at the edge (SPEC §5); everything after this is pure.
 * mailparser does the MIME work (transfer encodings, charsets, HTML → text). The header facts come
 * from the raw header lines instead, because mailparser keeps only the first of a repeated From,
 * turns an unparseable Date into "now" and mangles a Message-ID that carries a comment.
 */
import { ParseError } from '../errors/index.js';
import { outsideName, outsideText } from '../domain/outside-text.js';
import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { parseAddressHeader, simpleParser } from 'mailparser';
import type { Attachment, EmailAddress, ParsedMail, SimpleParserOptions, StructuredHeader } from 'mailparser';
import type { InboundAttachment, InboundMail, MailAddress } from '../domain/inbound-mail.js';
import { decodeTnef, isTnef } from './tnef.js';


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
  raw = normaliseForParsing(raw);
  const parsed = await parseWithTimeout(raw, opts.timeoutMs);
  const headers = rawHeaders(parsed);
  if (Object.keys(headers).length === 0) throw new ParseError('empty', 'message has no header lines');
  const lost = lostBody(parsed, raw);
  if (lost) throw new ParseError('malformed', lost);
  const text = controlFree(await readableText(parsed, raw, opts));

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
    subject: outsideText(clean(subjectOf(parsed, headers.subject?.[0]))),
    date: parseDate(headers.date?.[0]),
    headers,
    contentType: (contentTypeOf(parsed)?.value ?? 'text/plain').toLowerCase(),
    text,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    attachments: withTnefFiles(parsed.attachments.map(toAttachment)),
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
    // "<<<>>> @@@" yields "@@@": not an address anyone can be written to.
    return ADDRESS.test(address) ? [{ address, name: outsideName(clean(a.name ?? '')) }] : [];
  });
}

/** local@domain, nothing that could break a header or an SMTP envelope. */
const ADDRESS = /^[^\s@<>()[\]\\,;:"\p{Cc}]+@[^\s@<>()[\]\\,;:"\p{Cc}]+\.[^\s@<>()[\]\\,;:"\p{Cc}]+$/u;

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

/**
 * Each winmail.dat (TNEF) kept as it came, followed by the files inside it (issue 14 §6f), so
 * letters carry the real files and the file keeps the original.
 */
function withTnefFiles(list: InboundAttachment[]): InboundAttachment[] {
  return list.flatMap((a) => {
    const tnef = (TNEF_TYPES.has(a.contentType) || /^win(mail)?\.dat$/i.test(a.filename)) && isTnef(a.content);
    if (!tnef) return [a];
    const inner = decodeTnef(a.content).map((f, i) => {
      const filename = safeFilename(f.filename, 'application/octet-stream', list.length + i);
      const contentType = f.contentType && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(f.contentType) ? f.contentType : typeByName(filename);
      return { filename, contentType, size: f.content.length, sha256: createHash('sha256').update(f.content).digest('hex'), content: f.content };
    });
    return [a, ...inner];
  });
}

const TNEF_TYPES = new Set(['application/ms-tnef', 'application/vnd.ms-tnef']);

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', txt: 'text/plain', rtf: 'application/rtf',
  htm: 'text/html', html: 'text/html', doc: 'application/msword', xls: 'application/vnd.ms-excel', zip: 'application/zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function typeByName(filename: string): string {
  return BY_EXTENSION[filename.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** The sender's name without directories or control characters; a made-up one when there is none. */
function safeFilename(name: string | undefined, contentType: string, index: number): string {
  const base = outsideText(clean((name ?? '').split(/[\\/]/).pop() ?? '')).replace(/^\.+/, '').slice(0, 200);
  if (base) return base;
  const ext = contentType === 'message/rfc822' ? '.eml' : contentType.startsWith('text/') || contentType.startsWith('message/') ? '.txt' : '.bin';
  return `attachment-${index + 1}${ext}`;
}

/**
 * Byte-level repairs that let mailparser see the message at all: a UTF-8 byte-order mark before
 * the first header (Windows tools write one), and old-Mac bare CR line endings. The stored blob
 * keeps the original bytes; only the parser gets the repaired copy.
 */
function normaliseForParsing(raw: Buffer): Buffer {
  let out = raw;
  if (out[0] === 0xef && out[1] === 0xbb && out[2] === 0xbf) out = out.subarray(3);
  if (!out.includes(0x0a) && out.includes(0x0d)) out = Buffer.from(out.toString('latin1').replace(/\r/g, '\r\n'), 'latin1');
  return out;
}

/**
 * The text the commissioner reads. mailparser leaves it empty (or mangled) in shapes that still
 * carry a readable complaint, so fall back, in order:
 * - a single 8-bit text part whose bytes are not the UTF-8 it claims (or no charset at all):
 *   Windows-1252, the superset of Latin-1 that old Dutch mail clients write;
 * - an empty text/plain beside an HTML alternative: the HTML as text;
 * - an invitation only (text/calendar): its DESCRIPTION and SUMMARY;
 * - nothing but a forwarded message (message/rfc822): that message's text.
 */
async function readableText(parsed: ParsedMail, raw: Buffer, opts: ParseMailOptions): Promise<string> {
  const text = parsed.text ?? '';
  if (text.includes('\uFFFD')) {
    const repaired = windows1252Body(parsed, raw);
    if (repaired !== null) return repaired;
  }
  if (text.trim()) return text;
  if (typeof parsed.html === 'string' && parsed.html.trim()) {
    const fromHtml = await simpleParser(Buffer.from(`Content-Type: text/html; charset=utf-8\r\n\r\n${parsed.html}`, 'utf8'), PARSER_OPTIONS)
      .then((m) => m.text ?? '', () => '');
    if (fromHtml.trim()) return fromHtml;
  }
  const calendar = parsed.attachments.find((a) => a.contentType.toLowerCase() === 'text/calendar');
  if (calendar) {
    const lines = calendar.content.toString('utf8').replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
    const fields = lines.filter((l) => /^(SUMMARY|DESCRIPTION|LOCATION)[;:]/i.test(l))
      .map((l) => l.slice(l.indexOf(':') + 1).replace(/\\n/gi, '\n').replace(/\\([,;\\])/g, '$1'));
    if (fields.length > 0) return fields.join('\n');
  }
  const forwarded = parsed.attachments.find((a) => a.contentType.toLowerCase() === 'message/rfc822');
  if (forwarded && forwarded.content.length <= opts.maxBytes) {
    const inner = await parseWithTimeout(forwarded.content, opts.timeoutMs).then((m) => m.text ?? '', () => '');
    if (inner.trim()) return inner;
  }
  return text;
}

/**
 * Windows-1252 by hand: Node's TextDecoder('windows-1252') decodes as ISO-8859-1 in some
 * versions and so loses the quotes, dashes and euro sign that 0x80-0x9F carry.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
function decodeCp1252(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
  return out;
}

/** The body of a single-part, 8-bit text/* message read as Windows-1252, or null if that does not apply. */
function windows1252Body(parsed: ParsedMail, raw: Buffer): string | null {
  const ct = contentTypeOf(parsed);
  const type = (ct?.value ?? 'text/plain').toLowerCase();
  const charset = (ct?.params.charset ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  const cte = String(parsed.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase().trim();
  if (type !== 'text/plain' || !['', 'utf8', 'usascii', 'ascii'].includes(charset) || !['7bit', '8bit', 'binary'].includes(cte)) return null;
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const start = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
  if (start < 0) return null;
  return decodeCp1252(raw.subarray(start)).replace(/\r\n?/g, '\n');
}

/** NUL and the other C0 controls (but tab and line breaks) have no place in text we hand on. */
function controlFree(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}
