/**
 * The one place that decides what a failure to send a letter leads to (DESIGN.md: transient vs
 * permanent is decided in one place):
 * - `retry`: transient SMTP trouble (4xx, connection, timeout, no OAuth2 token yet) with attempts left;
 * - `alert`: the letter is failed for good and the commissioner told (5xx, EAUTH, attempts used
 *   up, or the letter could not be made);
 * - `give-up`: failed for good without an alert (the recipient guard refused it: a defect, not mail
 *   that went astray).
 */
import { LetterNotMade } from './letter-not-made.js';
import { RecipientNotAllowed } from './recipient-not-allowed.js';
import { SmtpError } from './smtp-error.js';
import { TemplateError } from './template-error.js';

export interface SendFailure {
  action: 'retry' | 'alert' | 'give-up';
  /** The error's code, for the log. */
  code: string;
  /** Why, for the outbox row. */
  reason: string;
  /** One line for the commissioner's alert (at most 300 characters). */
  detail: string;
  /** Enhanced status (5.1.1) or SMTP reply code, when the server gave one. */
  status: string | null;
  /** A 5xx-like refusal: the address is suppressed until the commissioner corrects it. */
  permanent: boolean;
  /** What failed: the SMTP exchange, or making the letter, or the guard. */
  source: 'smtp' | 'render' | 'guard';
}

/** Socket-level error codes from nodemailer that mean "try again later". */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EPROTOCOL']);
const PERMANENT_CODES = new Set(['EAUTH', 'ECONFIG', 'EENVELOPE']);

/**
 * Classify an error from nodemailer: 4xx and connection trouble are transient; 5xx, EAUTH,
 * ECONFIG and EENVELOPE are permanent (nodemailer never retries by itself). Unknown errors are
 * retried: a lost letter is worse than a late one, and the attempt limit ends it.
 */
export function smtpErrorOf(err: unknown): SmtpError {
  if (err instanceof SmtpError) return err;
  const e = err as { responseCode?: number; code?: string; message?: string };
  const msg = e?.message ?? String(err);
  const rc = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  if (rc !== undefined && rc >= 500) return new SmtpError('smtp-permanent', `SMTP ${rc}: ${msg}`, rc, { cause: err });
  if (rc !== undefined && rc >= 400) return new SmtpError('smtp-transient', `SMTP ${rc}: ${msg}`, rc, { cause: err });
  if (e?.code && PERMANENT_CODES.has(e.code)) return new SmtpError('smtp-permanent', `${e.code}: ${msg}`, rc, { cause: err });
  if (e?.code && TRANSIENT_CODES.has(e.code)) return new SmtpError('smtp-transient', `${e.code}: ${msg}`, rc, { cause: err });
  return new SmtpError('smtp-transient', msg, rc, { cause: err });
}

/** "550 5.1.1 ..." → "5.1.1"; else the SMTP reply code; else null. */
function statusOf(e: SmtpError, raw: unknown): string | null {
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(e.message)?.[1];
  if (enhanced) return enhanced;
  const code = e.responseCode ?? (raw as { cause?: { responseCode?: number } })?.cause?.responseCode;
  return typeof code === 'number' ? String(code) : null;
}

/** What `err`, met on attempt `attemptsMade + 1` of `maxAttempts`, leads to. */
export function decideSendFailure(err: unknown, attempt: { attemptsMade: number; maxAttempts: number }): SendFailure {
  if (err instanceof RecipientNotAllowed) {
    return { action: 'give-up', code: err.code, reason: err.message, detail: err.message.slice(0, 300), status: null, permanent: false, source: 'guard' };
  }
  if (err instanceof LetterNotMade || err instanceof TemplateError) {
    const why = (err instanceof LetterNotMade ? err.message : new LetterNotMade(err).message).slice(0, 300);
    return { action: 'alert', code: 'letter-not-made', reason: why, detail: why, status: null, permanent: false, source: 'render' };
  }
  const e = smtpErrorOf(err);
  const last = !e.retryable || attempt.attemptsMade + 1 >= attempt.maxAttempts;
  return {
    action: last ? 'alert' : 'retry', code: e.code, reason: e.message, detail: e.message.slice(0, 300),
    status: statusOf(e, err), permanent: !e.retryable, source: 'smtp',
  };
}
