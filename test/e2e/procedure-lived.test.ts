/**
 * The procedure as its people live it (issue 13), end to end on the real stack: every party
 * reads its own IMAP inbox. The whole walk with the appeal and the ruling on appeal; an appeal
 * from a klager who has already written five times; a second complaint from the same address,
 * acknowledged and split off; #uitspraak before the planned hearing; #geen-klacht with #sluit.
 * Time is a fixed clock moved by the test, so that a hearing can lie in the past; no sleeps.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { Stack } from '../../tools/devstack/stack.js';
import { addDays, localDateOf } from '../../src/domain/calendar.js';
import { fixedClock } from '../../src/domain/clock.js';
import { formatLocalDate } from '../../src/domain/text-format.js';
import {
  COMMISSIONER, deliverToMailbox, eml, eventually, listMailbox, removeDir, startTestService, startTestStack, waitForInbox,
  type TestService,
} from '../support/harness.js';

const DAY = 24 * 3600 * 1000;
const bare = (id: string | null | undefined) => (id ?? '').replace(/^<|>$/g, '');

describe('e2e: the procedure as its people live it', function () {
  this.timeout(180_000);
  let stack: Stack;
  let svc: TestService | null = null;
  let clock: ReturnType<typeof fixedClock>;

  before(async () => {
    stack = await startTestStack();
  });
  // Each test has its own service and store on the one stack; its own case prefix keeps one
  // test's KL-…-0001 apart from the last one's in the same inboxes.
  let prefix = 0;
  beforeEach(async () => {
    clock = fixedClock(new Date());
    svc = await startTestService(stack, { service: { clock }, overrides: { CASE_PREFIX: `T${String.fromCharCode(65 + prefix++)}` } });
  });
  afterEach(async () => {
    if (svc) {
      await svc.stop();
      removeDir(svc.dataDir);
      svc = null;
    }
  });
  after(async () => {
    await stack?.stop();
  });

  const store = () => svc!.service.ctx.store;
  const stateOf = (n: string) => store().cases.byNumber(n)!.state;
  /** The letter's plain text with its line breaks as spaces: sentences are wrapped where they fall. */
  const textOf = async (m: { raw: Buffer }) => ((await simpleParser(m.raw)).text ?? '').replace(/\s+/g, ' ');
  const caseIn = (subject: string) => /\[([A-Z]+-\d{4}-\d{4})\]/.exec(subject)![1]!;
  const settled = () => eventually(() => (store().db.prepare(`SELECT count(*) AS n FROM outbox WHERE status NOT IN ('sent', 'cancelled')`).get() as { n: number }).n === 0, 'every letter sent');
  /** Subjects of one case's letters in a user's inbox, without the tag. */
  const subjectsOf = async (user: string, n: string) => (await listMailbox(stack, user, 'INBOX')).filter((m) => m.subject.includes(`[${n}]`)).map((m) => m.subject.replace(`[${n}] `, ''));

  async function complaint(o: Parameters<typeof eml>[0] = {}) {
    const messageId = `c-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ ...o, messageId }));
    const user = (o.from ?? 'klager@example.test').split('@')[0]!;
    const [ack] = await waitForInbox(stack, user, (m) => m.inReplyTo === messageId && m.subject.includes('Ontvangstbevestiging'));
    return { n: caseIn(ack!.subject), ack: ack!, messageId };
  }

  /** The commissioner writes; returns her receipt (the reply to her mail). */
  async function commissionerSays(subject: string, body = '', inReplyTo?: string) {
    const messageId = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text: body, messageId, inReplyTo }));
    const [r] = await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === messageId);
    return { subject: r!.subject, text: await textOf(r!) };
  }

  async function partySays(from: string, subject: string, text: string, inReplyTo?: string, attachment?: NonNullable<Parameters<typeof eml>[0]>['attachment']) {
    const messageId = `p-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ from, fromName: from.startsWith('beklaagde') ? 'Piet Pieters' : 'Jan Jansen', subject, text, messageId, inReplyTo, attachment }));
    return messageId;
  }

  it('the whole walk: complaint → presented → response → hearing → ruling → appeal admitted → ruling on appeal → closed, each party told in its own words', async () => {
    const evidence = Buffer.from('%PDF-1.4 bewijs\n', 'utf8');
    const { n, ack } = await complaint({ subject: 'Onheuse bejegening', text: 'Ik werd op 12 november onheus bejegend.', attachment: { filename: 'bewijs.pdf', contentType: 'application/pdf', content: evidence } });
    const ackText = await textOf(ack);
    expect(ackText).to.include('bewijs.pdf').and.include('Volgende stap:').and.include('afhandeling van de klacht (art. 12)');
    expect(ackText).not.to.match(/Termijn: +ontvangstbevestiging/);
    expect((await simpleParser(ack.raw)).text).to.match(/^Volgende stap: +ik leg uw klacht uiterlijk .+ voor aan de beklaagde \(art\. 6\)$/m);
    // The commissioner's notice carries the complaint's file itself.
    const [notice] = await waitForInbox(stack, 'commissaris', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Nieuwe klacht'));
    expect((await simpleParser(notice!.raw)).attachments.map((a) => a.filename)).to.include('bewijs.pdf');
    expect(await textOf(notice!)).not.to.match(/Antwoorden op deze e-mail komen|Uw antwoord op deze e-mail komt/);

    await commissionerSays(`Re: ${notice!.subject}`, '#beklaagde Piet Pieters <beklaagde@example.test>', bare(notice!.messageId));
    const [request] = await waitForInbox(stack, 'beklaagde', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('schriftelijke reactie'));
    await waitForInbox(stack, 'klager', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('voorgelegd aan de beklaagde'));

    const responseId = await partySays('beklaagde@example.test', 'Re: reactie', 'Ik herken mij niet in de klacht.', bare(request!.messageId));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === responseId);
    await waitForInbox(stack, 'beklaagde', (m) => m.inReplyTo === responseId && m.subject.includes('Ontvangstbevestiging van uw schriftelijke reactie'));

    const hearingDate = addDays(localDateOf(clock.now(), 'Europe/Amsterdam'), 14);
    const hearingReceipt = await commissionerSays(`[${n}] #hoorzitting ${hearingDate} 14:30 samen Praktijk LUX`);
    // Her receipt writes the date as the letters do, and says where.
    expect(hearingReceipt.text).to.include(`op ${formatLocalDate(hearingDate, 'nl')} om 14:30`).and.include('plaats: Praktijk LUX').and.not.include(`op ${hearingDate}`);
    for (const user of ['klager', 'beklaagde']) {
      const [inv] = await waitForInbox(stack, user, (m) => m.subject.includes(`[${n}]`) && m.subject.includes('hoorzitting'));
      const ics = (await simpleParser(inv!.raw)).attachments.find((a) => a.filename === 'hoorzitting.ics')!;
      expect(ics.content.toString('utf8')).to.match(/METHOD:PUBLISH/).and.not.match(/METHOD:REQUEST/);
    }

    // The day after the hearing: the ruling, written in the subject AND on the first body line, is one command.
    clock.set(new Date(clock.now().getTime() + 15 * DAY));
    const r1 = await commissionerSays(`[${n}] #uitspraak gegrond`, '#uitspraak gegrond\r\nDe bejegening was niet in orde.');
    expect(r1.subject, r1.text).to.match(/Uitgevoerd/);
    const ruling = async (user: string) => {
      const [m] = await waitForInbox(stack, user, (x) => x.subject.includes(`[${n}]`) && x.subject.includes('Uitspraak op de klacht'));
      return { m: m!, text: await textOf(m!) };
    };
    const toKlager = await ruling('klager');
    expect(toKlager.text).to.include('uw klacht').and.include('in beroep gaan door op deze e-mail te antwoorden').and.include('Datum verslag:');
    const toBeklaagde = await ruling('beklaagde');
    expect(toBeklaagde.text).to.include('de klacht over u').and.not.include('door op deze e-mail te antwoorden');
    const toOwner = await ruling('eigenaar');
    expect(toOwner.text).to.include('Beste eigenaar').and.include('art. 9').and.not.include('door op deze e-mail te antwoorden');
    const copy = await ruling('commissaris');
    expect(copy.text).to.include('Kopie voor de klachtencommissaris').and.include('De bejegening was niet in orde.');

    // The appeal, with new information, as a reply to her ruling.
    const appealId = await partySays('klager@example.test', `Re: ${toKlager.m.subject}`, 'Nieuwe informatie: een getuige zag het ook.', bare(toKlager.m.messageId),
      { filename: 'getuige.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 getuige\n') });
    const [appealAck] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === appealId);
    expect(await textOf(appealAck!)).to.include('getuige.pdf').and.include('nieuwe, aanvullende informatie');
    const [appealNotice] = await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === appealId);
    expect((await simpleParser(appealNotice!.raw)).attachments.map((a) => a.filename)).to.include('getuige.pdf');
    expect(stateOf(n)).to.equal('appealed');

    const r2 = await commissionerSays(`[${n}] #beroep ontvankelijk`);
    expect(r2.subject, r2.text).to.match(/Uitgevoerd/);
    expect(stateOf(n)).to.equal('appeal-admitted');
    const term = store().deadlines.currentOfKind(store().cases.byNumber(n)!.id, 'appeal-handle')!;
    expect(term.status).to.equal('open');
    expect(term.term_wd).to.equal(svc!.config.terms.appealHandleWd);
    for (const user of ['klager', 'beklaagde']) {
      const [d] = await waitForInbox(stack, user, (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Beslissing op het beroep: ontvankelijk'));
      expect(await textOf(d!)).to.include('nieuwe uitspraak');
    }
    // The owner is carrying out the first ruling (art. 9): she is told, in her own address, that it stands until the new one.
    const [toOwnerOnAppeal] = await waitForInbox(stack, 'eigenaar', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Beslissing op het beroep: ontvankelijk'));
    expect(await textOf(toOwnerOnAppeal!)).to.include('Beste eigenaar van').and.include('blijft staan tot de nieuwe uitspraak').and.include('art. 9')
      .and.not.include('door op deze e-mail te antwoorden');
    expect(r2.text).to.include('de eigenaar geïnformeerd');

    const r3 = await commissionerSays(`[${n}] #uitspraak deels-gegrond`, 'Met de verklaring van de getuige is de klacht deels gegrond.');
    expect(r3.subject, r3.text).to.match(/Uitgevoerd/);
    expect(stateOf(n)).to.equal('appeal-decided');
    expect(store().deadlines.currentOfKind(store().cases.byNumber(n)!.id, 'appeal-handle')!.status).to.equal('met');
    const [onAppeal] = await waitForInbox(stack, 'klager', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Uitspraak in beroep'));
    const onAppealText = await textOf(onAppeal!);
    expect(onAppealText).to.include('VERSLAG VAN DE BEHANDELING VAN HET BEROEP (art. 13)').and.include('geen nieuw beroep open');
    expect(store().db.prepare(`SELECT count(*) AS n FROM messages WHERE kind = 'verslag'`).get()).to.deep.equal({ n: 2 });

    const r4 = await commissionerSays(`[${n}] #sluit De zaak is afgehandeld met de uitspraak in beroep.`);
    expect(r4.text).to.include('Klager en beklaagde kregen een brief met uw reden');
    expect(stateOf(n)).to.equal('closed');
    await settled();

    const klager = await subjectsOf('klager', n);
    expect(klager, klager.join(' | ')).to.have.length(8);
    for (const p of [/^Ontvangstbevestiging van uw klacht$/, /voorgelegd aan de beklaagde/, /^Uitnodiging voor de hoorzitting/, /^Uitspraak op de klacht: gegrond$/,
      /^Ontvangstbevestiging van uw beroep$/, /^Beslissing op het beroep: ontvankelijk$/, /^Uitspraak in beroep: deels gegrond$/, /gesloten/]) {
      expect(klager.filter((s) => p.test(s)), `klager ${p}`).to.have.length.greaterThan(0);
    }
    const beklaagde = await subjectsOf('beklaagde', n);
    expect(beklaagde, beklaagde.join(' | ')).to.have.length(7);
    expect(beklaagde.filter((s) => /beroep: ontvankelijk|Uitspraak in beroep|schriftelijke reactie|gesloten/.test(s))).to.have.length(5);
    expect(await subjectsOf('eigenaar', n)).to.deep.equal(['Uitspraak op de klacht: gegrond', 'Beslissing op het beroep: ontvankelijk', 'Uitspraak in beroep: deels gegrond']);
    expect(await subjectsOf('deskundige', n)).to.deep.equal([]);
  });

  it('an appeal from a klager who has already mailed five times is acknowledged and reaches the commissioner (the flood limit counts only new cases)', async () => {
    const { n, ack } = await complaint({ subject: 'Klacht over de rekening' });
    for (let i = 0; i < 5; i++) {
      const id = await partySays('klager@example.test', `Re: ${ack.subject}`, `Aanvulling ${i}: nog iets over de rekening.`, bare(ack.messageId));
      await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === id);
    }
    const r = await commissionerSays(`[${n}] #uitspraak ongegrond`, 'De rekening klopt.');
    expect(r.subject, r.text).to.match(/Uitgevoerd/);
    const [ruling] = await waitForInbox(stack, 'klager', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Uitspraak'));
    const appealId = await partySays('klager@example.test', `Re: ${ruling!.subject}`, 'Ik ga in beroep: hier is de bankafschrift van 3 november.', bare(ruling!.messageId));
    await waitForInbox(stack, 'klager', (m) => m.inReplyTo === appealId && m.subject.includes('beroep'));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === appealId);
    expect(stateOf(n)).to.equal('appealed');
    await settled();
    expect(store().db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'cancelled'`).get()).to.deep.equal({ n: 0 });
    expect((await listMailbox(stack, 'commissaris', 'INBOX')).filter((m) => m.subject.startsWith('Veel post'))).to.have.length(0);
  });

  it('a second complaint from the same address is acknowledged as added to the case, and #splits makes it a case of its own with its date of receipt', async () => {
    const { n } = await complaint({ subject: 'Klacht over de behandeling' });
    const receivedOn = localDateOf(new Date(), 'Europe/Amsterdam');
    const second = await partySays('klager@example.test', 'Iets heel anders: mijn dossier is kwijt', 'Een tweede klacht: mijn dossier is zoekgeraakt.');
    const [added] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === second);
    expect(added!.subject).to.equal(`[${n}] Uw e-mail is toegevoegd aan zaak ${n}`);
    const [notice] = await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === second);
    const noticeText = await textOf(notice!);
    expect(noticeText).to.include('het kan een nieuwe klacht zijn').and.not.match(/\b(new mail|complainant)\b/);
    const split = /#splits \d+/.exec(noticeText)![0];

    // Three days later she splits it: the new case keeps the day the mail arrived.
    clock.set(new Date(clock.now().getTime() + 3 * DAY));
    const r = await commissionerSays(`Re: ${notice!.subject}`, split, bare(notice!.messageId));
    expect(r.subject, r.text).to.match(/Uitgevoerd/);
    const [ack2] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === second && m.subject.includes('Ontvangstbevestiging van uw klacht'));
    const n2 = caseIn(ack2!.subject);
    expect(n2).not.to.equal(n);
    expect(store().cases.byNumber(n2)!.received_date).to.equal(receivedOn);
    expect(store().messages.complaintOf(store().cases.byNumber(n2)!.id)!.message_id).to.equal(second);
    expect(await textOf(ack2!)).to.include('Iets heel anders: mijn dossier is kwijt');
  });

  it('#uitspraak before the planned hearing is refused in her words, and goes out with "zonder-hoorzitting", telling the parties the hearing lapses', async () => {
    const { n } = await complaint({ subject: 'Klacht over de wachttijd' });
    const early = await commissionerSays(`[${n}] #hoorzitting ${addDays(localDateOf(clock.now(), 'Europe/Amsterdam'), 2)} 10:00 samen`);
    expect(early.text).to.include('wijs eerst de beklaagde aan').and.include('Zo schrijft u het: #beklaagde');
    // The form was right, only the case was not ready: no "send it again in the right form".
    expect(early.text).not.to.include('Stuur de opdracht opnieuw');
    await commissionerSays(`[${n}] #beklaagde Piet Pieters <beklaagde@example.test>`);
    const hearingDate = addDays(localDateOf(clock.now(), 'Europe/Amsterdam'), 7);
    await commissionerSays(`[${n}] #hoorzitting ${hearingDate} 10:00 apart`);

    const refused = await commissionerSays(`[${n}] #uitspraak gegrond`, 'De wachttijd was te lang.');
    expect(refused.subject).to.match(/Niet uitgevoerd/);
    expect(refused.text).to.include('hoorzitting gepland op').and.include('art. 7').and.include('zonder-hoorzitting').and.include('NIETS');
    expect(stateOf(n)).to.equal('hearing');

    // A refusal for the state says the state as the letters name it and the commands possible now.
    const wrong = await commissionerSays(`[${n}] #beroep ontvankelijk`);
    expect(wrong.text).to.include('staat op "hoorzitting gepland"; daarin kan #beroep niet').and.include('#uitspraak').and.include('#ingetrokken');
    expect(wrong.text).not.to.match(/'hearing'|decide-appeal|Stuur de opdracht opnieuw/);

    const ok = await commissionerSays(`[${n}] #uitspraak gegrond zonder-hoorzitting`, 'Beide partijen zien af van de hoorzitting. De wachttijd was te lang.');
    expect(ok.subject, ok.text).to.match(/Uitgevoerd/);
    for (const user of ['klager', 'beklaagde']) {
      const [ruling] = await waitForInbox(stack, user, (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Uitspraak'));
      const t = await textOf(ruling!); expect(t, t).to.include('gaat niet door');
      // …and the report with it does not read as if the hearing was held.
      expect(t, t).to.include('ging niet door: beide partijen zagen ervan af');
    }
    expect(stateOf(n)).to.equal('decided');

    // The waived hearing is behind the ruling: after an admitted appeal it does not block the
    // ruling on appeal, nor is its lapse announced a second time.
    const [first] = await waitForInbox(stack, 'klager', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Uitspraak op de klacht'));
    await partySays('klager@example.test', `Re: [${n}] Uitspraak`, 'Ik ga in beroep: hier is de brief van de praktijk die ik nog niet had gestuurd.', first!.messageId ?? undefined);
    await waitForInbox(stack, 'klager', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Ontvangstbevestiging van uw beroep'));
    await commissionerSays(`[${n}] #beroep ontvankelijk`);
    const onAppeal = await commissionerSays(`[${n}] #uitspraak deels-gegrond`, 'De brief toont dat de praktijk de wachttijd had aangekondigd.');
    expect(onAppeal.subject, onAppeal.text).to.match(/Uitgevoerd/);
    expect(stateOf(n)).to.equal('appeal-decided');
    const [second] = await waitForInbox(stack, 'klager', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Uitspraak in beroep'));
    expect(await textOf(second!)).not.to.include('gaat niet door: beide partijen');
  });

  it('#geen-klacht with #sluit: the receipt says which letter went, and the klager is told why in her words or not at all', async () => {
    const { n } = await complaint({ subject: 'Aanbieding zonnepanelen' });
    const r = await commissionerSays(`[${n}] #geen-klacht reclame`, '#sluit Uw e-mail is een aanbieding en geen klacht over de praktijk.');
    expect(r.subject, r.text).to.match(/Uitgevoerd/);
    expect(r.text).to.include('daarover is geen brief verstuurd').and.include('kreeg een brief met uw reden');
    const [closed] = await waitForInbox(stack, 'klager', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('gesloten'));
    const ct = await textOf(closed!); expect(ct, ct).to.include('Uw e-mail is een aanbieding en geen klacht over de praktijk.');
    expect(stateOf(n)).to.equal('closed');

    // Without a reason: nothing beyond the acknowledgement reaches the sender, and the receipt says so.
    const other = await complaint({ from: 'klager2@example.test', subject: 'Nieuwsbrief' });
    const r2 = await commissionerSays(`[${other.n}] #geen-klacht`, '#sluit');
    expect(r2.text).to.include('Er is geen brief aan de partijen verstuurd, omdat u geen reden opgaf');
    await settled();
    expect(await subjectsOf('klager2', other.n)).to.deep.equal(['Ontvangstbevestiging van uw klacht']);

    // The same command again on a closed case: the state in her words, and nothing to do.
    const again = await commissionerSays(`[${n}] #sluit`);
    expect(again.text).to.include('staat op "gesloten"; daarin kan #sluit niet');
  });
});
