/**
 * IMAP connection cut on the real stack (issue 5 §4): `doveadm kick` drops the session, and
 * Dovecot stopped for a while (FAULT_IMAP_DOWN_MS, default 10 s) and started again. The service
 * reconnects within 5 s of the server's return; mail that arrived meanwhile (delivered straight
 * into the Maildir, as the MTA does while IMAP is down) is handled; nothing twice.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from '../../tools/devstack/stack.js';
import { deliverToMailbox, eml, eventually, listMailbox, removeDir, startTestService, startPrivateStack, type TestService } from '../support/harness.js';

const DOWN_MS = Number(process.env.FAULT_IMAP_DOWN_MS ?? 10_000);

/** Drop a message into klachten's Maildir/new, as Dovecot's LDA would: works while IMAP is down. */
let dropped = 0;
function dropIntoMaildir(stack: Stack, raw: string): void {
  const dir = join(stack.dir, 'dovecot', 'mail', 'klachten', 'Maildir');
  for (const sub of ['new', 'cur', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  const name = `${Date.now()}.M${++dropped}P${process.pid}.fault,S=${Buffer.byteLength(raw)}`;
  writeFileSync(join(dir, 'tmp', name), raw);
  if (process.getuid?.() === 0) {
    // Dovecot delivers as the mail user (uid 1000 when the tests run as root).
    try { chownSync(join(dir, 'tmp', name), 1000, 1000); } catch { /* not fatal: the file is readable */ }
  }
  renameSync(join(dir, 'tmp', name), join(dir, 'new', name)); // how Maildir makes a delivery atomic
}

describe('fault: IMAP connection cut (real Redis, Dovecot, SMTP)', function () {
  this.timeout(120_000 + 2 * DOWN_MS);
  let stack: Stack;
  let svc: TestService | null = null;

  before(async () => {
    stack = await startPrivateStack();
  });
  after(async () => {
    await stack?.stop();
  });
  beforeEach(() => stack.smtp.clear());
  afterEach(async () => {
    await stack.dovecot.start();
    if (svc) {
      await svc.stop();
      removeDir(svc.dataDir);
      svc = null;
    }
  });

  const db = () => svc!.service.ctx.store.db;
  const cases = () => (db().prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
  const acks = (id: string) => stack.smtp.messages.filter((m) => m.envelopeTo.some((t) => t.startsWith('klager')) && m.raw.toString().replace(/\r\n[ \t]+/g, ' ').includes(`In-Reply-To: <${id}>`));

  it('doveadm kick: back within 5 s; mail delivered while cut off is handled once', async () => {
    svc = await startTestService(stack);
    const watcher = svc.service.watcher;
    await eventually(() => watcher.isConnected, 'the first connection');
    const before = `before-kick-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ messageId: before, from: 'klager+1@example.test' }));
    await eventually(() => cases() === 1, 'the first complaint handled');

    await stack.dovecot.kick('klachten');
    await eventually(() => !watcher.isConnected, 'the service noticed the cut', 5000);
    const kickedAt = Date.now();
    const during = `during-kick-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ messageId: during, from: 'klager+2@example.test' }));
    await eventually(() => watcher.isConnected, 'reconnected', 5000);
    console.log(`      reconnected ${Date.now() - kickedAt} ms after the kick`); // eslint-disable-line no-console
    await eventually(() => cases() === 2, 'the mail delivered during the cut handled');
    await eventually(() => acks(during).length === 1 && acks(before).length === 1, 'both acknowledged');
    // Nothing twice: a second kick and a sweep later, still two cases and one acknowledgement each.
    await stack.dovecot.kick('klachten');
    await eventually(() => watcher.isConnected, 'reconnected again', 5000);
    await watcher.sweepNow();
    expect(cases()).to.equal(2);
    expect(acks(before)).to.have.length(1);
    expect(acks(during)).to.have.length(1);
  });

  it(`Dovecot stopped for ${DOWN_MS / 1000} s: reconnected within 5 s of its return; mail that arrived meanwhile handled; nothing twice`, async () => {
    svc = await startTestService(stack);
    const watcher = svc.service.watcher;
    await eventually(() => watcher.isConnected, 'the first connection');
    const first = `first-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ messageId: first, from: 'klager+10@example.test' }));
    await eventually(() => cases() === 1, 'the first complaint handled');

    await stack.dovecot.stop();
    await eventually(() => !watcher.isConnected, 'the service noticed the outage', 10_000);
    const meanwhile: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = `meanwhile-${i}-${randomUUID()}@example.test`;
      meanwhile.push(id);
      dropIntoMaildir(stack, eml({ messageId: id, from: `klager+${20 + i}@example.test`, subject: `Tijdens de storing ${i}` }));
    }
    await new Promise((r) => setTimeout(r, DOWN_MS));
    await stack.dovecot.start();
    const back = Date.now();
    await eventually(() => watcher.isConnected, 'reconnected', 5000);
    const took = Date.now() - back;
    console.log(`      reconnected ${took} ms after Dovecot returned (down ${DOWN_MS} ms)`); // eslint-disable-line no-console
    expect(took).to.be.below(5000);

    await eventually(() => cases() === 4, 'the three complaints that arrived meanwhile handled', 20_000);
    // The first acknowledgement may have met the outage on its way to Dovecot (LMTP): it is retried.
    for (const id of [first, ...meanwhile]) await eventually(() => acks(id).length === 1, `acknowledgement of ${id}`, 30_000);
    await eventually(async () => (await listMailbox(stack, 'klachten', 'INBOX')).length === 0, 'the inbox emptied');
    const processed = await listMailbox(stack, 'klachten', 'Klachten/Verwerkt');
    const listing = processed.map((m) => m.messageId).join(' ');
    for (const id of [first, ...meanwhile]) expect(processed.filter((m) => m.messageId === `<${id}>`), `${id} in ${listing}`).to.have.length(1);
    await watcher.sweepNow();
    expect(cases()).to.equal(4);
    for (const id of [first, ...meanwhile]) expect(acks(id), id).to.have.length(1);
  });
});
