/**
 * Test harness on the real stack: one Redis + Dovecot + SMTP sink for the whole run
 * (test/support/shared-stack.ts), seen by each test file through its own mailbox users and queue
 * prefixes; a fresh DATA_DIR and queue prefix per service; helpers to write mail into the
 * complaints mailbox and to wait for what arrives. Nothing here sleeps a fixed time.
 * Tests that stop or restart a daemon take a private stack (`startPrivateStack`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '../../tools/devstack/stack.js';
import { DEMO_DOMAIN, DEMO_USERS, stackEnv } from '../../tools/devstack/stack-config.js';
import { loadConfig } from '../../src/config.js';
import { appendMessage, listMessages, waitForMessages } from '../../tools/devstack/mailbox-client.js';
import { startService, type Service, type ServiceOptions } from '../../src/main.js';
import type { Config } from '../../src/config.js';
import type { PracticeSet } from '../../src/domain/practice.js';
import { fileStack, loginOf, queuePrefixOf } from './shared-stack.js';

export { DEMO_DOMAIN, loginOf };
export const MAILBOX = `klachten@${DEMO_DOMAIN}`;
export const COMMISSIONER = `commissaris@${DEMO_DOMAIN}`;

/**
 * This test file's view of the shared stack (see shared-stack.ts): its own mailbox users, queue
 * prefixes and record of sent letters. Its `stop()` only releases the view.
 */
export async function startTestStack(): Promise<Stack> {
  return fileStack();
}

/** A stack of this file's own, for tests that stop, restart or wipe Redis, Dovecot or the sink. */
export async function startPrivateStack(): Promise<Stack> {
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

/**
 * The shared stack for one describe block, with the teardown written once, here: a service
 * started through `start()` inside a test is stopped (and its data removed) after that test, one
 * started in a `before` hook after the block; the sink's responder is reset after each test, and
 * the view released after the block.
 */
export function useServiceStack(): { readonly stack: Stack; start(opts?: Parameters<typeof startTestService>[1]): Promise<TestService> } {
  let stack: Stack | undefined;
  let inTest = false;
  const perTest: TestService[] = [];
  const perBlock: TestService[] = [];
  const stopAll = async (list: TestService[]): Promise<void> => {
    for (const svc of list.splice(0).reverse()) {
      await svc.stop();
      removeDir(svc.dataDir);
    }
  };
  before(async () => {
    stack = await startTestStack();
  });
  beforeEach(() => void (inTest = true));
  afterEach(async () => {
    inTest = false;
    stack?.smtp.setResponder(null);
    await stopAll(perTest);
  });
  after(async () => {
    await stopAll(perTest);
    await stopAll(perBlock);
    await stack?.stop();
  });
  return {
    get stack(): Stack {
      if (!stack) throw new Error('useServiceStack(): the stack exists from its before() hook on');
      return stack;
    },
    start: async (opts) => {
      if (!stack) throw new Error('useServiceStack(): start() from a hook or test');
      const svc = await startTestService(stack, opts);
      (inTest ? perTest : perBlock).push(svc);
      return svc;
    },
  };
}

/** The service's environment on `stack`: this file's complaints mailbox, a fresh queue prefix. */
export function testEnv(stack: Stack, dataDir: string, overrides: Record<string, string> = {}): Record<string, string> {
  return stackEnv(
    { redisUrl: stack.redis.url, imap: { host: stack.dovecot.host, port: stack.dovecot.imapPort }, smtp: { host: stack.smtp.host, port: stack.smtp.port } },
    dataDir,
    {
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', IMAP_POLL_SECONDS: '1',
      IMAP_USER: loginOf(stack, 'klachten'), IMAP_PASSWORD: passwordOf('klachten'), QUEUE_PREFIX: queuePrefixOf(stack),
      ...overrides,
    },
  );
}

export function testConfig(stack: Stack, dataDir: string, overrides: Record<string, string> = {}): Config {
  return loadConfig(testEnv(stack, dataDir, overrides));
}

/** Start the service on `stack` with a fresh data dir (or the given one, to restart on the same data). */
export async function startTestService(stack: Stack, opts: { overrides?: Record<string, string>; dataDir?: string; service?: ServiceOptions; practices?: PracticeSet } = {}): Promise<TestService> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cd-data-'));
  const config = testConfig(stack, dataDir, opts.overrides);
  // A desk of several practices (issue 16), as PRACTICES_FILE would give it.
  if (opts.practices) config.practices = opts.practices;
  const service = await startService(config, opts.service);
  let stopped: Promise<void> | undefined;
  return {
    service, config, dataDir,
    stop: () => (stopped ??= service.stop()), // once, however many hooks ask
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
  return appendMessage(stack, loginOf(stack, 'klachten'), passwordOf('klachten'), mailbox, raw);
}

export function imapOf(stack: Stack): { host: string; port: number } {
  return { host: stack.dovecot.host, port: stack.dovecot.imapPort };
}

/** Wait until `user`'s `mailbox` holds `count` messages matching `pred`. */
export function waitForInbox(stack: Stack, user: string, pred: (m: { subject: string; inReplyTo: string | null; messageId: string | null; raw: Buffer }) => boolean, count = 1, timeoutMs = 20_000, mailbox = 'INBOX') {
  const bare = (id: string | null | undefined) => (id ? id.replace(/^<|>$/g, '') : null);
  return waitForMessages(imapOf(stack), loginOf(stack, user), passwordOf(user), mailbox,
    (m) => pred({ subject: m.subject, inReplyTo: bare(m.inReplyTo), messageId: bare(m.messageId), raw: m.raw }), count, timeoutMs);
}

export function listMailbox(stack: Stack, user: string, mailbox: string) {
  return listMessages(imapOf(stack), loginOf(stack, user), passwordOf(user), mailbox);
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
