/**
 * One complaint walked through the whole procedure by mail, on the real stack, asserting that
 * each party's own IMAP inbox receives exactly the letters it should, with the right facts, and
 * nobody else's. Then a second walk with #verleng, #ingetrokken and a late appeal.
 */
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { formatLocalDate } from '../../src/mail-out/format.js';
import { randomUUID } from 'node:crypto';
import type { Stack } from '../../src/devstack/stack.js';
import { addDays, localDateOf } from '../../src/domain/calendar.js';
import { fixedClock } from '../../src/domain/clock.js';
import {
  COMMISSIONER, deliverToMailbox, eml, eventually, listMailbox, removeDir, useServiceStack, waitForInbox,
  type TestService,
} from '../support/harness.js';

type Listed = Awaited<ReturnType<typeof listMailbox>>[number];

describe('e2e: the whole procedure by mail', function () {
  this.timeout(180_000);
  let stack: Stack;
  let svc: TestService | null = null;

  const shared = useServiceStack();
  before(() => void (stack = shared.stack));

  /** Letters of one case in a user's inbox. */
  const lettersOf = async (user: string, caseNumber: string): Promise<Listed[]> =>
    (await listMailbox(stack, user, 'INBOX')).filter((m) => m.subject.includes(`[${caseNumber}]`));
  const text = (m: { raw: Buffer }) => m.raw.toString('utf8');
  const stateOf = (s: TestService, n: string) => (s.service.ctx.store.cases.byNumber(n)!).state;

  /** The commissioner writes to the mailbox (COMMAND_AUTH=none in this walk; security.test covers DKIM). */
  async function commissionerSays(subject: string, body = '', inReplyTo?: string): Promise<string> {
    const messageId = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text: body, messageId, inReplyTo }));
    return messageId;
  }

  /** Wait for the commissioner's receipt to a command mail, and return it. */
  async function receiptFor(messageId: string) {
    const [r] = await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === messageId);
    return r!;
  }

  it('received → acknowledged → #beklaagde → response → #hoorzitting → #uitspraak → appeal → #beroep → #sluit', async () => {
    svc = await shared.start();
    const complaintId = `walk-${randomUUID()}@example.test`;
    const evidence = Buffer.from('%PDF-1.4 bewijsstuk van de klager\n', 'utf8');
    await deliverToMailbox(stack, eml({
      subject: 'Onheuse bejegening', messageId: complaintId, text: 'Ik werd op 12 november onheus bejegend door de assistent.',
      attachment: { filename: 'bewijs.pdf', contentType: 'application/pdf', content: evidence },
    }));
    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === complaintId);
    const n = /\[(KL-\d{4}-\d{4})\]/.exec(ack!.subject)![1]!;
    expect(stateOf(svc, n)).to.equal('acknowledged');

    // #beklaagde: the request for a written response carries the complaint's text.
    // As the notice tells her: reply to it with the command on the first line of the body.
    const [notice] = await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === complaintId);
    const c1 = await commissionerSays(`Re: ${notice!.subject}`, '#beklaagde Piet Pieters <beklaagde@example.test>\r\n\r\nMet groet, Maja\r\n\r\nOp 25 nov. 2026 schreef klachten@praktijk.test:\r\n> Er is een nieuwe klacht binnengekomen.\r\n> #sluit', notice!.messageId!.replace(/^<|>$/g, ''));
    const r1 = await receiptFor(c1);
    expect(r1.subject).to.match(/Uitgevoerd/);
    const [request] = await waitForInbox(stack, 'beklaagde', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('schriftelijke reactie'));
    expect(text(request!)).to.include('onheus bejegend');
    // ... and the complaint's attachment, byte for byte (art. 6).
    expect(text(request!)).to.match(/filename="?bewijs\.pdf/);
    expect(text(request!)).to.include(evidence.toString('base64').slice(0, 40));
    expect(stateOf(svc, n)).to.equal('presented');

    // The beklaagde answers the request: that is the written response.
    const responseId = `response-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({
      from: 'beklaagde@example.test', fromName: 'Piet Pieters', subject: 'Re: mijn reactie (onderwerp aangepast)',
      messageId: responseId, inReplyTo: request!.messageId!.replace(/^<|>$/g, ''), text: 'Ik herken mij niet in de klacht.',
    }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === responseId);
    expect(stateOf(svc, n)).to.equal('responded');

    // #hoorzitting, two weeks ahead: both parties invited, with an .ics.
    const hearingDate = addDays(localDateOf(new Date(), 'Europe/Amsterdam'), 14);
    const c2 = await commissionerSays(`[${n}] #hoorzitting ${hearingDate} 14:30 samen Praktijk LUX, Amsterdam`);
    await receiptFor(c2);
    for (const user of ['klager', 'beklaagde']) {
      const [inv] = await waitForInbox(stack, user, (m) => m.subject.includes(`[${n}]`) && m.subject.includes('hoorzitting'));
      expect(text(inv!)).to.match(/Content-Type: text\/calendar/);
      expect(text(inv!)).to.include('14:30');
    }
    expect(stateOf(svc, n)).to.equal('hearing');

    // #uitspraak with grounds: ruling with report to klager, beklaagde and the practice owner.
    const c3 = await commissionerSays(`[${n}] #uitspraak gegrond`, 'De bejegening was niet in orde.\r\nDe praktijk biedt excuses aan.');
    await receiptFor(c3);
    for (const user of ['klager', 'beklaagde', 'eigenaar']) {
      const [ruling] = await waitForInbox(stack, user, (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Uitspraak'));
      expect(text(ruling!)).to.match(/VERSLAG VAN DE KLACHTBEHANDELING/);
      expect(text(ruling!)).to.include('De bejegening was niet in orde.');
    }
    expect(stateOf(svc, n)).to.equal('decided');
    const verslag = svc.service.ctx.store.db.prepare(`SELECT count(*) AS n FROM messages WHERE kind = 'verslag'`).get();
    expect(verslag).to.deep.equal({ n: 1 });

    // The klager appeals with new information, replying to the ruling.
    const [rulingToKlager] = await waitForInbox(stack, 'klager', (m) => m.subject.includes('Uitspraak'));
    const appealId = `appeal-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: `Re: ${rulingToKlager!.subject}`, messageId: appealId, inReplyTo: rulingToKlager!.messageId!.replace(/^<|>$/g, ''), text: 'Nieuwe informatie: een getuige.' }));
    await waitForInbox(stack, 'klager', (m) => m.inReplyTo === appealId && m.subject.includes('beroep'));
    expect(stateOf(svc, n)).to.equal('appealed');

    const c4 = await commissionerSays(`[${n}] #beroep ontvankelijk`);
    await receiptFor(c4);
    await waitForInbox(stack, 'klager', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Beslissing op het beroep'));
    expect(stateOf(svc, n)).to.equal('appeal-decided');

    const c5 = await commissionerSays(`[${n}] #sluit`);
    await receiptFor(c5);
    expect(stateOf(svc, n)).to.equal('closed');
    await eventually(() => (svc!.service.ctx.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status NOT IN ('sent', 'cancelled')`).get() as { n: number }).n === 0, 'every letter sent');

    // Exactly the letters each party should have, and nobody else's.
    const expectLetters = async (user: string, patterns: RegExp[]) => {
      const got = (await lettersOf(user, n)).map((m) => m.subject.replace(`[${n}] `, ''));
      expect(got, `${user}: ${got.join(' | ')}`).to.have.length(patterns.length);
      for (const p of patterns) expect(got.filter((s) => p.test(s)), `${user} ${p}`).to.have.length(1);
    };
    await expectLetters('klager', [/^Ontvangstbevestiging van uw klacht$/, /^Uitnodiging voor de hoorzitting/, /^Uitspraak op de klacht: gegrond$/,
      /^Ontvangstbevestiging van uw beroep$/, /^Beslissing op het beroep: ontvankelijk$/, /gesloten/i]);
    await expectLetters('beklaagde', [/schriftelijke reactie/, /^Uitnodiging voor de hoorzitting/, /^Uitspraak op de klacht: gegrond$/,
      /^Beslissing op het beroep: ontvankelijk$/, /gesloten/i]);
    await expectLetters('eigenaar', [/^Uitspraak op de klacht: gegrond$/]);
    await expectLetters('deskundige', []);
    // Letters to the parties never quote the commissioner's internal notices.
    for (const user of ['klager', 'beklaagde', 'eigenaar']) {
      for (const m of await lettersOf(user, n)) expect(m.subject).not.to.match(/Nieuwe klacht|Uitgevoerd|Nieuwe post/);
    }
  });

  it('a second walk: #verleng moves the terms, #ingetrokken stops them, and a late appeal gets the "term has passed" letter', async () => {
    if (svc) {
      await svc.stop();
      removeDir(svc.dataDir);
    }
    const clock = fixedClock(new Date());
    svc = await shared.start({ service: { clock } });
    const store = svc.service.ctx.store;

    // Case A: extended, then withdrawn.
    const a = `walk2a-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Klacht A', messageId: a }));
    const [ackA] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === a);
    const nA = /\[(KL-\d{4}-\d{4})\]/.exec(ackA!.subject)![1]!;
    const before = store.cases.deadline(store.cases.byNumber(nA)!.id, 'handle')!.due_date;
    const v = await commissionerSays(`[${nA}] #verleng 5 ziekte`);
    const receipt = await receiptFor(v);
    const after = store.cases.deadline(store.cases.byNumber(nA)!.id, 'handle')!.due_date;
    // The receipt names each moved term and both dates, as the letters do (not the code names).
    expect((await simpleParser(receipt.raw)).text).to.include(`afhandeling van de klacht (art. 12): ${formatLocalDate(before, 'nl')} → ${formatLocalDate(after, 'nl')}`);
    expect(svc.service.ctx.calendar.workingDaysBetween(before, after)).to.equal(5);
    const w = await commissionerSays(`[${nA}] #ingetrokken`);
    await receiptFor(w);
    expect(stateOf(svc, nA)).to.equal('withdrawn');
    expect(store.cases.deadlines(store.cases.byNumber(nA)!.id).filter((d) => d.status === 'open')).to.have.length(0);

    // Case B (another klager address would be a new party; the same klager has no open case now).
    const b = `walk2b-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Klacht B', messageId: b }));
    const [ackB] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === b);
    const nB = /\[(KL-\d{4}-\d{4})\]/.exec(ackB!.subject)![1]!;
    await receiptFor(await commissionerSays(`[${nB}] #beklaagde Piet Pieters <beklaagde@example.test>`));
    await receiptFor(await commissionerSays(`[${nB}] #uitspraak ongegrond`, 'Geen onheuse bejegening vastgesteld.'));
    expect(stateOf(svc, nB)).to.equal('decided');

    // 30 working days later the appeal window (20 wd) has passed.
    clock.set(new Date(Date.now() + 45 * 24 * 3600 * 1000));
    const late = `late-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: `Re: [${nB}] Uitspraak op de klacht: ongegrond`, messageId: late, text: 'Ik ga in beroep.' }));
    const [outOfTerm] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === late);
    expect(outOfTerm!.subject).to.include('na de beroepstermijn');
    expect(stateOf(svc, nB)).to.equal('decided');
  });
});
