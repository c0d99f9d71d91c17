/**
 * The spine on the real stack: a complaint in the mailbox becomes a case, an acknowledgement in
 * the klager's own IMAP inbox and a notice in the commissioner's; duplicates, automatic mail,
 * downtime, SMTP trouble and unparseable mail do what SPEC §5 says.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Stack } from '../../tools/devstack/stack.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import {
  deliverToMailbox, eml, eventually, listMailbox, useServiceStack,
  waitForInbox, type TestService,
} from '../support/harness.js';

const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'mail', name));

describe('spine: mailbox → case → letters (real Redis, Dovecot, SMTP)', function () {
  this.timeout(90_000);
  let stack: Stack;
  let svc: TestService | null = null;

  const shared = useServiceStack();
  before(() => void (stack = shared.stack));

  const casesIn = (s: TestService) => s.service.ctx.store.db.prepare('SELECT number, state FROM cases ORDER BY id').all() as { number: string; state: string }[];

  it('when a complaint is delivered, then the klager gets a tagged acknowledgement in reply to it, and the commissioner a notice', async () => {
    svc = await shared.start();
    const marker = randomUUID().slice(0, 8);
    const messageId = `complaint-${marker}@example.test`;
    await deliverToMailbox(stack, eml({ subject: `Klacht ${marker}`, messageId }));

    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === messageId);
    expect(ack!.subject).to.match(/^\[KL-\d{4}-0001\] Ontvangstbevestiging van uw klacht$/);
    const ackText = ack!.raw.toString('utf8');
    expect(ackText).to.match(/^Auto-Submitted: auto-replied/m);
    expect(ackText).to.match(/^Reply-To: klachten@praktijk\.test/m);
    expect(ackText).to.include(`Klacht ${marker}`);

    const [notice] = await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === messageId);
    expect(notice!.subject).to.match(/^\[KL-\d{4}-0001\] Nieuwe klacht van Jan Jansen/);

    const cases = casesIn(svc);
    expect(cases).to.have.length(1);
    expect(cases[0]!.state).to.equal('acknowledged');
    // The complaint left the inbox for the processed folder, and only after its commit.
    await eventually(async () => (await listMailbox(stack, 'klachten', 'Klachten/Verwerkt')).some((m) => m.messageId === `<${messageId}>`), 'the complaint in Klachten/Verwerkt');
    expect(await listMailbox(stack, 'klachten', 'INBOX')).to.have.length(0);
  });

  it('when the same message is delivered twice, then there is one case and one acknowledgement', async () => {
    svc = await shared.start();
    const messageId = `twice-${randomUUID()}@example.test`;
    const raw = eml({ subject: 'Twee keer bezorgd', messageId });
    await deliverToMailbox(stack, raw);
    await deliverToMailbox(stack, raw);
    const moved = () => (svc!.service.ctx.store.db.prepare('SELECT count(*) AS n FROM inbox_items WHERE moved_at IS NOT NULL').get() as { n: number }).n;
    await eventually(() => moved() === 2, 'both copies handled and moved');
    await eventually(() => stack.smtp.messages.filter((m) => m.raw.toString().includes(`In-Reply-To: <${messageId}>`)).length >= 2, 'the acknowledgement and the notice');
    await svc.service.watcher.sweepNow();
    expect(casesIn(svc)).to.have.length(1);
    const acks = stack.smtp.messages.filter((m) => m.envelopeTo.includes('klager@example.test') && m.raw.toString().includes(`In-Reply-To: <${messageId}>`));
    expect(acks).to.have.length(1);
  });

  for (const name of ['outlook-out-of-office.eml', 'gmail-vacation.eml', 'postfix-bounce.eml']) {
    it(`when automatic mail arrives (${name}), then no case is opened and nothing is sent`, async () => {
      svc = await shared.start();
      const sentBefore = stack.smtp.messages.length;
      await deliverToMailbox(stack, fixture(name));
      await eventually(() => (svc!.service.ctx.store.db.prepare(`SELECT count(*) AS n FROM inbox_items WHERE moved_at IS NOT NULL`).get() as { n: number }).n === 1, 'the message handled and moved');
      expect(casesIn(svc)).to.have.length(0);
      const row = svc.service.ctx.store.db.prepare(`SELECT kind, status FROM messages WHERE direction = 'in'`).get() as { kind: string; status: string };
      expect(['auto-reply', 'bounce', 'bulk']).to.include(row.kind);
      expect(svc.service.ctx.store.db.prepare('SELECT count(*) AS n FROM outbox').get()).to.deep.equal({ n: 0 });
      expect(stack.smtp.messages.length).to.equal(sentBefore);
    });
  }

  it('when a complaint arrives while the service is down, then it is handled after the start', async () => {
    const messageId = `while-down-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Terwijl de dienst uit stond', messageId }));
    svc = await shared.start();
    await waitForInbox(stack, 'klager', (m) => m.inReplyTo === messageId);
    expect(casesIn(svc)).to.have.length(1);
  });

  it('when the SMTP server answers 451 twice, then the letter is retried and delivered once', async () => {
    let refusals = 0;
    stack.smtp.setResponder((m) => (m.envelopeTo.includes('klager@example.test') && refusals < 2 ? (refusals++, { code: 451, message: 'Try again later' }) : null));
    svc = await shared.start();
    const messageId = `greylisted-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Greylisting', messageId }));
    await waitForInbox(stack, 'klager', (m) => m.inReplyTo === messageId);
    expect(refusals).to.equal(2);
    const delivered = stack.smtp.messages.filter((m) => m.envelopeTo.includes('klager@example.test') && m.raw.toString().includes(`In-Reply-To: <${messageId}>`));
    expect(delivered).to.have.length(1);
    const row = svc.service.ctx.store.db.prepare(`SELECT status, attempts FROM outbox WHERE template = 'acknowledgement'`).get();
    expect(row).to.deep.equal({ status: 'sent', attempts: 3 });
  });

  it('when the SMTP server answers 550, then the letter fails for good and is not retried', async () => {
    stack.smtp.setResponder((m) => (m.envelopeTo.includes('klager@example.test') ? { code: 550, message: 'No such user' } : null));
    svc = await shared.start();
    await deliverToMailbox(stack, eml({ subject: 'Onbestelbaar' }));
    const row = await eventually(
      () => svc!.service.ctx.store.db.prepare(`SELECT status, attempts, last_error FROM outbox WHERE template = 'acknowledgement' AND status = 'failed'`).get() as { status: string; attempts: number; last_error: string } | undefined,
      'the acknowledgement failed',
    );
    expect(row.attempts).to.equal(1);
    expect(row.last_error).to.match(/550/);
  });

  it('when an unparseable message arrives, then it goes whole to quarantine, the commissioner is told, and the service goes on', async () => {
    svc = await shared.start();
    const broken = Buffer.from('this is not a mail message at all, no headers, no body separator', 'utf8');
    await deliverToMailbox(stack, broken);
    await eventually(async () => (await listMailbox(stack, 'klachten', 'Klachten/Quarantaine')).length >= 1, 'the message in quarantine');
    const q = svc.service.ctx.store.db.prepare(`SELECT status, reason FROM messages WHERE direction = 'in'`).get() as { status: string; reason: string };
    expect(q.status).to.equal('quarantined');
    expect(q.reason).to.be.a('string').and.not.equal('');
    await waitForInbox(stack, 'commissaris', (m) => m.subject.startsWith('Bericht in quarantaine'));
    // Still running: the next complaint is handled.
    const messageId = `after-quarantine-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Na de quarantaine', messageId }));
    await waitForInbox(stack, 'klager', (m) => m.inReplyTo === messageId);
  });

  it('when the same klager writes again while the case is open, then it is filed in that case and the commissioner told', async () => {
    svc = await shared.start();
    const first = `first-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Eerste mail', messageId: first }));
    await waitForInbox(stack, 'klager', (m) => m.inReplyTo === first);
    const second = `second-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Nog iets', messageId: second }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === second && m.subject.includes('Nieuwe post in zaak'));
    expect(casesIn(svc)).to.have.length(1);
  });
});
