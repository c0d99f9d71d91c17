/**
 * Issue 12: the service inside the commissioner's own mailbox (MAILBOX_MODE=own). Her personal
 * mail stays exactly as it was; complaints come from the intake folder with the date they reached
 * her mailbox; her commands are obeyed through Exchange's headers, her Sent folder, or DKIM with her
 * provider's signing domain, and refused (with an alert) on anything less.
 */
import { expect } from 'chai';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import type { Stack } from '../../tools/devstack/stack.js';
import { formatLocalDate } from '../../src/domain/text-format.js';
import { localDateOf } from '../../src/domain/calendar.js';
import { writeDigest } from '../../src/use-cases/send-digest.js';
import {
  COMMISSIONER, eml, eventually, imapOf, listMailbox, loginOf, passwordOf, removeDir, startTestService, useServiceStack, waitForInbox,
  type TestService,
} from '../support/harness.js';
import type { Clock } from '../../src/domain/clock.js';

type DkimSign = (message: string, opts: Record<string, unknown>) => Promise<{ signatures: string; errors: unknown[] }>;
const { dkimSign } = createRequire(import.meta.url)('mailauth/lib/dkim/sign') as { dkimSign: DkimSign };

/** Her provider signs with its own domain (as Microsoft 365 without a custom key does), never aligned with her From. */
const PROVIDER_DOMAIN = 'praktijk-test.onmicrosoft.com';
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });
const TXT = `v=DKIM1; k=rsa; p=${KEY.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`.match(/.{1,255}/g)!;
const resolver = async (name: string, rrtype: string) => {
  if (rrtype === 'TXT' && name.toLowerCase() === `sel._domainkey.${PROVIDER_DOMAIN}`) return [TXT];
  throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};
async function providerSigned(raw: string): Promise<string> {
  const { signatures, errors } = await dkimSign(raw, {
    signatureData: [{ signingDomain: PROVIDER_DOMAIN, selector: 'sel', privateKey: KEY.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }],
  });
  if (errors.length) throw new Error(`signing failed: ${JSON.stringify(errors)}`);
  return signatures + raw;
}

const TENANT = '3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';
const USER = 'commissaris';

/** A session on her mailbox, as her own mail program would be. */
async function asHer<T>(stack: Stack, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = new ImapFlow({ ...imapOf(stack), secure: false, doSTARTTLS: false, auth: { user: loginOf(stack, USER), pass: passwordOf(USER) }, logger: false });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.logout().catch(() => c.close());
  }
}
async function append(stack: Stack, folder: string, raw: string, date?: Date): Promise<number> {
  return asHer(stack, async (c) => {
    if (folder !== 'INBOX' && !(await c.list()).some((m) => m.path === folder)) await c.mailboxCreate(folder);
    const r = await c.append(folder, raw, [], date);
    if (!r || r.uid === undefined) throw new Error('APPEND gave no UID');
    return r.uid;
  });
}
/** UID, flags and folder of every message with this Message-ID, across her folders. */
async function whereIs(stack: Stack, messageId: string): Promise<{ folder: string; uid: number; flags: string[] }[]> {
  return asHer(stack, async (c) => {
    const out: { folder: string; uid: number; flags: string[] }[] = [];
    for (const box of await c.list()) {
      const lock = await c.getMailboxLock(box.path, { readOnly: true });
      try {
        const uids = (await c.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
        if (uids.length === 0) continue;
        for (const m of await c.fetchAll(uids.join(','), { uid: true, flags: true }, { uid: true })) {
          out.push({ folder: box.path, uid: m.uid, flags: [...(m.flags ?? [])].sort() });
        }
      } finally {
        lock.release();
      }
    }
    return out;
  });
}

describe('e2e: MAILBOX_MODE=own, the commissioner\'s own mailbox', function () {
  this.timeout(180_000);
  let stack: Stack;
  let svc: TestService;
  const ownMode = (extra: Record<string, string>) => ({
    MAILBOX_MODE: 'own', IMAP_USER: loginOf(stack, USER), IMAP_PASSWORD: passwordOf(USER),
    MAIL_FROM: `"M. Roozmond, klachtencommissaris" <${COMMISSIONER}>`, COMMISSIONER_EMAILS: COMMISSIONER, ...extra,
  });

  const shared = useServiceStack();
  before(() => void (stack = shared.stack));
  it('when the service has run, her personal mail is unchanged, a complaint dragged in on day 6 keeps its date, and our notice stays in her INBOX', async () => {
    const personalId = `personal-${randomUUID()}@client.test`;
    await append(stack, 'INBOX', eml({ from: 'client@client.test', fromName: 'Een cliënt', to: COMMISSIONER, subject: 'Kunnen we de afspraak verzetten?', text: 'Dinsdag lukt mij niet.', messageId: personalId }));
    const before = await whereIs(stack, personalId);
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000);
    const complaintId = `dragged-${randomUUID()}@example.test`;
    await append(stack, 'Klachten', eml({ to: COMMISSIONER, subject: 'Klacht over mijn behandeling', messageId: complaintId, date: sixDaysAgo }), sixDaysAgo);

    svc = await shared.start({ overrides: ownMode({ COMMAND_AUTH: 'none' }) });
    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === complaintId);
    const caseNumber = /\[(KL-\d{4}-\d{4})\]/.exec(ack!.subject)![1]!;
    const { store, calendar, config } = svc.service.ctx;
    const c = store.cases.byNumber(caseNumber)!;
    const receivedDate = localDateOf(sixDaysAgo, config.timeZone);
    expect(c.received_date).to.equal(receivedDate);
    expect(ack!.raw.toString()).to.include(formatLocalDate(receivedDate, 'nl'));
    const ackTerm = store.db.prepare(`SELECT due_date AS due FROM deadlines WHERE case_id = ? AND kind = 'ack'`).get(c.id) as { due: string };
    expect(ackTerm.due).to.equal(calendar.addWorkingDays(receivedDate, config.terms.ackWd));

    // Our notice to her arrives in her INBOX; the INBOX watcher sees it and leaves it there.
    const [notice] = await waitForInbox(stack, USER, (m) => m.subject.includes(caseNumber) && m.subject.includes('Nieuwe klacht'));
    await svc.service.inboxWatcher!.sweepNow();
    await eventually(() => (store.mailbox.checkpoint('INBOX')?.last_uid ?? 0) >= notice!.uid, 'the INBOX cursor past our notice');
    expect((await whereIs(stack, notice!.messageId)).map((w) => w.folder)).to.deep.equal(['INBOX']);
    expect(await whereIs(stack, personalId)).to.deep.equal(before);
    expect(before.map((w) => w.flags.includes('\\Seen'))).to.deep.equal([false]);
    expect(store.messages.inboundByMessageId(personalId)).to.equal(undefined);
    // The complaint itself moved from the intake folder to the processed one.
    expect((await whereIs(stack, `<${complaintId}>`)).map((w) => w.folder)).to.deep.equal(['Klachten/Verwerkt']);
    await svc.stop();
    removeDir(svc.dataDir);
  });

  it('when her INBOX holds a complaint look-alike and a personal mail, then the digest names only the look-alike, with how to take it in, and says so in its subject', async () => {
    const daysBack = (n: number) => new Date(Date.now() - n * 86_400_000);
    const lookalikeAt = daysBack(9);
    const personalAt = daysBack(11);
    const lookalikeId = `lookalike-${randomUUID()}@client.test`;
    const personalId = `personal-${randomUUID()}@client.test`;
    await append(stack, 'INBOX', eml({ from: 'boos@client.test', to: COMMISSIONER, subject: 'Klacht over Praktijk LUX', text: 'Ik wil een klacht indienen over mijn mediator.', messageId: lookalikeId, date: lookalikeAt }), lookalikeAt);
    await append(stack, 'INBOX', eml({ from: 'client@client.test', to: COMMISSIONER, subject: 'Afspraak volgende week', text: 'Zullen we donderdag afspreken?', messageId: personalId, date: personalAt }), personalAt);
    const seen = await whereIs(stack, `<${lookalikeId}>`);

    svc = await shared.start({ overrides: ownMode({ COMMAND_AUTH: 'none' }) });
    const { ctx } = svc.service;
    await eventually(() => (ctx.store.mailbox.checkpoint('INBOX')?.last_uid ?? 0) >= Math.max(...seen.map((w) => w.uid)), 'the INBOX cursor past the look-alike');
    await svc.service.inboxWatcher!.sweepNow();
    const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
    expect(writeDigest(ctx, today)).to.equal('sent');
    ctx.outboxChanged();
    const [digest] = await waitForInbox(stack, USER, (m) => m.subject.startsWith('Mogelijk een klacht in uw inbox'));
    expect(digest!.subject).to.equal('Mogelijk een klacht in uw inbox: 1 bericht nog niet in behandeling');
    expect(digest!.subject).not.to.match(/\b0 termijn/);
    const text = ((await simpleParser(digest!.raw)).text ?? '').replace(/\s+/g, ' ');
    expect(text).to.include('MOGELIJK EEN KLACHT, NOG NIET IN BEHANDELING');
    expect(text).to.include(`ontvangen op: ${formatLocalDate(localDateOf(lookalikeAt, ctx.config.timeZone), 'nl')}.`);
    expect(text).not.to.include(formatLocalDate(localDateOf(personalAt, ctx.config.timeZone), 'nl'));
    expect(text).to.include('sleep het bericht dan naar de map "Klachten"');
    expect(text).to.include('#nieuw Naam');
    // Listed, but still exactly where and as it was.
    expect(await whereIs(stack, `<${lookalikeId}>`)).to.deep.equal(seen);
    expect(ctx.store.messages.inboundByMessageId(lookalikeId)).to.equal(undefined);
    await svc.stop();
    removeDir(svc.dataDir);
  });

  it('when a complaint is dragged in with its acknowledgement term nearly or already run out, then the notice to her warns so', async () => {
    svc = await shared.start({ overrides: ownMode({ COMMAND_AUTH: 'none' }) });
    const { calendar, config, clock } = svc.service.ctx;
    const today = localDateOf(clock.now(), config.timeZone);
    /** The working day `n` working days before today, at noon (its INTERNALDATE). */
    const workingDaysBack = (n: number): Date => {
      let d = new Date(`${today}T12:00:00Z`);
      for (let left = n; left > 0;) {
        d = new Date(d.getTime() - 86_400_000);
        if (calendar.isWorkingDay(localDateOf(d, config.timeZone))) left--;
      }
      return d;
    };
    const ackWd = config.terms.ackWd;
    const cases = [
      { back: ackWd - 1, id: `late-${randomUUID()}@example.test` }, // the term ends on the next working day
      { back: ackWd + 2, id: `past-${randomUUID()}@example.test` }, // two working days past it
    ];
    for (const c of cases) {
      const at = workingDaysBack(c.back);
      await append(stack, 'Klachten', eml({ from: `${c.id.slice(0, 4)}@klager.test`, to: COMMISSIONER, subject: `Klacht ${c.id.slice(0, 8)}`, messageId: c.id, date: at }), at);
    }
    const notices = await Promise.all(cases.map((c) => waitForInbox(stack, USER, (m) => m.inReplyTo === c.id && m.subject.includes('Nieuwe klacht'))));
    const [late, past] = await Promise.all(notices.map(async ([n]) => ((await simpleParser(n!.raw)).text ?? '').replace(/\s+/g, ' ')));
    const received = (i: number) => formatLocalDate(localDateOf(workingDaysBack(cases[i]!.back), config.timeZone), 'nl');
    const due = (i: number) => formatLocalDate(calendar.addWorkingDays(localDateOf(workingDaysBack(cases[i]!.back), config.timeZone), ackWd), 'nl');
    expect(late).to.include(`LET OP: deze klacht kwam al op ${received(0)} in uw mailbox.`);
    expect(late).to.include(`eindigt op ${due(0)}: nog 1 werkdag.`);
    expect(past).to.include(`LET OP: deze klacht kwam al op ${received(1)} in uw mailbox.`);
    expect(past).to.include(`is verstreken (uiterlijk ${due(1)})`);
    await svc.stop();
    removeDir(svc.dataDir);
  });

  describe('her commands, from her own address', () => {
    let caseNumber: string;
    const notes = () => svc.service.ctx.store.cases.events(svc.service.ctx.store.cases.byNumber(caseNumber)!.id).filter((e) => e.type === 'note').length;
    const command = (id: string, headers: Record<string, string> = {}, text = 'Gebeld met klager.') =>
      eml({ from: COMMISSIONER, fromName: 'M. Roozmond', to: COMMISSIONER, subject: `[${caseNumber}] #notitie ${id.slice(0, 8)}`, text, messageId: id, headers });
    const receipt = (id: string) => waitForInbox(stack, USER, (m) => m.inReplyTo === id && m.subject.includes('Uitgevoerd'));
    /** Message-IDs the service has put off to wait for their Sent copy. */
    const awaited = new Set<string>();

    const overrides = () => ownMode({
      COMMAND_AUTH: 'exchange,sent-folder,dkim', EXCHANGE_TENANT_ID: TENANT, DKIM_EXTRA_DOMAINS: PROVIDER_DOMAIN, IMAP_SENT_MAILBOX: 'Sent',
      SENT_COPY_WAIT_SECONDS: '20',
    });
    const onSentCopyAwaited = (e: { messageId: string | null }) => void (e.messageId && awaited.add(e.messageId));
    /** Stop the service and start it again on the same data (optionally with another clock). */
    const restart = async (clock?: Clock) => {
      const { dataDir } = svc;
      await svc.stop();
      svc = await startTestService(stack, { dataDir, overrides: overrides(), service: { dnsResolver: resolver, onSentCopyAwaited, clock } });
    };
    const inboxUidvalidity = () => svc.service.ctx.store.mailbox.checkpoint('INBOX')?.uidvalidity;
    const waitingUids = () => {
      const uv = inboxUidvalidity();
      return uv === undefined ? [] : svc.service.ctx.store.ownInbox.waiting('INBOX', uv).map((w) => w.uid);
    };
    const cursor = () => svc.service.ctx.store.mailbox.checkpoint('INBOX')?.last_uid ?? 0;
    /** An ordinary mail of the klager on the case tag: taken, so the INBOX cursor moves past it. */
    const caseMailTaken = async () => {
      const id = `case-mail-${randomUUID()}@example.test`;
      const uid = await append(stack, 'INBOX', eml({ to: COMMISSIONER, subject: `Re: [${caseNumber}] aanvulling`, text: 'Nog een aanvulling.', messageId: id }));
      await eventually(() => svc.service.ctx.store.messages.inboundByMessageId(id) && cursor() >= uid, 'the case mail taken and the cursor past it');
      return uid;
    };

    before(async () => {
      svc = await shared.start({ overrides: overrides(), service: { dnsResolver: resolver, onSentCopyAwaited } });
      const id = `cmd-case-${randomUUID()}@example.test`;
      await append(stack, 'Klachten', eml({ to: COMMISSIONER, subject: 'Klacht', messageId: id }));
      const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === id);
      caseNumber = /\[(KL-\d{4}-\d{4})\]/.exec(ack!.subject)![1]!;
    });
    after(async () => {
      await svc.stop();
      removeDir(svc.dataDir);
    });

    it('is obeyed with Exchange\'s headers of her tenant', async () => {
      const id = `ex-${randomUUID()}@praktijk.test`;
      await append(stack, 'INBOX', command(id, {
        'X-MS-Exchange-Organization-AuthAs': 'Internal', 'X-MS-Exchange-Organization-MessageDirectionality': 'Originating',
        'X-MS-Exchange-CrossTenant-Id': TENANT, 'Authentication-Results': 'dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=praktijk.test;',
      }));
      await receipt(id);
      expect(notes()).to.equal(1);
    });

    it('is obeyed when her Sent folder holds the same mail', async () => {
      const id = `sent-${randomUUID()}@praktijk.test`;
      const raw = command(id);
      await append(stack, 'Sent', raw);
      await append(stack, 'INBOX', raw);
      await receipt(id);
      expect(notes()).to.equal(2);
    });

    it('is obeyed with a DKIM signature of her provider\'s domain in DKIM_EXTRA_DOMAINS', async () => {
      const id = `dkim-${randomUUID()}@praktijk.test`;
      await append(stack, 'INBOX', await providerSigned(command(id)));
      await receipt(id);
      expect(notes()).to.equal(3);
    });

    it('is refused, with an alert naming the evidence, for the wrong tenant, AuthAs Anonymous, no evidence, and a Sent copy From someone else', async () => {
      const before = notes();
      const ids = {
        tenant: `wrong-tenant-${randomUUID()}@praktijk.test`, anonymous: `anon-${randomUUID()}@praktijk.test`,
        nothing: `none-${randomUUID()}@praktijk.test`, sentOther: `sent-other-${randomUUID()}@praktijk.test`,
      };
      await append(stack, 'INBOX', command(ids.tenant, { 'X-MS-Exchange-Organization-AuthAs': 'Internal', 'X-MS-Exchange-CrossTenant-Id': OTHER_TENANT }));
      await append(stack, 'INBOX', command(ids.anonymous, { 'X-MS-Exchange-Organization-AuthAs': 'Anonymous', 'X-MS-Exchange-CrossTenant-Id': TENANT }));
      await append(stack, 'INBOX', command(ids.nothing));
      await append(stack, 'Sent', eml({ from: 'iemand@elders.test', to: COMMISSIONER, subject: `[${caseNumber}] #notitie ${ids.sentOther.slice(0, 8)}`, text: 'Gebeld met klager.', messageId: ids.sentOther }));
      await append(stack, 'INBOX', command(ids.sentOther));
      // The one without any evidence waits SENT_COPY_WAIT_SECONDS for a Sent copy before its alert.
      const alerts = await waitForInbox(stack, USER, (m) => m.subject.startsWith('Waarschuwing') && m.raw.toString().includes(caseNumber), 4, 60_000);
      const text = (await Promise.all(alerts.map((a) => simpleParser(a.raw)))).map((p) => p.text ?? '').join('\n').replace(/\s+/g, ' ');
      expect(text).to.include(`EXCHANGE_TENANT_ID=${OTHER_TENANT}`); // what would accept the wrong-tenant mail, if it were hers
      expect(text).to.include('AuthAs Anonymous');
      expect(text).to.include('From iemand@elders.test');
      expect(text).to.include('Geen enkele instelling van COMMAND_AUTH zou dit bericht aanvaarden');
      expect(notes()).to.equal(before);
      expect(awaited.has(ids.nothing), 'the one without evidence waited for a Sent copy first').to.equal(true);
      // Nothing of these is moved out of her INBOX either.
      for (const id of Object.values(ids)) expect((await whereIs(stack, `<${id}>`)).map((w) => w.folder)).to.include('INBOX');
    });

    it('is obeyed when her mail program stores the Sent copy a moment after the INBOX copy arrived', async () => {
      const before = notes();
      const id = `sent-late-${randomUUID()}@praktijk.test`;
      const raw = command(id);
      await append(stack, 'INBOX', raw);
      await eventually(() => awaited.has(id), 'the service waiting for the Sent copy', 20_000);
      expect(notes()).to.equal(before);
      await append(stack, 'Sent', raw);
      await receipt(id);
      expect(notes()).to.equal(before + 1);
      expect((await whereIs(stack, `<${id}>`)).map((w) => w.folder).sort()).to.deep.equal(['INBOX', 'Sent']);
    });

    it('answers #help with the evidence found and every COMMAND_AUTH setting that would accept this very mail', async () => {
      const id = `help-${randomUUID()}@praktijk.test`;
      const domain = COMMISSIONER.slice(COMMISSIONER.indexOf('@') + 1);
      const raw = await providerSigned(eml({
        from: COMMISSIONER, fromName: 'M. Roozmond', to: COMMISSIONER, subject: '#help', text: 'Wat moet de IT-beheerder instellen?', messageId: id,
        headers: {
          'Authentication-Results': `mx.${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}`,
          'X-MS-Exchange-Organization-AuthAs': 'Internal', 'X-MS-Exchange-CrossTenant-Id': TENANT,
        },
      }));
      await append(stack, 'Sent', raw);
      await append(stack, 'INBOX', raw);
      const [reply] = await waitForInbox(stack, USER, (m) => m.inReplyTo === id);
      const text = ((await simpleParser(reply!.raw)).text ?? '').replace(/\s+/g, ' ');
      expect(text).to.include('HOE DIT BERICHT ALS HET UWE IS HERKEND');
      expect(text).to.include('Aanvaard door: exchange');
      expect(text).to.include(`DKIM: d=${PROVIDER_DOMAIN} dkim=pass (in DKIM_EXTRA_DOMAINS)`);
      expect(text).to.include(`Authentication-Results: authserv-id mx.${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}`);
      expect(text).to.include(`Exchange: AuthAs Internal; tenant ${TENANT}`);
      expect(text).to.include(`Sent folder: a copy in Sent, From ${COMMISSIONER}`);
      for (const setting of [
        `COMMAND_AUTH=dkim with DKIM_EXTRA_DOMAINS=${PROVIDER_DOMAIN}`, `COMMAND_AUTH=authres with AUTHSERV_ID=mx.${domain}`,
        `COMMAND_AUTH=exchange with EXCHANGE_TENANT_ID=${TENANT}`, '- COMMAND_AUTH=sent-folder',
      ]) expect(text).to.include(setting);
    });

    it('is obeyed exactly once when the service restarts during the wait, after a later mail moved the INBOX cursor past it', async () => {
      const before = notes();
      const id = `sent-restart-${randomUUID()}@praktijk.test`;
      const raw = command(id);
      const uid = await append(stack, 'INBOX', raw);
      await eventually(() => waitingUids().includes(uid), 'the command noted as waiting for its Sent copy');
      await caseMailTaken();
      expect(cursor(), 'the cursor passed the waiting command').to.be.greaterThan(uid);

      await restart();
      await svc.service.inboxWatcher!.sweepNow();
      expect(waitingUids(), 'still waiting after the restart').to.include(uid);
      expect(notes()).to.equal(before);

      await append(stack, 'Sent', raw);
      await receipt(id);
      await eventually(() => !waitingUids().includes(uid), 'the wait ended');
      await svc.service.inboxWatcher!.sweepNow();
      expect(notes()).to.equal(before + 1);
      const receipts = (await listMailbox(stack, USER, 'INBOX')).filter((m) => m.inReplyTo?.includes(id) && m.subject.includes('Uitgevoerd'));
      expect(receipts).to.have.length(1);
    });

    it('is still refused, with one alert, when its wait runs out on the service clock after a restart', async () => {
      const before = notes();
      const id = `none-restart-${randomUUID()}@praktijk.test`;
      const uid = await append(stack, 'INBOX', command(id));
      await eventually(() => waitingUids().includes(uid), 'the command noted as waiting for its Sent copy');
      const w = svc.service.ctx.store.ownInbox.waitingFor('INBOX', inboxUidvalidity()!, uid)!;
      expect(Date.parse(w.wait_until) - Date.parse(w.first_seen_at)).to.equal(20_000);
      expect(w.message_id).to.equal(id);
      await caseMailTaken();
      expect(cursor()).to.be.greaterThan(uid);

      // The restarted service's clock first stands well before the deadline, then jumps past it:
      // the wait is decided on that clock and on the deadline noted before the restart.
      let skewMs = -10 * 60_000;
      await restart({ now: () => new Date(Date.now() + skewMs) });
      await svc.service.inboxWatcher!.sweepNow();
      expect(waitingUids(), 'still waiting after the restart').to.include(uid);
      skewMs = 25_000;
      const isAlert = (m: { subject: string; raw: Buffer }) => m.subject.startsWith('Waarschuwing') && m.raw.toString().includes(id.slice(0, 8));
      await waitForInbox(stack, USER, isAlert, 1, 20_000);
      await eventually(() => !waitingUids().includes(uid), 'the wait ended');
      await svc.service.inboxWatcher!.sweepNow();
      expect(notes()).to.equal(before);
      expect((await listMailbox(stack, USER, 'INBOX')).filter(isAlert)).to.have.length(1);
      expect(svc.service.ctx.store.messages.inboundByMessageId(id), 'the refused command is kept').to.not.equal(undefined);
    });
  });
});
