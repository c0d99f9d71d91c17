/**
 * Issue 16, on the real stack: which practice a complaint is for. One desk serves two practices
 * with different procedures, built here as config.practices (zorg first, on the Wkkgz procedure;
 * lux with a 7-working-day acknowledgement term, so that a recount on its procedure shows). A
 * complaint to a plus-address or into a practice's intake folder opens that practice's case; one
 * that tells nothing is held, the commissioner asked, and `#praktijk` assigns it. Letters are
 * read as they left, from the SMTP sink; the clock is fixed, receipt dates are set by APPEND.
 */
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Stack } from '../../tools/devstack/stack.js';
import { addDays, localDateOf } from '../../src/domain/calendar.js';
import { fixedClock } from '../../src/domain/clock.js';
import type { Practice, PracticeSet } from '../../src/domain/practice.js';
import { LUX, WKKGZ } from '../../src/domain/procedure.js';
import { formatLocalDate } from '../../src/domain/text-format.js';
import { startService, type Service } from '../../src/main.js';
import { casesToAssign } from '../../src/use-cases/held-case.js';
import { writeDigest } from '../../src/use-cases/send-digest.js';
import type { SinkMessage } from '../../tools/devstack/smtp-sink.js';
import {
  COMMISSIONER, DEMO_DOMAIN, MAILBOX, eml, eventually, imapOf, listMailbox, loginOf, passwordOf, removeDir, startTestStack, testConfig,
} from '../support/harness.js';

const DAY = 24 * 3600 * 1000;
const OWNER_LUX = `eigenaar@${DEMO_DOMAIN}`;

function practices(): PracticeSet {
  const base = { ownerName: undefined, templatesDir: undefined, language: 'nl' as const };
  const zorg: Practice = {
    ...base, id: 'zorg', name: 'Zorgpraktijk De Linde', ownerEmails: ['directie@delinde.test'], casePrefix: 'ZRG', procedure: WKKGZ,
    recognise: { addresses: ['klachten@delinde.test'], plusTags: ['zorg'], folders: ['Klachten/Zorg'] },
  };
  const lux: Practice = {
    ...base, id: 'lux', name: 'Praktijk LUX', ownerEmails: [OWNER_LUX], casePrefix: 'LUX',
    procedure: { ...LUX, terms: { ...LUX.terms, ack: { length: 7, unit: 'working-days' } } },
    recognise: { addresses: [], plusTags: ['lux'], folders: [] },
  };
  return { practices: [zorg, lux], holdPrefix: 'KLH', single: false };
}

describe('e2e: one desk, two practices: which practice a complaint is for (issue 16)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let service: Service | null = null;
  let dataDir = '';
  const clock = fixedClock(new Date());

  before(async () => {
    stack = await startTestStack();
  });
  /** The desk on this file's mailbox (or, with `user`, on hers), serving the two practices. */
  let user = 'klachten';
  async function start(o: { user?: string; overrides?: Record<string, string>; set?: PracticeSet } = {}): Promise<void> {
    clock.set(new Date());
    dataDir = mkdtempSync(join(tmpdir(), 'cd-data-'));
    const config = testConfig(stack, dataDir, { COMMAND_AUTH: 'none', ACK_MODE: 'auto', ...o.overrides });
    service = await startService({ ...config, practices: o.set ?? practices() }, { clock });
    user = o.user ?? 'klachten';
  }
  afterEach(async () => {
    await service?.stop();
    service = null;
    removeDir(dataDir);
  });
  after(async () => {
    await stack?.stop();
  });

  const ctx = () => service!.ctx;
  const today = () => localDateOf(clock.now(), ctx().config.timeZone);
  const textOf = async (m: SinkMessage) => ((await simpleParser(m.raw)).text ?? '').replace(/\s+/g, ' ');
  const letterTo = async (to: string, pred: (m: SinkMessage) => boolean) =>
    (await stack.smtp.waitFor((m) => m.envelopeTo.includes(to) && pred(m), 1, 30_000))[0]!;
  const settled = () => eventually(() => (ctx().store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status NOT IN ('sent', 'cancelled')`).get() as { n: number }).n === 0, 'every letter sent');

  /** Put a mail into the desk's mailbox (`folder`) with `receivedAt` as its INTERNALDATE, the legal date of receipt. */
  async function deliver(raw: string, folder = 'INBOX', receivedAt = clock.now()): Promise<void> {
    const c = new ImapFlow({ ...imapOf(stack), secure: false, doSTARTTLS: false, auth: { user: loginOf(stack, user), pass: passwordOf(user) }, logger: false });
    c.on('error', () => undefined);
    await c.connect();
    try {
      await c.append(folder, raw, [], receivedAt);
    } finally {
      await c.logout().catch(() => c.close());
    }
  }
  async function folders(): Promise<string[]> {
    const c = new ImapFlow({ ...imapOf(stack), secure: false, doSTARTTLS: false, auth: { user: loginOf(stack, user), pass: passwordOf(user) }, logger: false });
    c.on('error', () => undefined);
    await c.connect();
    try {
      return (await c.list()).map((m) => m.path);
    } finally {
      await c.logout().catch(() => c.close());
    }
  }

  /** The commissioner writes to the desk; returns the text of her receipt. */
  async function commissionerSays(subject: string, body: string, inReplyTo?: string): Promise<string> {
    const messageId = `cmd-${randomUUID()}@praktijk.test`;
    await deliver(eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text: body, messageId, inReplyTo }));
    return textOf(await letterTo(COMMISSIONER, (m) => m.raw.toString().includes(`In-Reply-To: <${messageId}>`)));
  }

  it('when a complaint tells no practice, then it is held: no letter to the klager, she is asked with the days left, her digest asks again, and #praktijk lux gives it LUX\'s number with its term from receipt', async () => {
    await start();
    const klager = `held-${randomUUID().slice(0, 8)}@example.test`;
    const receivedAt = new Date(clock.now().getTime() - 4 * DAY);
    const complaintId = `c-${randomUUID()}@example.test`;
    await deliver(eml({ from: klager, to: `info@elders.test`, subject: 'Klacht over mijn behandeling', messageId: complaintId }), 'INBOX', receivedAt);

    const question = await letterTo(COMMISSIONER, (m) => m.subject.includes('Voor welke praktijk?'));
    const held = /\[(KLH-\d{4}-\d{4})\]/.exec(question.subject)![1]!;
    const { store, calendar, config } = ctx();
    const c = store.cases.byNumber(held)!;
    const receivedDate = localDateOf(receivedAt, config.timeZone);
    expect(c).to.include({ practice_id: null, state: 'received', received_date: receivedDate });
    // Held on the first practice's procedure (zorg: 10 working days from receipt) until assigned.
    const heldDue = calendar.addWorkingDays(receivedDate, 10);
    const left = calendar.workingDaysBetween(today(), heldDue);
    const qText = await textOf(question);
    expect(qText).to.include(`nog ${left} werkdag`).and.include(formatLocalDate(heldDue, 'nl'));
    expect(qText).to.include('#praktijk zorg').and.include('Praktijk LUX').and.include('Zorgpraktijk De Linde');
    expect(qText).to.include(klager).and.include('Klacht over mijn behandeling').and.include('info@elders.test');
    await settled();
    expect(store.outbox.byCase(c.id).map((l) => l.template)).to.deep.equal(['practice-question']);
    expect(stack.smtp.messages.filter((m) => m.envelopeTo.includes(klager))).to.deep.equal([]);

    // The klager writes again before she has chosen: filed in the held case, and still nothing to him.
    const moreId = `more-${randomUUID()}@example.test`;
    await deliver(eml({ from: klager, subject: 'Nog iets over mijn klacht', text: 'Ik vergat te zeggen dat het op dinsdag was.', messageId: moreId }));
    await eventually(() => store.messages.inboundByMessageId(moreId)?.case_id === c.id, 'the second mail filed in the held case');
    await settled();
    expect(stack.smtp.messages.filter((m) => m.envelopeTo.includes(klager))).to.deep.equal([]);

    // Her digest repeats the question, with the days left.
    const digestDay = calendar.isWorkingDay(today()) ? today() : calendar.addWorkingDays(today(), 1);
    expect(writeDigest(ctx(), digestDay)).to.equal('sent');
    ctx().outboxChanged();
    const digest = await letterTo(COMMISSIONER, (m) => m.subject.startsWith(`Termijnen ${formatLocalDate(digestDay, 'nl')}`));
    const dText = await textOf(digest);
    expect(dText).to.include('NOG TOE TE WIJZEN').and.include(`${held} (Jan Jansen): ontvangen ${formatLocalDate(receivedDate, 'nl')}`);
    expect(dText).to.include(`nog ${calendar.workingDaysBetween(digestDay, heldDue)} werkdag`).and.include('#praktijk ID').and.include('lux (Praktijk LUX)');

    // An unknown id is refused with the valid ones; nothing changes.
    const wrong = await commissionerSays(`Re: ${question.subject}`, '#praktijk luxx', question.messageId.replace(/^<|>$/g, ''));
    expect(wrong).to.include('luxx is geen praktijk van deze klachtenbalie; kies uit: zorg (Zorgpraktijk De Linde), lux (Praktijk LUX)');
    expect(store.cases.get(c.id)!.number).to.equal(held);

    const receipt = await commissionerSays(`Re: ${question.subject}`, '#praktijk lux', question.messageId.replace(/^<|>$/g, ''));
    const number = store.cases.get(c.id)!.number;
    expect(number).to.match(/^LUX-\d{4}-0001$/).and.equal(`LUX-${receivedDate.slice(0, 4)}-0001`);
    expect(receipt).to.include(`zaak ${held} hoort bij Praktijk LUX en is nu zaak ${number}`);
    const ack = await letterTo(klager, (m) => m.subject.includes(`[${number}]`) && m.subject.includes('Ontvangstbevestiging'));
    expect(ack.raw.toString()).to.include(`In-Reply-To: <${complaintId}>`);
    expect(await textOf(ack)).to.include(formatLocalDate(receivedDate, 'nl')).and.include('Praktijk LUX').and.not.include(held);
    await letterTo(COMMISSIONER, (m) => m.subject.includes(`[${number}]`) && m.subject.includes('Nieuwe klacht'));
    // The acknowledgement term counted from receipt on lux's own procedure (7 working days), not from today.
    const ackRow = store.deadlines.ofCase(c.id).filter((d) => d.kind === 'ack').at(-1)!;
    expect(ackRow).to.include({ start_date: receivedDate, due_date: calendar.addWorkingDays(receivedDate, 7), status: 'met' });
    expect(store.cases.get(c.id)).to.include({ practice_id: 'lux', state: 'acknowledged' });
    expect(store.cases.events(c.id).some((e) => e.type === 'practice-assigned' && JSON.parse(e.data).to === number)).to.equal(true);

    // A reply to the held number still reaches the case.
    const lateId = `late-${randomUUID()}@example.test`;
    await deliver(eml({ from: klager, subject: `Re: [${held}] Klacht over mijn behandeling`, text: 'Nog een aanvulling.', messageId: lateId }));
    await eventually(() => store.messages.inboundByMessageId(lateId)?.case_id === c.id, 'the reply filed in the case');

    // #praktijk on an assigned case is refused, and changes nothing.
    const again = await commissionerSays(`[${number}] #praktijk zorg`, '');
    expect(again).to.include(`zaak ${number} hoort al bij Praktijk LUX (lux)`);
    expect(store.cases.get(c.id)).to.include({ number, practice_id: 'lux' });
    // The digest no longer asks.
    expect(casesToAssign(ctx(), today())).to.deep.equal([]);
  });

  it('when she forwards a complaint with #nieuw and #praktijk zorg in one mail, then it opens as zorg\'s at once and the question is never sent', async () => {
    await start();
    const klager = `fwd-${randomUUID().slice(0, 8)}@example.test`;
    const receipt = await commissionerSays('Fwd: Klacht per brief', `#nieuw Piet de Klager <${klager}>\r\n#praktijk zorg\r\n\r\n---------- Doorgestuurd bericht ----------\r\nIk ben niet goed behandeld.`);
    const number = /is nu zaak (ZRG-\d{4}-\d{4})/.exec(receipt)?.[1];
    expect(number, receipt).to.be.a('string');
    const ack = await letterTo(klager, (m) => m.subject.includes(`[${number}]`) && m.subject.includes('Ontvangstbevestiging'));
    expect(ack.raw.toString()).not.to.match(/^In-Reply-To:/m);
    await settled();
    const c = ctx().store.cases.byNumber(number!)!;
    expect(ctx().store.outbox.byCase(c.id).filter((l) => l.template === 'practice-question').map((l) => l.status)).to.deep.equal(['cancelled']);
    expect(stack.smtp.messages.some((m) => m.subject.includes('Voor welke praktijk?') && m.raw.toString().includes(klager))).to.equal(false);
  });

  it('when a complaint goes to lux\'s plus-address, then it opens LUX-… directly; one in zorg\'s intake folder opens ZRG-… with the Wkkgz handling term from receipt', async () => {
    await start();
    // The service created zorg's intake folder when it connected.
    await eventually(async () => (await folders()).includes('Klachten/Zorg'), 'the intake folder of zorg');
    const [plus, folder] = [`plus-${randomUUID().slice(0, 8)}@example.test`, `map-${randomUUID().slice(0, 8)}@example.test`];
    const plusAddress = MAILBOX.replace('@', '+lux@');
    await deliver(eml({ from: plus, to: plusAddress, subject: 'Klacht via plus-adres' }));
    const receivedAt = new Date(clock.now().getTime() - 2 * DAY);
    const folderId = `f-${randomUUID()}@example.test`;
    await deliver(eml({ from: folder, to: MAILBOX, subject: 'Klacht in de map', messageId: folderId }), 'Klachten/Zorg', receivedAt);

    const luxAck = await letterTo(plus, (m) => m.subject.includes('Ontvangstbevestiging'));
    const zorgAck = await letterTo(folder, (m) => m.subject.includes('Ontvangstbevestiging'));
    const luxNumber = /\[(LUX-\d{4}-\d{4})\]/.exec(luxAck.subject)?.[1];
    const zorgNumber = /\[(ZRG-\d{4}-\d{4})\]/.exec(zorgAck.subject)?.[1];
    expect(luxNumber, luxAck.subject).to.be.a('string');
    expect(zorgNumber, zorgAck.subject).to.be.a('string');
    const { store, calendar, config } = ctx();
    expect(store.cases.byNumber(luxNumber!)!.practice_id).to.equal('lux');
    const z = store.cases.byNumber(zorgNumber!)!;
    expect(z.practice_id).to.equal('zorg');
    const receivedDate = localDateOf(receivedAt, config.timeZone);
    const handle = store.deadlines.ofCase(z.id).find((d) => d.kind === 'handle')!;
    expect(handle).to.include({ start_date: receivedDate, term_unit: 'weeks', term_wd: 6 });
    expect(handle.due_date >= addDays(receivedDate, 42)).to.equal(true);
    // Taken out of the practice's folder into the processed one, as from the general intake.
    await eventually(async () => {
      const seen = await listFolder(stack, user, 'Klachten/Zorg');
      const done = await listFolder(stack, user, ctx().config.imap.processedMailbox);
      return seen.length === 0 && done.some((m) => m.messageId === folderId);
    }, 'the complaint moved from Klachten/Zorg to the processed folder');
    expect(stack.smtp.messages.some((m) => m.subject.includes('Voor welke praktijk?') && (m.subject.includes(luxNumber!) || m.subject.includes(zorgNumber!)))).to.equal(false);
  });

  it('when she drags a complaint into a practice\'s folder of her own mailbox, then it is that practice\'s case and leaves the folder', async () => {
    const set = practices();
    set.practices[1]!.recognise.folders = ['Klachten/LUX'];
    await start({
      user: 'commissaris', set,
      overrides: { MAILBOX_MODE: 'own', IMAP_USER: loginOf(stack, 'commissaris'), IMAP_PASSWORD: passwordOf('commissaris'), MAIL_FROM: `"M. Roozmond" <${COMMISSIONER}>`, COMMISSIONER_EMAILS: COMMISSIONER },
    });
    await eventually(async () => (await folders()).includes('Klachten/LUX'), 'the intake folder of lux in her mailbox');
    const klager = `eigen-${randomUUID().slice(0, 8)}@example.test`;
    const messageId = `own-${randomUUID()}@example.test`;
    const receivedAt = new Date(clock.now().getTime() - 3 * DAY);
    await deliver(eml({ from: klager, to: COMMISSIONER, subject: 'Klacht, in de map gesleept', messageId }), 'Klachten/LUX', receivedAt);
    const ack = await letterTo(klager, (m) => m.subject.includes('Ontvangstbevestiging'));
    const number = /\[(LUX-\d{4}-\d{4})\]/.exec(ack.subject)?.[1];
    expect(number, ack.subject).to.be.a('string');
    expect(ctx().store.cases.byNumber(number!)).to.include({ practice_id: 'lux', received_date: localDateOf(receivedAt, ctx().config.timeZone) });
    await eventually(async () => (await listFolder(stack, user, 'Klachten/LUX')).length === 0
      && (await listFolder(stack, user, ctx().config.imap.processedMailbox)).some((m) => m.messageId === messageId), 'the complaint moved to the processed folder');
  });
});

/** Message-IDs (without angle brackets) of what the desk's `folder` holds. */
async function listFolder(stack: Stack, user: string, folder: string): Promise<{ messageId: string }[]> {
  return (await listMailbox(stack, user, folder)).map((m) => ({ messageId: (m.messageId ?? '').replace(/^<|>$/g, '') }));
}
