/**
 * Test harness on the real stack: one private Redis + Dovecot + SMTP sink per test file
 * (src/devstack), a fresh DATA_DIR and queue prefix per service, helpers to write mail into the
 * complaints mailbox and to wait for what arrives. Nothing here sleeps a fixed time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '../../src/devstack/stack.js';
import { DEMO_DOMAIN, DEMO_USERS, stackConfig } from '../../src/devstack/stack-config.js';
import { appendMessage, listMessages, waitForMessages } from '../../src/devstack/mailbox-client.js';
import { startService, type Service, type ServiceOptions } from '../../src/main.js';
import type { Config } from '../../src/config.js';

export { DEMO_DOMAIN };
export const MAILBOX = `klachten@${DEMO_DOMAIN}`;
export const COMMISSIONER = `commissaris@${DEMO_DOMAIN}`;

export async function startTestStack(): Promise<Stack> {
  return startStack({ users: DEMO_USERS });
}

export function passwordOf(user: string): string {
  const u = DEMO_USERS.find((x) => x.user === user);
  if (!u) throw new Error(`no demo user ${user}`);
  return u.password;
}

export interface TestService {
  service: Service;
  config: Config;
  dataDir: string;
  stop(): Promise<void>;
}

export function testConfig(stack: Stack, dataDir: string, overrides: Record<string, string> = {}): Config {
  return stackConfig(
    { redisUrl: stack.redis.url, imap: { host: stack.dovecot.host, port: stack.dovecot.imapPort }, smtp: { host: stack.smtp.host, port: stack.smtp.port } },
    dataDir,
    { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', IMAP_POLL_SECONDS: '1', ...overrides },
  );
}

/** Start the service on `stack` with a fresh data dir (or the given one, to restart on the same data). */
export async function startTestService(stack: Stack, opts: { overrides?: Record<string, string>; dataDir?: string; service?: ServiceOptions } = {}): Promise<TestService> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cd-data-'));
  const config = testConfig(stack, dataDir, opts.overrides);
  const service = await startService(config, opts.service);
  return {
    service, config, dataDir,
    stop: async () => {
      await service.stop();
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface EmlOptions {
  from?: string;
  fromName?: string;
  to?: string;
  subject?: string;
  text?: string;
  messageId?: string;
  inReplyTo?: string;
  headers?: Record<string, string>;
  date?: Date;
  /** One attachment: the mail becomes multipart/mixed. */
  attachment?: { filename: string; contentType: string; content: Buffer };
}

const DEFAULT_TEXT = 'Geachte commissaris,\r\n\r\nIk heb een klacht over de behandeling.\r\n\r\nJan Jansen';

function multipart(text: string, a: NonNullable<EmlOptions['attachment']>): string[] {
  const b = `b-${randomUUID()}`;
  return [
    `Content-Type: multipart/mixed; boundary="${b}"`, '', `--${b}`,
    'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', text, `--${b}`,
    `Content-Type: ${a.contentType}; name="${a.filename}"`, `Content-Disposition: attachment; filename="${a.filename}"`,
    'Content-Transfer-Encoding: base64', '', ...(a.content.toString('base64').match(/.{1,76}/g) ?? []), `--${b}--`,
  ];
}

/** A plain, well-formed complaint mail (RFC 5322, UTF-8, quoted-printable). */
export function eml(o: EmlOptions = {}): string {
  const id = o.messageId ?? `${randomUUID()}@example.test`;
  const lines = [
    `From: ${o.fromName ?? 'Jan Jansen'} <${o.from ?? 'klager@example.test'}>`,
    `To: ${o.to ?? MAILBOX}`,
    `Subject: ${o.subject ?? 'Klacht over de behandeling'}`,
    `Date: ${(o.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${id}>`,
    ...(o.inReplyTo ? [`In-Reply-To: <${o.inReplyTo}>`, `References: <${o.inReplyTo}>`] : []),
    ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    ...(o.attachment ? multipart(o.text ?? DEFAULT_TEXT, o.attachment) : [
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      o.text ?? DEFAULT_TEXT,
    ]),
    '',
  ];
  return lines.join('\r\n');
}

/** Put a message into the complaints mailbox, as an MTA's delivery would. */
export async function deliverToMailbox(stack: Stack, raw: string | Buffer, mailbox = 'INBOX'): Promise<number> {
  return appendMessage(stack, 'klachten', passwordOf('klachten'), mailbox, raw);
}

export function imapOf(stack: Stack): { host: string; port: number } {
  return { host: stack.dovecot.host, port: stack.dovecot.imapPort };
}

/** Wait until `user`'s `mailbox` holds `count` messages matching `pred`. */
export function waitForInbox(stack: Stack, user: string, pred: (m: { subject: string; inReplyTo: string | null; messageId: string | null; raw: Buffer }) => boolean, count = 1, timeoutMs = 20_000, mailbox = 'INBOX') {
  const bare = (id: string | null | undefined) => (id ? id.replace(/^<|>$/g, '') : null);
  return waitForMessages(imapOf(stack), user, passwordOf(user), mailbox,
    (m) => pred({ subject: m.subject, inReplyTo: bare(m.inReplyTo), messageId: bare(m.messageId), raw: m.raw }), count, timeoutMs);
}

export function listMailbox(stack: Stack, user: string, mailbox: string) {
  return listMessages(imapOf(stack), user, passwordOf(user), mailbox);
}

/** Poll `fn` until it returns a truthy value or the timeout passes (for DB state). */
export async function eventually<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 20_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}
