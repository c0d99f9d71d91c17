/**
 * Why a message could not become an InboundMail; `code` says which limit it broke:
 * - `too-large`: over maxBytes;
 * - `timeout`: parsing took over timeoutMs;
 * - `empty`: no bytes or no headers;
 * - `malformed`: unreadable MIME.
 * The caller quarantines the raw message with `reason` (SPEC §5: quarantine is never silent).
 * `reason` never quotes the message body.
 */
export type ParseErrorCode = 'too-large' | 'timeout' | 'empty' | 'malformed';

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
