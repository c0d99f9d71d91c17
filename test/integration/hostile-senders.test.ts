/**
 * Hostile senders (issue 5), on a real SQLite store through receiveMessage: our own letters
 * coming back, permanent bounces, auto-responders that answer everything, a flood from one
 * sender, and mail over MAX_MESSAGE_MB; letters go out over SMTP to the shared stack's sink.
 * The same scenarios run end to end on Redis, Dovecot and SMTP in hostile-senders-e2e.test.ts;
 * here each rule is pinned down quickly and exactly.
 */
import { expect } from 'chai';
import { UnrecoverableError, type Job } from 'bullmq';
import { createLogger } from '../../src/logger.js';
import { sendLetterProcessor } from '../../src/jobs/send-letter.js';
import { LetterRenderer } from '../../src/mail-out/render.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { alertUndelivered } from '../../src/use-cases/bounce-alert.js';
import { createTransport, type MailTransport } from '../../src/mail-out/transport.js';
import type { Stack } from '../../tools/devstack/stack.js';
import { useServiceStack } from '../support/harness.js';
import type { SendLetterJob } from '../../src/jobs/queues.js';
import { assertNoInjection, ingestBench, type IngestBench, type OutgoingLetter } from '../support/ingest-harness.js';
import { autoResponse, bigComplaint, complaint, dsn, type ResponderKind } from '../support/hostile-mail.js';

const COMMISSIONER = 'commissaris@praktijk.test';

function outbox(b: IngestBench, where = '1=1'): { id: number; template: string; to_addr: string; status: string; recipient_role: string; facts: string; message_id: string; last_error: string | null }[] {
  return b.db().prepare(`SELECT * FROM outbox WHERE ${where} ORDER BY id`).all() as never;
}
const count = (b: IngestBench, sql: string, ...args: unknown[]) => (b.db().prepare(sql).get(...args) as { n: number }).n;
const live = (b: IngestBench) => outbox(b, `status IN ('pending', 'held', 'queued', 'sent')`);

/**
 * The send-letter processor over a real SMTP connection to this file's view of the shared sink:
 * `reply(to)` returns null (250) or the SMTP error the sink answers with.
 */
function processor(b: IngestBench, stack: Stack, reply: (to: string) => { code: number; message: string } | null) {
  const transport = createTransport({ ...b.config, smtp: { ...b.config.smtp, host: stack.smtp.host, port: stack.smtp.port, secure: false } });
  transports.push(transport);
  stack.smtp.clear();
  stack.smtp.setResponder((m) => reply(m.envelopeTo[0] ?? ''));
  const run = sendLetterProcessor({
    config: b.config, store: b.ctx.store, renderer: new LetterRenderer(TEMPLATES_DIR), transport, clock: b.ctx.clock,
    log: createLogger('silent'), undeliverable: { report: (u) => alertUndelivered(b.ctx, u) },
  });
  const job = (outboxId: number, attemptsMade = 0) => ({ id: `outbox-${outboxId}`, data: { outboxId }, attemptsMade, opts: { attempts: 5 } }) as unknown as Job<SendLetterJob>;
  return {
    /** Recipients the sink accepted a letter for. */
    get sent(): string[] {
      return stack.smtp.messages.flatMap((m) => m.envelopeTo);
    },
    /** Process every pending row once (as the worker would, first attempt). */
    drain: async () => {
      for (const r of outbox(b, `status = 'pending'`)) await run(job(r.id)).catch((e: unknown) => e);
    },
    run: (id: number, attemptsMade = 0) => run(job(id, attemptsMade)),
  };
}
const transports: MailTransport[] = [];


/**
 * What a sender that writes without end may get: one acknowledgement and, for its mail without
 * reference to the case, at most one "added to case" letter (issue 13, at most one per 24 hours).
 */
function expectAckAndAtMostOneAdded(letters: readonly { template: string }[]): void {
  expect(letters.filter((l) => l.template === 'acknowledgement'), 'one acknowledgement').to.have.length(1);
  expect(letters.filter((l) => l.template === 'added-to-case').length, 'at most one "added to case"').to.be.at.most(1);
  expect(letters.filter((l) => l.template !== 'acknowledgement' && l.template !== 'added-to-case'), 'nothing else').to.have.length(0);
}

describe('hostile senders (issue 5, store level, letters sent to the SMTP sink)', function () {
  this.timeout(60_000);
  const shared = useServiceStack();
  let stack: Stack;
  let b: IngestBench;
  before(() => void (stack = shared.stack));
  beforeEach(() => (b = ingestBench()));
  afterEach(() => {
    for (const t of transports.splice(0)) t.close();
    b.close();
  });

  describe('our own letters coming back', () => {
    async function ourLetters(): Promise<OutgoingLetter[]> {
      await b.receive(complaint({ from: 'klager@example.test' }));
      return b.outgoing();
    }
    const variants: [string, (raw: string) => string][] = [
      ['a Bcc copy (byte for byte)', (raw) => raw],
      ['a Sent copy with a Received line on top', (raw) => `Received: from localhost by mx\r\n${raw}`],
      ['an echo with a new Message-ID (X-Loop kept)', (raw) => raw.replace(/^Message-ID: .*$/im, 'Message-ID: <rewritten-by-server@echo.test>')],
      ['an echo without X-Loop (Message-ID kept)', (raw) => raw.replace(/^X-Loop: .*\r\n/im, '')],
      ['an echo with neither (only our From left)', (raw) => raw.replace(/^X-Loop: .*\r\n/im, '').replace(/^Message-ID: .*$/im, 'Message-ID: <rewritten-2@echo.test>')],
    ];
    for (const [what, change] of variants) {
      it(`is never a case and never answered: ${what}`, async () => {
        const letters = await ourLetters();
        const before = outbox(b).length;
        for (const l of letters) {
          const r = await b.receive(change(l.raw));
          expect(r.kind, `${l.row.template} back as ${what}`).to.equal('own-letter');
        }
        expect(count(b, 'SELECT count(*) AS n FROM cases')).to.equal(1);
        expect(outbox(b)).to.have.length(before);
      });
    }

    it('does not take a forged signature for ours: a made-up KL Message-ID opens a case like any mail', async () => {
      const r = await b.receive(complaint({ from: 'iemand@example.test', messageId: 'KL-2026-0001.o1.000000000000@praktijk.test' }));
      expect(r.kind).to.equal('new-complaint');
    });
  });

  describe('a permanent bounce (5.1.1) of one of our letters', () => {
    it('alerts the commissioner naming case and recipient, and suppresses the address', async () => {
      await b.receive(complaint({ from: 'verkeerd@example.test' }));
      const ack = outbox(b, `template = 'acknowledgement'`)[0]!;
      const r = await b.receive(dsn({ ourMessageId: ack.message_id, recipient: 'verkeerd@example.test' }));
      expect(r.kind).to.equal('automatic');
      const alerts = outbox(b, `template = 'bounce-alert'`);
      expect(alerts.map((a) => a.to_addr)).to.deep.equal([COMMISSIONER]);
      const letter = (await b.outgoing()).find((l) => l.row.template === 'bounce-alert')!;
      assertNoInjection(letter, b.config);
      const caseNumber = (b.db().prepare('SELECT number FROM cases').get() as { number: string }).number;
      expect(letter.headers.find(([n]) => n === 'subject')![1]).to.include('verkeerd@example.test').and.include(caseNumber);
      expect(letter.text).to.include('5.1.1').and.include('geblokkeerd');
      expect(b.ctx.store.suppressions.active('verkeerd@example.test')).to.include({ status: '5.1.1' });
      // The same bounce again (another copy) adds nothing.
      await b.receive(dsn({ ourMessageId: ack.message_id, recipient: 'verkeerd@example.test' }));
      expect(outbox(b, `template = 'bounce-alert'`)).to.have.length(1);
    });

    it('then sends nothing more to that address: the processor refuses the letter and alerts', async () => {
      await b.receive(complaint({ from: 'verkeerd@example.test' }));
      const ack = outbox(b, `template = 'acknowledgement'`)[0]!;
      await b.receive(dsn({ ourMessageId: ack.message_id, recipient: 'verkeerd@example.test' }));
      // A later letter to that address (the procedure's, here forged by hand as a second acknowledgement).
      const later = b.ctx.store.outbox.insert({
        caseId: ack.id ? (b.db().prepare('SELECT id FROM cases').get() as { id: number }).id : null, template: 'acknowledgement', language: 'nl',
        recipientRole: 'klager', to: 'verkeerd@example.test', facts: JSON.parse(ack.facts) as Record<string, unknown>, at: new Date().toISOString(),
      }, (id) => `later-${id}@praktijk.test`);
      const p = processor(b, stack, () => null);
      const err = await p.run(later.id).then(() => null, (e: unknown) => e);
      expect(err).to.be.instanceOf(UnrecoverableError);
      expect(p.sent).to.not.include('verkeerd@example.test');
      expect(b.ctx.store.outbox.get(later.id)).to.include({ status: 'failed' });
      const alerts = outbox(b, `template = 'bounce-alert'`);
      expect(alerts).to.have.length(2);
      expect(JSON.parse(alerts[1]!.facts)).to.include({ refused: true, recipient: 'verkeerd@example.test' });
      // Until she corrects it.
      b.ctx.store.suppressions.lift('verkeerd@example.test', COMMISSIONER, new Date().toISOString());
      const again = b.ctx.store.outbox.insert({ caseId: later.case_id, template: 'acknowledgement', language: 'nl', recipientRole: 'klager', to: 'verkeerd@example.test', facts: JSON.parse(ack.facts) as Record<string, unknown>, at: new Date().toISOString() }, (id) => `again-${id}@praktijk.test`);
      expect(await p.run(again.id)).to.equal('sent');
    });

    it('a delay warning (4.x.x) alerts nobody and suppresses nothing', async () => {
      await b.receive(complaint({ from: 'traag@example.test' }));
      const ack = outbox(b, `template = 'acknowledgement'`)[0]!;
      await b.receive(dsn({ ourMessageId: ack.message_id, recipient: 'traag@example.test', status: '4.4.1', subject: 'Delayed Mail (still being retried)' }));
      expect(outbox(b, `template = 'bounce-alert'`)).to.have.length(0);
      expect(b.ctx.store.suppressions.active('traag@example.test')).to.equal(undefined);
    });

    it('a bounce about a letter we never sent alerts nobody', async () => {
      await b.receive(dsn({ ourMessageId: 'KL-2026-0001.o1.abcdefabcdef@praktijk.test', recipient: 'x@example.test' }));
      expect(outbox(b)).to.have.length(0);
    });

    it('SMTP 550 at sending: failed for good, the commissioner alerted naming case and recipient, the address suppressed', async () => {
      await b.receive(complaint({ from: 'onbekend@example.test' }));
      const p = processor(b, stack, (to) => (to === 'onbekend@example.test' ? { code: 550, message: '5.1.1 <onbekend@example.test>: User unknown' } : null));
      await p.drain();
      const ack = outbox(b, `template = 'acknowledgement'`)[0]!;
      expect(ack.status).to.equal('failed');
      const alert = outbox(b, `template = 'bounce-alert'`)[0]!;
      const facts = JSON.parse(alert.facts) as Record<string, unknown>;
      expect(facts).to.include({ recipient: 'onbekend@example.test', status: '5.1.1', letter: 'acknowledgement', permanent: true });
      expect(facts.caseNumber).to.match(/^KL-\d{4}-0001$/);
      expect(b.ctx.store.suppressions.active('onbekend@example.test')).to.not.equal(undefined);
    });

    it('never suppresses a commissioner address, and never alerts the address that failed', async () => {
      await b.receive(complaint({ from: 'klager@example.test' }));
      const p = processor(b, stack, (to) => (to === COMMISSIONER ? { code: 550, message: '5.1.1 gone' } : null));
      await p.drain();
      expect(b.ctx.store.suppressions.active(COMMISSIONER)).to.equal(undefined);
      expect(outbox(b, `template = 'bounce-alert'`)).to.have.length(0); // the only commissioner address is the one that failed
    });
  });

  describe('auto-responder ping-pong', () => {
    const kinds: ResponderKind[] = ['rfc3834', 'exchange-oof', 'dumb-reply', 'dumb-new-thread'];
    for (const kind of kinds) {
      it(`a ${kind} auto-responder that answers everything gets the acknowledgement and at most one "added to case" letter, then silence`, async () => {
        const bot = `bot-${kind}@example.test`;
        await b.receive(complaint({ from: bot }));
        const answered = new Set<number>();
        for (let round = 0; round < 20; round++) {
          const toBot = (await b.outgoing()).filter((l) => l.row.to_addr === bot && !answered.has(l.row.id) && l.row.status !== 'cancelled');
          if (toBot.length === 0) break;
          for (const l of toBot) {
            answered.add(l.row.id);
            await b.receive(autoResponse(kind, bot, l.raw));
          }
        }
        // The acknowledgement, and (issue 13) at most one "added to case" letter for mail without reference.
        expectAckAndAtMostOneAdded(live(b).filter((l) => l.to_addr === bot));
        expect(count(b, 'SELECT count(*) AS n FROM cases')).to.equal(1);
      });
    }

    it('a responder that writes first (no case yet) and then answers everything: one acknowledgement, at most one "added to case", then silence', async () => {
      const bot = 'loop@example.test';
      await b.receive(autoResponse('dumb-new-thread', bot, 'Subject: x\r\nMessage-ID: <x@y>\r\n\r\n'));
      for (let round = 0; round < 10; round++) {
        for (const l of (await b.outgoing()).filter((x) => x.row.to_addr === bot)) await b.receive(autoResponse('dumb-reply', bot, l.raw));
      }
      expectAckAndAtMostOneAdded(live(b).filter((l) => l.to_addr === bot));
    });
  });

  describe('a flood from one sender', () => {
    it('100 mails in a minute: one case, the acknowledgement and at most one "added to case" letter to the sender, the commissioner told once', async () => {
      const flooder = 'flood@example.test';
      for (let i = 0; i < 100; i++) await b.receive(complaint({ from: flooder, subject: `Klacht nummer ${i}`, text: `Bericht ${i}` }));
      const limit = b.config.maxNewCasesPerSenderPerDay;
      expect(count(b, `SELECT count(*) AS n FROM messages WHERE direction = 'in' AND from_addr = ?`, flooder), 'every mail kept').to.equal(100);
      expect(count(b, 'SELECT count(*) AS n FROM cases')).to.equal(1);
      expectAckAndAtMostOneAdded(live(b).filter((l) => l.to_addr === flooder));
      const toCommissioner = live(b).filter((l) => l.to_addr === COMMISSIONER);
      expect(toCommissioner.filter((l) => l.template === 'flood-notice')).to.have.length(1);
      expect(toCommissioner.length, 'notices to the commissioner').to.be.at.most(limit + 1);
    });

    it('MAX_NEW_CASES_PER_SENDER_PER_DAY: past the limit no new case, the mail kept in quarantine', async () => {
      const s = 'veel@example.test';
      const limit = b.config.maxNewCasesPerSenderPerDay;
      for (let i = 0; i < limit + 2; i++) {
        await b.receive(complaint({ from: s, subject: `Zaak ${i}` }));
        b.db().prepare(`UPDATE cases SET state = 'dismissed'`).run(); // each case ends, so the next mail would be a new case
      }
      expect(count(b, 'SELECT count(*) AS n FROM cases')).to.equal(limit);
      expect(count(b, `SELECT count(*) AS n FROM messages WHERE direction = 'in' AND status = 'quarantined'`)).to.equal(2);
      expect(outbox(b, `template = 'flood-notice'`)).to.have.length(1);
    });

    it('a stranger flooding with a case tag: quarantined each time, the commissioner told once', async () => {
      const r = await b.receive(complaint({ from: 'klager@example.test' }));
      for (let i = 0; i < 30; i++) await b.receive(complaint({ from: 'vreemde@example.test', subject: `Re: [${r.caseNumber}] vraag ${i}` }));
      const notices = live(b).filter((l) => l.template === 'quarantine-notice');
      expect(notices.length).to.be.at.most(b.config.maxNewCasesPerSenderPerDay);
      expect(outbox(b, `template = 'flood-notice'`)).to.have.length(1);
      expect(live(b).filter((l) => l.to_addr === 'vreemde@example.test')).to.have.length(0);
    });
  });

  describe(`mail over MAX_MESSAGE_MB`, () => {
    const MB = 1024 * 1024;
    /** What the watcher hands over for a message over the limit: its header block and its IMAP size. */
    function headersOnly(raw: Buffer): { raw: Buffer; size: number; truncated: true } {
      const end = raw.indexOf('\r\n\r\n') + 4;
      return { raw: raw.subarray(0, end), size: raw.length, truncated: true };
    }

    it('a 30 MB complaint: kept in quarantine, the commissioner told, the klager told to send smaller files or by post', async () => {
      const big = bigComplaint({ from: 'groot@example.test' });
      const r = await b.receive(big.subarray(0, big.indexOf('\r\n\r\n') + 4), headersOnly(big));
      expect(r.target).to.equal('quarantine');
      const msg = b.db().prepare(`SELECT status, reason, from_addr, size FROM messages WHERE direction = 'in'`).get() as Record<string, unknown>;
      expect(msg).to.include({ status: 'quarantined', from_addr: 'groot@example.test', size: big.length });
      expect(String(msg.reason)).to.match(/over MAX_MESSAGE_MB/);
      expect(count(b, 'SELECT count(*) AS n FROM cases')).to.equal(0);
      const letters = await b.outgoing();
      expect(letters.map((l) => `${l.row.template}:${l.row.to_addr}`).sort()).to.deep.equal(['quarantine-notice:commissaris@praktijk.test', 'too-large-notice:groot@example.test']);
      for (const l of letters) assertNoInjection(l, b.config);
      const notice = letters.find((l) => l.row.template === 'too-large-notice')!;
      expect(notice.text).to.include('30.0 MB').and.include('per post').and.include(`${b.config.maxMessageBytes / MB} MB`);
      expect(notice.raw).to.match(/^Auto-Submitted: auto-replied/m);
      expect(letters.find((l) => l.row.template === 'quarantine-notice')!.text).to.include('te groot');
      // The letter passes the recipient guard (a `sender` letter goes only to the sender of the message it answers).
      const p = processor(b, stack, () => null);
      await p.drain();
      expect(p.sent).to.include('groot@example.test');
    });

    it('the same without the watcher: a whole 30 MB message handed over is read by its headers', async () => {
      const big = bigComplaint({ from: 'groot2@example.test' });
      const r = await b.receive(big);
      expect(r.target).to.equal('quarantine');
      expect(outbox(b, `template = 'too-large-notice'`).map((l) => l.to_addr)).to.deep.equal(['groot2@example.test']);
      expect(b.ctx.store.blobs.get(String((b.db().prepare(`SELECT blob_sha256 FROM messages`).get() as { blob_sha256: string }).blob_sha256)).length).to.equal(big.length);
    });

    it('at most one such letter per sender a day; none to automatic mail, none to the commissioner', async () => {
      const big = bigComplaint({ from: 'groot@example.test', mb: 26 });
      const head = (m: Buffer) => m.subarray(0, m.indexOf('\r\n\r\n') + 4);
      await b.receive(head(big), headersOnly(big));
      const again = bigComplaint({ from: 'groot@example.test', mb: 26 });
      await b.receive(head(again), headersOnly(again));
      const robot = bigComplaint({ from: 'robot@example.test', mb: 26, headers: { 'Auto-Submitted': 'auto-generated' } });
      await b.receive(head(robot), headersOnly(robot));
      const her = bigComplaint({ from: COMMISSIONER, mb: 26 });
      await b.receive(head(her), headersOnly(her));
      expect(outbox(b, `template = 'too-large-notice'`).map((l) => l.to_addr)).to.deep.equal(['groot@example.test']);
      expect(count(b, `SELECT count(*) AS n FROM messages WHERE direction = 'in' AND status = 'quarantined'`)).to.equal(4);
    });

    it('a sender letter cannot be pointed at anyone else: the guard refuses it', async () => {
      const big = bigComplaint({ from: 'groot@example.test', mb: 26 });
      await b.receive(big.subarray(0, big.indexOf('\r\n\r\n') + 4), headersOnly(big));
      b.db().prepare(`UPDATE outbox SET to_addr = 'someone-else@example.test' WHERE template = 'too-large-notice'`).run();
      const p = processor(b, stack, () => null);
      await p.drain();
      expect(p.sent).to.not.include('someone-else@example.test');
      expect(outbox(b, `template = 'too-large-notice'`)[0]!.status).to.equal('failed');
    });
  });
});
