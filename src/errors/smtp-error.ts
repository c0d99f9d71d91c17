/**
 * `smtp-transient` / `smtp-permanent`: the SMTP server (or the way to it) did not take a letter.
 * Transient (4xx, connection trouble, no token yet) is retried with backoff; permanent (5xx,
 * EAUTH, ECONFIG, EENVELOPE) is not. Made by {@link smtpErrorOf} in send-failure.ts.
 */
export type SmtpErrorCode = 'smtp-transient' | 'smtp-permanent';

export class SmtpError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: SmtpErrorCode,
    message: string,
    /** The server's reply code, when it sent one. */
    readonly responseCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SmtpError';
    this.retryable = code === 'smtp-transient';
  }
}
