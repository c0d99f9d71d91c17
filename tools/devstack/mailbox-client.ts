/**
 * Small IMAP helpers over imapflow for tests and the demo: put a letter in a mailbox, list
 * what is there, wait until something arrives. One short-lived connection per call.
 */
import { ImapFlow } from 'imapflow';

/** Where to reach an IMAP server (plaintext, loopback). */
export interface ImapConn {
  host: string;
  port: number;
}

/** A message as the helpers return it. */
export interface ListedMessage {
  uid: number;
  subject: string;
  /** Message-ID with angle brackets, '' when absent. */
  messageId: string;
  /** In-Reply-To with angle brackets, '' when absent. */
  inReplyTo: string;
  raw: Buffer;
}

/** Runs `fn` on a logged-in client and always logs out (or drops the socket) afterwards. */
async function withClient<T>(conn: ImapConn, user: string, password: string, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    host: conn.host,
    port: conn.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: password },
    logger: false,
  });
  // Before connect: an unlistened 'error' (e.g. socket timeout) would kill the process (imapflow#302).
  let lastError: Error | undefined;
  client.on('error', (err: Error) => {
    lastError = err;
  });
  try {
    await client.connect();
    return await fn(client);
  } catch (err) {
    throw lastError && lastError !== err ? new Error(`${(err as Error).message} (${lastError.message})`) : err;
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * APPENDs `raw` to `mailbox` of `user` (creating the mailbox when it is not INBOX and missing)
 * and returns the new message's UID.
 */
export async function appendMessage(
  stack: { dovecot: { host: string; imapPort: number } },
  user: string,
  password: string,
  mailbox: string,
  raw: string | Buffer,
): Promise<number> {
  const conn = { host: stack.dovecot.host, port: stack.dovecot.imapPort };
  return withClient(conn, user, password, async (client) => {
    if (mailbox.toUpperCase() !== 'INBOX') {
      const exists = (await client.list()).some((m) => m.path === mailbox);
      if (!exists) await client.mailboxCreate(mailbox);
    }
    const res = await client.append(mailbox, raw);
    if (!res || res.uid === undefined) throw new Error(`APPEND to ${user}/${mailbox} returned no UID`);
    return res.uid;
  });
}

/** Everything in `mailbox`, oldest first; [] for an empty or missing mailbox. */
export async function listMessages(conn: ImapConn, user: string, password: string, mailbox: string): Promise<ListedMessage[]> {
  return withClient(conn, user, password, async (client) => {
    const known = (await client.list()).some((m) => m.path.toUpperCase() === mailbox.toUpperCase());
    if (!known) return [];
    const box = await client.mailboxOpen(mailbox, { readOnly: true });
    // `1:*` on an empty mailbox is an error, not an empty answer (imapflow#209).
    if (box.exists === 0) return [];
    const fetched = await client.fetchAll('1:*', { uid: true, envelope: true, source: true });
    return fetched.map((m) => ({
      uid: m.uid,
      subject: m.envelope?.subject ?? '',
      messageId: m.envelope?.messageId ?? '',
      inReplyTo: m.envelope?.inReplyTo ?? '',
      raw: m.source ?? Buffer.alloc(0),
    }));
  });
}

/**
 * Polls `mailbox` until at least `count` messages match `pred`, and returns those matches.
 * IMAP has no push we could trust here (IDLE batches and sometimes drops events), so this
 * lists every `intervalMs`. On timeout it rejects with the subjects that were there.
 */
export async function waitForMessages(
  conn: ImapConn,
  user: string,
  password: string,
  mailbox: string,
  pred: (m: ListedMessage) => boolean = () => true,
  count = 1,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<ListedMessage[]> {
  const deadline = Date.now() + timeoutMs;
  let last: ListedMessage[] = [];
  for (;;) {
    last = await listMessages(conn, user, password, mailbox);
    const matching = last.filter(pred);
    if (matching.length >= count) return matching.slice(0, count);
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const seen = last.map((m) => `  uid ${m.uid}: ${JSON.stringify(m.subject)} ${m.messageId}`).join('\n') || '  (empty)';
  throw new Error(
    `waitForMessages: fewer than ${count} matching message(s) in ${user}/${mailbox} within ${timeoutMs} ms. There were:\n${seen}`,
  );
}
