/**
 * SMTP faults on the real stack (issue 5 §3): 421 and 451 are retried with backoff until the
 * letter is delivered (once); 550 fails the letter for good and the commissioner gets an alert
 * naming the case and the recipient; the SMTP server down for a while (FAULT_SMTP_DOWN_MS,
 * default 8 s; the minute with FAULT_SMTP_DOWN_MS=60000) → every letter delivered after
 * it returns, none twice.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Stack } from '../../tools/devstack/stack.js';
import type { SinkMessage } from '../../tools/devstack/smtp-sink.js';
import { deliverToMailbox, eml, eventually, removeDir, startTestService, startPrivateStack, waitForInbox, type TestService } from '../support/harness.js';

const DOWN_MS = Number(process.env.FAULT_SMTP_DOWN_MS ?? 8000);

describe('fault: SMTP (real Redis, Dovecot, SMTP)', function () {
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
    stack.smtp.setResponder(null);
    await stack.smtp.start();
    if (svc) {
      await svc.stop();
      removeDir(svc.dataDir);
      svc = null;
    }
  });

  const db = () => svc!.service.ctx.store.db;
  const ackTo = (addr: string, complaintId: string) => (m: SinkMessage) => m.envelopeTo.includes(addr) && m.raw.toString().includes(`In-Reply-To: <${complaintId}>`);

  it('421 then 451: retried with growing delays until delivered, and delivered once', async () => {
    const codes = [421, 451];
    stack.smtp.setResponder((m) => {
      if (!m.envelopeTo.includes('klager@example.test') || codes.length === 0) return null;
      const code = codes.shift()!;
      return { code, message: code === 421 ? 'Service not available, closing channel' : 'Requested action aborted: local error' };
    });
    svc = await startTestService(stack, { overrides: { SEND_RETRY_BASE_MS: '300' } });
    const id = `greylist-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ messageId: id }));
    await waitForInbox(stack, 'klager', (m) => m.inReplyTo === id);
    const refused = stack.smtp.rejected.filter((r) => r.envelopeTo.includes('klager@example.test'));
    const [delivered] = stack.smtp.messages.filter(ackTo('klager@example.test', id));
    expect(refused.map((r) => r.code)).to.deep.equal([421, 451]);
    expect(stack.smtp.messages.filter(ackTo('klager@example.test', id))).to.have.length(1);
    // Exponential backoff: the second wait is longer than the first (300 ms, then 600 ms).
    const gap1 = refused[1]!.at.getTime() - refused[0]!.at.getTime();
    const gap2 = delivered!.at.getTime() - refused[1]!.at.getTime();
    expect(gap1).to.be.at.least(250);
    expect(gap2).to.be.at.least(gap1 * 1.5);
    // The same Message-ID on every attempt: a duplicate would be recognisable.
    expect(new Set([...refused.map((r) => r.messageId), delivered!.messageId]).size).to.equal(1);
    expect(db().prepare(`SELECT status, attempts FROM outbox WHERE template = 'acknowledgement'`).get()).to.deep.equal({ status: 'sent', attempts: 3 });
  });

  it('550: the letter fails for good at once, and the commissioner gets an alert naming the case and the recipient', async () => {
    stack.smtp.setResponder((m) => (m.envelopeTo.includes('klager@example.test') ? { code: 550, message: '5.1.1 <klager@example.test>: Recipient address rejected: User unknown' } : null));
    svc = await startTestService(stack);
    const id = `bounce-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ messageId: id, subject: `Onbestelbaar ${id}` }));
    const caseNumber = await eventually(() => (db().prepare('SELECT number FROM cases').get() as { number: string } | undefined)?.number, 'the case');
    const [alert] = await waitForInbox(stack, 'commissaris', (m) => m.subject.includes('Brief niet aangekomen') && m.subject.includes(caseNumber));
    expect(alert!.subject).to.include('klager@example.test');
    const body = alert!.raw.toString('utf8');
    expect(body).to.include('5.1.1');
    const row = db().prepare(`SELECT status, attempts, last_error FROM outbox WHERE template = 'acknowledgement'`).get() as { status: string; attempts: number; last_error: string };
    expect(row).to.include({ status: 'failed', attempts: 1 });
    expect(stack.smtp.rejected.filter((r) => r.envelopeTo.includes('klager@example.test'))).to.have.length(1);
  });

  it(`the SMTP server down for ${DOWN_MS / 1000} s: every letter delivered after it returns, none twice`, async () => {
    svc = await startTestService(stack, { overrides: { SEND_RETRY_BASE_MS: '250', SEND_MAX_ATTEMPTS: '20' } });
    await stack.smtp.stop();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = `down-${i}-${randomUUID()}@example.test`;
      ids.push(id);
      await deliverToMailbox(stack, eml({ from: `klager+${i}@example.test`, messageId: id, subject: `Tijdens de storing ${i}` }));
    }
    // Decided and tried while the server is away.
    await eventually(() => (db().prepare(`SELECT count(*) AS n FROM outbox WHERE attempts > 0 AND status = 'queued'`).get() as { n: number }).n >= 5, 'letters tried and waiting', 20_000);
    await new Promise((r) => setTimeout(r, DOWN_MS));
    await stack.smtp.start();
    const returned = Date.now();
    await eventually(() => (db().prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'sent'`).get() as { n: number }).n === 10, 'all ten letters sent', 60_000 + DOWN_MS);
    const byId = new Map<string, number>();
    for (const m of stack.smtp.messages) byId.set(m.messageId, (byId.get(m.messageId) ?? 0) + 1);
    expect(stack.smtp.messages).to.have.length(10);
    expect([...byId.values()].every((n) => n === 1), 'no Message-ID twice').to.equal(true);
    for (const id of ids) expect(stack.smtp.messages.filter((m) => m.raw.toString().includes(`In-Reply-To: <${id}>`))).to.have.length(2);
    console.log(`      all letters delivered ${Date.now() - returned} ms after the SMTP server returned`); // eslint-disable-line no-console
    expect(db().prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'failed'`).get()).to.deep.equal({ n: 0 });
  });
});
