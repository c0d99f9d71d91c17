/**
 * Hostile senders end to end (issue 5) on the shared Redis, Dovecot and SMTP sink: our own letters
 * delivered back into the mailbox, a live auto-responder answering every letter it gets, a flood
 * of 100 mails, a 30 MB complaint through IMAP, a bounce of one of our letters, and a handful of
 * the hostile-input fixtures through the real watcher.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Stack } from '../../tools/devstack/stack.js';
import type { SinkMessage } from '../../tools/devstack/smtp-sink.js';
import { deliverToMailbox, eventually, listMailbox, useServiceStack, type TestService } from '../support/harness.js';
import { autoResponse, bigComplaint, complaint, dsn } from '../support/hostile-mail.js';
import { hostile } from '../fixtures/hostile/catalogue.js';

const COMMISSIONER = 'commissaris@praktijk.test';

describe('hostile senders end to end (real Redis, Dovecot, SMTP)', function () {
  this.timeout(180_000);
  let stack: Stack;
  let svc: TestService | null = null;

  const shared = useServiceStack();
  before(() => void (stack = shared.stack));
  beforeEach(() => stack.smtp.clear());

  const db = () => svc!.service.ctx.store.db;
  const n = (sql: string, ...args: unknown[]) => (db().prepare(sql).get(...args) as { n: number }).n;
  const moved = () => n('SELECT count(*) AS n FROM inbox_items WHERE moved_at IS NOT NULL');
  const to = (addr: string) => (m: SinkMessage) => m.envelopeTo.includes(addr);
  /** The relay and the worker are idle: no letter waits to be sent. */
  const settled = () => n(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'queued')`) === 0;

  it('our letters delivered back (Bcc to the mailbox, a Sent copy) are never a case and never answered', async () => {
    svc = await shared.start();
    await deliverToMailbox(stack, complaint({ from: 'klager@example.test' }));
    const [ack] = await stack.smtp.waitFor(to('klager@example.test'));
    const [notice] = await stack.smtp.waitFor(to(COMMISSIONER));
    await eventually(settled, 'the first letters sent');
    const lettersBefore = n('SELECT count(*) AS n FROM outbox');
    const sentBefore = stack.smtp.messages.length;
    await deliverToMailbox(stack, ack!.raw); // the commissioner Bccs the mailbox
    await deliverToMailbox(stack, notice!.raw);
    await deliverToMailbox(stack, Buffer.concat([Buffer.from('Received: from sent-folder by imap\r\n'), ack!.raw])); // a Sent copy
    await eventually(() => moved() === 4, 'all four handled and moved');
    await eventually(settled, 'nothing left to send');
    expect(n('SELECT count(*) AS n FROM cases')).to.equal(1);
    expect(n('SELECT count(*) AS n FROM outbox')).to.equal(lettersBefore);
    // The Sent copy carries the Bcc copy's Message-ID and body: it is that message seen again.
    const dispositions = (db().prepare(`SELECT disposition FROM inbox_items ORDER BY uid`).all() as { disposition: string }[]).map((r) => r.disposition);
    expect(dispositions).to.deep.equal(['new-complaint', 'own-letter', 'own-letter', 'duplicate']);
    expect(stack.smtp.messages.length).to.equal(sentBefore);
  });

  it('a live auto-responder that answers every letter it gets: one letter from us, then silence', async () => {
    const bot = 'autoresponder@example.test';
    let answered = 0;
    // The responder: every letter the SMTP server accepts for the bot is answered into the mailbox, at once.
    stack.smtp.setResponder((m) => {
      if (m.envelopeTo.includes(bot) && answered < 50) {
        answered++;
        void deliverToMailbox(stack, autoResponse('dumb-reply', bot, m.raw.toString('utf8')));
      }
      return null;
    });
    svc = await shared.start();
    await deliverToMailbox(stack, complaint({ from: bot, subject: 'Afwezigheidsmelding' }));
    await stack.smtp.waitFor(to(bot));
    await eventually(() => answered === 1 && moved() === 2 && settled(), 'the bot answered and its answer was handled');
    // No watching for silence: the bot's answer is handled (moved) and every letter it caused is
    // sent (settled). Letters are written in the transaction that handles a message, so an answer
    // to the answer would be in the outbox, and with the sink, by now.
    expect(n(`SELECT count(*) AS n FROM outbox WHERE to_addr = ?`, bot), 'letters for the auto-responder in the outbox').to.equal(1);
    expect(stack.smtp.messages.filter(to(bot)), 'letters to the auto-responder').to.have.length(1);
    expect(answered).to.equal(1);
  });

  it('a flood of 100 mails in a minute from one sender: one case, its acknowledgement and at most one "added to case" letter, the commissioner told once', async () => {
    svc = await shared.start();
    const flooder = `flood-${randomUUID().slice(0, 6)}@example.test`;
    const t0 = Date.now();
    for (let i = 0; i < 100; i++) await deliverToMailbox(stack, complaint({ from: flooder, subject: `Klacht ${i}`, text: `Bericht ${i}` }));
    expect(Date.now() - t0, 'delivered within a minute').to.be.below(60_000);
    await eventually(() => moved() === 100, 'all 100 handled', 60_000);
    await eventually(settled, 'everything sent', 30_000);
    expect(n('SELECT count(*) AS n FROM cases')).to.equal(1);
    expect(n(`SELECT count(*) AS n FROM messages WHERE direction = 'in' AND from_addr = ?`, flooder)).to.equal(100);
    // The acknowledgement, and at most one "added to case" letter (issue 13: at most one per 24 hours).
    const toFlooder = stack.smtp.messages.filter(to(flooder));
    expect(toFlooder.filter((m) => m.subject.includes('Ontvangstbevestiging'))).to.have.length(1);
    expect(toFlooder.filter((m) => m.subject.includes('toegevoegd aan zaak')).length).to.be.at.most(1);
    expect(toFlooder.length).to.be.at.most(2);
    const commissioner = stack.smtp.messages.filter(to(COMMISSIONER));
    expect(commissioner.filter((m) => m.subject.startsWith('Veel post van één afzender'))).to.have.length(1);
    expect(commissioner.length).to.be.at.most(svc.config.maxNewCasesPerSenderPerDay + 1);
  });

  it('a 30 MB complaint through IMAP: whole in the quarantine folder, the commissioner told, the klager told to send smaller files or by post', async () => {
    svc = await shared.start();
    const big = bigComplaint({ from: 'groot@example.test', mb: 30 });
    await deliverToMailbox(stack, big);
    const [letter] = await stack.smtp.waitFor(to('groot@example.test'), 1, 30_000);
    expect(letter!.subject).to.equal('Uw e-mail is te groot om te verwerken');
    expect(letter!.raw.toString()).to.match(/per post/);
    await stack.smtp.waitFor((m) => to(COMMISSIONER)(m) && m.subject.startsWith('Bericht in quarantaine'));
    const q = await eventually(async () => (await listMailbox(stack, 'klachten', 'Klachten/Quarantaine'))[0], 'the message in the quarantine folder', 30_000);
    expect(q.raw.length, 'kept whole').to.equal(big.length);
    expect(n('SELECT count(*) AS n FROM cases')).to.equal(0);
  });

  it('a 5.1.1 bounce of our acknowledgement: the commissioner alerted naming case and recipient; nothing more to that address', async () => {
    svc = await shared.start();
    await deliverToMailbox(stack, complaint({ from: 'verkeerd@example.test' }));
    const [ack] = await stack.smtp.waitFor(to('verkeerd@example.test'));
    const ourId = ack!.messageId.replace(/^<|>$/g, '');
    await deliverToMailbox(stack, dsn({ ourMessageId: ourId, recipient: 'verkeerd@example.test' }));
    const caseNumber = (db().prepare('SELECT number FROM cases').get() as { number: string }).number;
    const [alert] = await stack.smtp.waitFor((m) => to(COMMISSIONER)(m) && m.subject.includes('Brief niet aangekomen'));
    expect(alert!.subject).to.include('verkeerd@example.test').and.include(caseNumber);
    // A later letter to that address is refused and reported, never sent.
    const row = svc.service.ctx.store.outbox.get(Number(/\.o(\d+)\./.exec(ourId)![1]))!;
    const later = svc.service.ctx.store.outbox.insert({
      caseId: row.case_id, template: 'acknowledgement', language: 'nl', recipientRole: 'klager', to: 'verkeerd@example.test',
      facts: JSON.parse(row.facts) as Record<string, unknown>, at: new Date().toISOString(),
    }, (id) => `later-${id}@praktijk.test`);
    svc.service.relay.kick();
    await eventually(() => svc!.service.ctx.store.outbox.get(later.id)!.status === 'failed', 'the later letter refused');
    await stack.smtp.waitFor((m) => to(COMMISSIONER)(m) && m.subject.includes('Brief niet aangekomen'), 2);
    expect(stack.smtp.messages.filter(to('verkeerd@example.test'))).to.have.length(1);
  });

  it('hostile input through the real watcher: each handled once, the service keeps going', async () => {
    svc = await shared.start();
    const quarantinedBefore = (await listMailbox(stack, 'klachten', 'Klachten/Quarantaine')).length;
    const files = ['28-subject-crlf-injection.eml', '51-zero-bytes.eml', '55-binary-garbage.eml', '41-smime-encrypted.eml', '09-windows-1252-claimed-as-utf8.eml', '32-subject-handlebars.eml'];
    // Dovecot refuses an empty APPEND; a zero-byte message is what a broken MTA could leave, so it stays out here.
    const deliverable = files.filter((f) => hostile(f).length > 0);
    for (const f of deliverable) await deliverToMailbox(stack, hostile(f));
    await eventually(() => moved() === deliverable.length, 'all handled and moved', 30_000);
    const quarantined = await listMailbox(stack, 'klachten', 'Klachten/Quarantaine');
    const reasons = (db().prepare(`SELECT reason FROM messages WHERE direction = 'in' AND status = 'quarantined'`).all() as { reason: string }[]).map((r) => r.reason);
    expect(quarantined.length - quarantinedBefore, reasons.join(' | ')).to.equal(2); // binary garbage, S/MIME encrypted
    expect(reasons).to.have.length(2);
    expect(await listMailbox(stack, 'klachten', 'INBOX')).to.have.length(0);
    await eventually(settled, 'letters sent');
    for (const m of stack.smtp.messages) {
      const head = m.raw.toString('utf8').split('\r\n\r\n')[0]!;
      expect(head).to.not.match(/^(bcc|x-injected):/im);
    }
    const after = `after-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, complaint({ from: 'laatste@example.test', messageId: after }));
    await stack.smtp.waitFor((m) => to('laatste@example.test')(m) && m.raw.toString().includes(after));
  });
});
