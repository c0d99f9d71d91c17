/**
 * Typed errors with a closed set of codes. Whether a failure is worth retrying is decided
 * here, in one place, and nowhere else (DESIGN.md: transient vs permanent).
 */
export type ErrorCode =
  | 'config'
  | 'smtp-transient'
  | 'smtp-permanent'
  | 'recipient-not-allowed'
  | 'not-found'
  | 'illegal-transition'
  | 'parse'
  | 'imap';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** Socket-level error codes from nodemailer that mean "try again later". */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EPROTOCOL']);

/**
 * Classify an error from nodemailer: 4xx and connection trouble are transient; 5xx, EAUTH and
 * ECONFIG are permanent (STACK-NOTES.md, nodemailer never retries by itself).
 */
export function classifySmtpError(err: unknown): AppError {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const msg = e?.message ?? String(err);
  if (typeof e?.responseCode === 'number') {
    if (e.responseCode >= 500) return new AppError('smtp-permanent', `SMTP ${e.responseCode}: ${msg}`, false, { cause: err });
    if (e.responseCode >= 400) return new AppError('smtp-transient', `SMTP ${e.responseCode}: ${msg}`, true, { cause: err });
  }
  if (e?.code === 'EAUTH' || e?.code === 'ECONFIG' || e?.code === 'EENVELOPE') {
    return new AppError('smtp-permanent', `${e.code}: ${msg}`, false, { cause: err });
  }
  if (e?.code && TRANSIENT_CODES.has(e.code)) return new AppError('smtp-transient', `${e.code}: ${msg}`, true, { cause: err });
  // Unknown errors are retried: a lost letter is worse than a late one, and the attempt limit ends it.
  return new AppError('smtp-transient', msg, true, { cause: err });
}
