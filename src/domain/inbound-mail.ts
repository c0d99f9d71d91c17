/**
 * An inbound message as the rest of the service sees it: parsed once at the edge
 * (src/mail-in/parse-mail.ts), then handled by pure code. Nothing here holds I/O.
 */
export interface MailAddress {
  /** Lower-cased bare address, e.g. "klager@example.nl". */
  address: string;
  /** Display name as decoded; may be empty. Never trusted for anything but display. */
  name: string;
}

export interface InboundAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** SHA-256 hex of the content; the attachment's blob name. */
  sha256: string;
  content: Buffer;
}

export interface InboundMail {
  /** Message-ID without angle brackets, or null when the message has none. */
  messageId: string | null;
  inReplyTo: string | null;
  /** References header ids, without angle brackets, oldest first. */
  references: string[];
  /** The first From address, or null when missing/unparseable. */
  from: MailAddress | null;
  /** How many From addresses the header held (two From headers or a list). */
  fromCount: number;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  /** Decoded subject with CR/LF and other control characters replaced by spaces. */
  subject: string;
  date: Date | null;
  /** Lower-cased header name → raw header values (unfolded), in order of appearance. */
  headers: Record<string, string[]>;
  /** Top-level MIME type, lower-cased, e.g. "multipart/report". */
  contentType: string;
  /** Plain-text body (from text/plain, or derived from HTML); "" when none. */
  text: string;
  /** HTML body as received, or null. Never render it unsanitised. */
  html: string | null;
  attachments: InboundAttachment[];
}

/** First value of a header, or undefined. */
export function header(mail: Pick<InboundMail, 'headers'>, name: string): string | undefined {
  return mail.headers[name.toLowerCase()]?.[0];
}
