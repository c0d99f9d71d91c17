/**
 * Proves the throwaway stack is real: Redis answers and can be stopped and started, Dovecot
 * takes APPENDs and LMTP deliveries, the SMTP sink relays and injects faults, and stop()
 * leaves nothing listening. No fixed sleeps: every wait is on an event or a poll with a limit.
 */
import { expect } from 'chai';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { probe } from '../../tools/devstack/free-port.js';
import { appendMessage, listMessages, waitForMessages } from '../../tools/devstack/mailbox-client.js';
import { startStack, type Stack } from '../../tools/devstack/stack.js';
import { existsSync } from 'node:fs';

const USERS = [
  { user: 'klachten', password: 'klachten-pw' },
  { user: 'klager', password: 'klager-pw' },
];

/** PING over a client that fails fast instead of retrying; rejects with the socket error. */
async function ping(url: string): Promise<string> {
  const r = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  // connect() itself only says "Connection is closed."; the cause arrives as an 'error' event.
  let socketError: Error | undefined;
  r.on('error', (err: Error) => (socketError ??= err));
  try {
    await r.connect();
    return await r.ping();
  } catch (err) {
    throw socketError ?? err;
  } finally {
    r.disconnect();
  }
}

function mailer(stack: Stack) {
  return nodemailer.createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
}

describe('devstack (real Redis, Dovecot, SMTP sink)', function () {
  this.timeout(30_000);
  let stack: Stack;

  before(async () => {
    const t0 = Date.now();
    stack = await startStack({ users: USERS });
    console.log(`      stack started in ${Date.now() - t0} ms`); // eslint-disable-line no-console
  });

  after(async () => {
    await stack?.stop();
  });

  it('runs Redis on a private port that can be stopped and started again', async () => {
    expect(stack.redis.port).to.not.equal(6379);
    expect(await ping(stack.redis.url)).to.equal('PONG');
    await stack.redis.stop();
    let refused: unknown;
    await ping(stack.redis.url).catch((err: unknown) => (refused = err));
    expect(String(refused)).to.contain('ECONNREFUSED');
    await stack.redis.start();
    expect(await ping(stack.redis.url)).to.equal('PONG');
  });

  it('stores an APPENDed message that reads back over IMAP', async () => {
    const conn = { host: stack.dovecot.host, port: stack.dovecot.imapPort };
    expect(await listMessages(conn, 'klachten', 'klachten-pw', 'INBOX')).to.deep.equal([]);
    expect(await listMessages(conn, 'klachten', 'klachten-pw', 'NoSuchBox')).to.deep.equal([]);
    const raw = 'From: a@example.test\r\nTo: klachten@praktijk.test\r\nSubject: Appended\r\n' +
      'Message-ID: <append-1@example.test>\r\n\r\nHallo.\r\n';
    const uid = await appendMessage(stack, 'klachten', 'klachten-pw', 'INBOX', raw);
    const [msg] = await listMessages(conn, 'klachten', 'klachten-pw', 'INBOX');
    expect(msg?.uid).to.equal(uid);
    expect(msg?.subject).to.equal('Appended');
    expect(msg?.messageId).to.equal('<append-1@example.test>');
    expect(msg?.raw.toString()).to.contain('Hallo.');
    // a mailbox other than INBOX is created on demand
    await appendMessage(stack, 'klachten', 'klachten-pw', 'Processed', raw);
    expect(await listMessages(conn, 'klachten', 'klachten-pw', 'Processed')).to.have.length(1);
  });

  it('relays mail sent through the SMTP sink into the recipient mailbox over LMTP', async () => {
    const info = await mailer(stack).sendMail({
      from: 'klachten@praktijk.test',
      to: 'klager@example.test',
      subject: 'Ontvangstbevestiging van uw klacht – één',
      text: 'Wij hebben uw klacht ontvangen.',
      messageId: '<ack-1@praktijk.test>',
      inReplyTo: '<orig-1@example.test>',
    });
    expect(info.accepted).to.deep.equal(['klager@example.test']);
    const [recorded] = await stack.smtp.waitFor((m) => m.messageId === '<ack-1@praktijk.test>');
    expect(recorded?.subject).to.equal('Ontvangstbevestiging van uw klacht – één');
    expect(recorded?.relayedTo).to.deep.equal(['klager@example.test']);
    const conn = { host: stack.dovecot.host, port: stack.dovecot.imapPort };
    const [inbox] = await waitForMessages(conn, 'klager', 'klager-pw', 'INBOX', (m) => m.messageId === '<ack-1@praktijk.test>');
    expect(inbox?.subject).to.equal('Ontvangstbevestiging van uw klacht – één');
    expect(inbox?.inReplyTo).to.equal('<orig-1@example.test>');
  });

  it('records mail for addresses without a mailbox without failing the send', async () => {
    await mailer(stack).sendMail({ from: 'klachten@praktijk.test', to: 'nobody@elsewhere.test', subject: 'Out', text: 'x' });
    const [m] = await stack.smtp.waitFor((x) => x.envelopeTo.includes('nobody@elsewhere.test'));
    expect(m?.relayedTo).to.deep.equal([]);
  });

  it('answers 451 once through a responder, then accepts the retry', async () => {
    let failures = 0;
    stack.smtp.setResponder(() => (failures++ < 1 ? { code: 451, message: 'Try again later' } : null));
    try {
      const send = () => mailer(stack).sendMail({ from: 'klachten@praktijk.test', to: 'klager@example.test', subject: 'Retry me', text: 'x' });
      let err: { responseCode?: number } | undefined;
      await send().catch((e: { responseCode?: number }) => (err = e));
      expect(err?.responseCode).to.equal(451);
      expect(stack.smtp.rejected.map((r) => [r.subject, r.code])).to.deep.include(['Retry me', 451]);
      expect(stack.smtp.messages.some((m) => m.subject === 'Retry me')).to.equal(false);
      await send();
      await stack.smtp.waitFor((m) => m.subject === 'Retry me');
    } finally {
      stack.smtp.setResponder(null);
    }
  });

  it('rejects waitFor with what did arrive when nothing matches in time', async () => {
    let err: Error | undefined;
    await stack.smtp.waitFor((m) => m.subject === 'never', 1, 200).catch((e: Error) => (err = e));
    expect(err?.message).to.contain('Retry me');
  });

  it('stops the SMTP sink and starts it again on the same port', async () => {
    await stack.smtp.stop();
    expect(await probe(stack.smtp.port)).to.equal(false);
    await stack.smtp.start();
    await mailer(stack).sendMail({ from: 'a@example.test', to: 'klager@example.test', subject: 'Back', text: 'x' });
    await stack.smtp.waitFor((m) => m.subject === 'Back');
  });

  it('restarts Dovecot with the same ports and mail, and kicks sessions', async () => {
    const conn = { host: stack.dovecot.host, port: stack.dovecot.imapPort };
    await stack.dovecot.stop();
    expect(await probe(stack.dovecot.imapPort)).to.equal(false);
    await stack.dovecot.start();
    expect(await listMessages(conn, 'klachten', 'klachten-pw', 'INBOX')).to.have.length(1);
    await stack.dovecot.kick('klachten'); // no session: must not throw
  });

  it('leaves nothing listening and no folder behind after stop()', async () => {
    const s = await startStack({ users: USERS });
    const ports = [s.redis.port, s.dovecot.imapPort, s.dovecot.lmtpPort, s.smtp.port];
    for (const p of ports) expect(await probe(p), `port ${p} up`).to.equal(true);
    await s.stop();
    for (const p of ports) expect(await probe(p), `port ${p} closed`).to.equal(false);
    expect(existsSync(s.dir)).to.equal(process.env.KEEP_STACK === '1');
  });
});
