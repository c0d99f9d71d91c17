/**
 * Structured logs (pino). Components log with child({ component }) and carry case numbers,
 * job ids and UIDs, never complaint text, bodies, names or addresses. The redact list is a
 * second line of defence for fields that must never be printed even by mistake.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACT = [
  'password', '*.password', 'accessToken', '*.accessToken', 'auth', '*.auth',
  'text', '*.text', 'html', '*.html', 'body', '*.body', 'raw', '*.raw', 'content', '*.content',
];

/** Create the root logger. Tests pass 'silent' or 'warn'. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, base: { service: 'complaint-desk' }, redact: { paths: REDACT, censor: '[redacted]' } },
    destination as pino.DestinationStream | undefined,
  );
}
