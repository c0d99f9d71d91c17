/**
 * What a bounce says: which address failed, how (RFC 3463 status) and which of our letters it was.
 * SPEC §5: a bounce of one of our letters alerts the commissioner; after a permanent failure
 * (5.x.x) nothing more goes to that address until she corrects it. Pure: reads an InboundMail.
 *
 * Sources, best first: the message/delivery-status part (RFC 3464) and the returned message or its
 * headers; then, for MTAs that send plain-text bounces (old Exim, qmail), X-Failed-Recipients and
 * the wording of the text.
 */
import { header, type InboundAttachment, type InboundMail } from './inbound-mail.js';

/** The facts of one bounce; fields are null where the report did not say. */
export interface BounceInfo {
  /** The address is not to be written to again (status class 5, or a 5xx reply when no status). */
  permanent: boolean;
  /** Enhanced status code, e.g. "5.1.1". */
  status: string | null;
  /** The address that failed, lower-cased. */
  recipient: string | null;
  /** Message-ID of the returned (our) message, without angle brackets. */
  originalMessageId: string | null;
}

const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_TYPES = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);

const ENHANCED_STATUS = /\b([245]\.\d{1,3}\.\d{1,3})\b/;
/** "550 5.1.1" / "550-5.1.1": an SMTP reply with its enhanced code, the reliable pair in prose. */
const REPLY_WITH_STATUS = /\b[245]\d\d[ -]([245]\.\d{1,3}\.\d{1,3})\b/;
/** An SMTP reply code right after a colon, as in "said: 550 ..." or "]: 550 ...". */
const REPLY_CODE = /:\s*([245]\d\d)[ -]/;
/** Where a plain-text bounce starts quoting the returned message (Exim, qmail, sendmail, Exchange). */
const COPY_MARKER =
  /^[\s-]*(this is a copy of the message|below this line is a copy of the message|original message headers|original message follows|the original message)/im;
/** A line holding nothing but an address, the way Exim and qmail list failed recipients. */
const LONE_ADDRESS = /^[ \t]*<?([^\s<>"@]+@[^\s<>"]+?)>?:?[ \t]*$/m;

/**
 * Read a bounce. Meant for mail that detectAutomatic() called a bounce: on other mail it would read
 * whatever In-Reply-To or quoted headers it finds. Null when nothing at all could be read.
 */
export function readBounce(mail: InboundMail): BounceInfo | null {
  const dsn = mail.attachments.find((a) => DSN_TYPES.has(a.contentType));
  const report = dsn ? readDeliveryStatus(dsn.content.toString('utf8')) : null;
  const prose = proseOf(mail.text);

  const status = report?.status ?? REPLY_WITH_STATUS.exec(prose)?.[1] ?? null;
  const replyCode = report?.replyCode ?? REPLY_CODE.exec(prose)?.[1] ?? null;
  const recipient = report?.recipient ?? failedRecipientHeader(mail) ?? LONE_ADDRESS.exec(prose)?.[1]?.toLowerCase() ?? null;
  const originalMessageId = returnedMessageId(mail);
  if (!dsn && !status && !replyCode && !recipient && !originalMessageId) return null;

  const permanent = status ? status.startsWith('5') : replyCode ? replyCode.startsWith('5') : /\bpermanent(ly)?\b/i.test(prose);
  return { permanent, status, recipient, originalMessageId };
}

interface DeliveryStatus {
  status: string | null;
  replyCode: string | null;
  recipient: string | null;
}

/** The per-recipient block of a DSN that matters most: a failed one, else a delayed one, else the first. */
function readDeliveryStatus(body: string): DeliveryStatus | null {
  const blocks = body
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n[ \t]*\r?\n/)
    .map(fields)
    .filter((f) => f.has('final-recipient') || f.has('original-recipient') || f.has('action'));
  const pick =
    blocks.find((f) => f.get('action')?.toLowerCase() === 'failed') ??
    blocks.find((f) => f.get('action')?.toLowerCase() === 'delayed') ??
    blocks[0];
  if (!pick) return null;
  const diagnostic = pick.get('diagnostic-code') ?? '';
  return {
    status: ENHANCED_STATUS.exec(pick.get('status') ?? '')?.[1] ?? REPLY_WITH_STATUS.exec(diagnostic)?.[1] ?? null,
    replyCode: /^\s*smtp\s*;\s*([245]\d\d)\b/i.exec(diagnostic)?.[1] ?? null,
    recipient: addressField(pick.get('final-recipient') ?? pick.get('original-recipient')),
  };
}

/** "Name: value" lines of one block; names lower-cased, first occurrence wins. */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.split(/\r?\n/)) {
    const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined && !out.has(m[1].toLowerCase())) out.set(m[1].toLowerCase(), m[2].trim());
  }
  return out;
}

/** "rfc822; Someone@Example.test" → "someone@example.test". */
function addressField(value: string | undefined): string | null {
  if (!value) return null;
  const address = (value.includes(';') ? value.slice(value.indexOf(';') + 1) : value).trim().replace(/^<|>$/g, '');
  return address.includes('@') ? address.toLowerCase() : null;
}

/** Exim names the failed addresses in a header of the bounce itself. */
function failedRecipientHeader(mail: InboundMail): string | null {
  const first = header(mail, 'x-failed-recipients')?.split(',')[0]?.trim();
  return first ? addressField(first) : null;
}

/** The bounce's own words, without the quoted returned message (whose headers name other people). */
function proseOf(text: string): string {
  const marker = COPY_MARKER.exec(text);
  return marker ? text.slice(0, marker.index) : text;
}

/** Returned message's Message-ID, then In-Reply-To, then References, then a Message-ID line in the text. */
function returnedMessageId(mail: InboundMail): string | null {
  for (const part of mail.attachments.filter((a) => RETURNED_TYPES.has(a.contentType))) {
    const id = messageIdInHeaders(headerBlock(part));
    if (id) return id;
  }
  if (mail.inReplyTo) return mail.inReplyTo;
  const last = mail.references[mail.references.length - 1];
  if (last) return last;
  return /^[ \t]*message-id:[ \t]*(?:\r?\n[ \t]+)?<([^<>\s]+)>/im.exec(mail.text)?.[1] ?? null;
}

/** The header block of a returned message: everything up to the first empty line. */
function headerBlock(part: InboundAttachment): string {
  const text = part.content.toString('utf8');
  const end = /\r?\n\r?\n/.exec(text);
  return end ? text.slice(0, end.index) : text;
}

function messageIdInHeaders(block: string): string | null {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const value = /^message-id[ \t]*:(.*)$/im.exec(unfolded)?.[1];
  if (!value) return null;
  return /<([^<>\s]+)>/.exec(value)?.[1] ?? (value.trim().split(/\s+/)[0] || null);
}
