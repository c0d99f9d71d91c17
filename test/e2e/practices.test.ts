/**
 * Issue 16, on the real stack, configured as a deployment is: a PRACTICES_FILE with two practices
 * on different procedures (lux: the seed's, in working days; zorg: the Wkkgz, six weeks from
 * receipt and no internal appeal), one mailbox. Each practice's complaint gets its own number
 * series, letters and terms; the ruling of one practice reaches that practice's owner and never
 * the other's. Letters are read as they left, from the SMTP sink.
 */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { Stack } from '../../tools/devstack/stack.js';
import { addDays, localDateOf } from '../../src/domain/calendar.js';
import { atwCalendar } from '../../src/domain/legal-calendar.js';
import { startService, type Service } from '../../src/main.js';
import type { SinkMessage } from '../../tools/devstack/smtp-sink.js';
import { COMMISSIONER, DEMO_DOMAIN, MAILBOX, deliverToMailbox, eml, eventually, removeDir, startTestStack, testConfig } from '../support/harness.js';

const OWNER_LUX = `eigenaar-lux@${DEMO_DOMAIN}`;
const OWNER_ZORG = `directie@delinde-zorg.test`;

const PRACTICES_YAML = `
holdPrefix: KLH
practices:
  - id: lux
    name: Praktijk LUX
    ownerEmails: ${OWNER_LUX}
    ownerName: Emma Hafkamp
    casePrefix: LUX
    procedure: lux
    recognise:
      plusTags: [lux]
  - id: zorg
    name: Zorgpraktijk De Linde
    ownerEmails: [${OWNER_ZORG}]
    casePrefix: ZRG
    disputesBody: De Geschillencommissie Zorg
    procedure:
      preset: wkkgz
    recognise:
      addresses: [klachten@delinde-zorg.test]
`;

describe('e2e: one mailbox, two practices from PRACTICES_FILE, each with its own procedure (issue 16)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let service: Service;
  let dataDir = '';

  before(async () => {
    stack = await startTestStack();
    dataDir = mkdtempSync(join(tmpdir(), 'cd-practices-'));
    const file = join(dataDir, 'practices.yaml');
    writeFileSync(file, PRACTICES_YAML);
    // The single-practice keys of the test environment go into the file instead (the loader refuses them beside it).
    const config = testConfig(stack, join(dataDir, 'data'), { PRACTICES_FILE: file, PRACTICE_OWNER_EMAIL: '', COMMAND_AUTH: 'none', ACK_MODE: 'auto' });
    service = await startService(config);
  });
  after(async () => {
    await service?.stop();
    await stack?.stop();
    removeDir(dataDir);
  });

  const textOf = async (m: SinkMessage) => ((await simpleParser(m.raw)).text ?? '').replace(/\s+/g, ' ');
  const letterTo = async (to: string, pred: (m: SinkMessage) => boolean) =>
    (await stack.smtp.waitFor((m) => m.envelopeTo.includes(to) && pred(m), 1, 30_000))[0]!;
  const settled = () => eventually(() => (service.ctx.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status NOT IN ('sent', 'cancelled')`).get() as { n: number }).n === 0, 'every letter sent');

  async function commissionerSays(subject: string, body: string): Promise<string> {
    const messageId = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text: body, messageId }));
    return textOf(await letterTo(COMMISSIONER, (m) => m.raw.toString().includes(`In-Reply-To: <${messageId}>`)));
  }

  it('then each complaint gets its practice\'s number, letters and terms, and each ruling reaches only its own practice\'s owner', async () => {
    const [klagerLux, klagerZorg] = [`lux-${randomUUID().slice(0, 8)}@example.test`, `zorg-${randomUUID().slice(0, 8)}@example.test`];
    await deliverToMailbox(stack, eml({ from: klagerLux, to: MAILBOX.replace('@', '+lux@'), subject: 'Klacht over de behandeling' }));
    await deliverToMailbox(stack, eml({ from: klagerZorg, to: 'klachten@delinde-zorg.test', subject: 'Klacht over de zorg' }));

    const ackLux = await letterTo(klagerLux, (m) => m.subject.includes('Ontvangstbevestiging'));
    const ackZorg = await letterTo(klagerZorg, (m) => m.subject.includes('Ontvangstbevestiging'));
    const year = new Date().getFullYear();
    const nLux = /\[(LUX-\d{4}-\d{4})\]/.exec(ackLux.subject)?.[1];
    const nZorg = /\[(ZRG-\d{4}-\d{4})\]/.exec(ackZorg.subject)?.[1];
    expect(nLux, ackLux.subject).to.match(new RegExp(`^LUX-(${year}|${year + 1})-0001$`));
    expect(nZorg, ackZorg.subject).to.match(new RegExp(`^ZRG-(${year}|${year + 1})-0001$`));

    // Each letter names its own practice, never the other.
    const [tLux, tZorg] = [await textOf(ackLux), await textOf(ackZorg)];
    expect(tLux).to.include('Praktijk LUX').and.not.include('De Linde').and.not.include('ZRG-');
    expect(tZorg).to.include('Zorgpraktijk De Linde').and.not.include('Praktijk LUX').and.not.include('LUX-');
    expect((await simpleParser(ackLux.raw)).from?.text).to.include('Praktijk LUX');
    expect((await simpleParser(ackZorg.raw)).from?.text).to.include('Zorgpraktijk De Linde');
    // The Wkkgz letter cites the law, not the seed's articles.
    expect(tZorg).to.match(/Wkkgz/).and.not.match(/\bart\. (5|6|7|8|9|12|13)\b/);

    // Each practice's terms: lux's handling term 30 working days after the acknowledgement; zorg's six weeks from receipt (Atw).
    const { store, calendar, config } = service.ctx;
    const cLux = store.cases.byNumber(nLux!)!;
    const cZorg = store.cases.byNumber(nZorg!)!;
    expect([cLux.practice_id, cZorg.practice_id]).to.deep.equal(['lux', 'zorg']);
    const hLux = store.deadlines.ofCase(cLux.id).find((d) => d.kind === 'handle')!;
    expect(hLux).to.include({ term_unit: 'wd', term_wd: 30, due_date: calendar.addWorkingDays(hLux.start_date, 30) });
    const hZorg = store.deadlines.ofCase(cZorg.id).find((d) => d.kind === 'handle')!;
    let end = addDays(cZorg.received_date, 42);
    while (!atwCalendar().isWorkingDay(end)) end = addDays(end, 1);
    expect(hZorg).to.include({ term_unit: 'weeks', term_wd: 6, start_date: cZorg.received_date, due_date: end });
    expect(localDateOf(new Date(cZorg.received_at), config.timeZone)).to.equal(cZorg.received_date);

    // The ruling of lux reaches lux's owner; zorg's owner hears nothing of it.
    await commissionerSays(`[${nLux}] #uitspraak gegrond`, 'De klacht is gegrond.');
    const toOwnerLux = await letterTo(OWNER_LUX, (m) => m.subject.includes(`[${nLux}]`));
    expect(await textOf(toOwnerLux)).to.include('Emma Hafkamp').and.not.include('De Linde');
    await settled();
    expect(stack.smtp.messages.filter((m) => m.envelopeTo.includes(OWNER_ZORG))).to.deep.equal([]);

    // And zorg's ruling reaches zorg's owner only; under the Wkkgz there is no appeal, the case closes.
    await commissionerSays(`[${nZorg}] #uitspraak ongegrond`, 'De zorg was goed.');
    const rulingZorg = await letterTo(klagerZorg, (m) => m.subject.includes(`[${nZorg}]`) && /uitspraak/i.test(m.subject));
    // No appeal under the Wkkgz: the klager is pointed to the practice's disputes body (art. 18).
    expect(await textOf(rulingZorg)).to.include('De Geschillencommissie Zorg').and.match(/Wkkgz/).and.not.include('Praktijk LUX');
    const toOwnerZorg = await letterTo(OWNER_ZORG, (m) => m.subject.includes(`[${nZorg}]`));
    expect(await textOf(toOwnerZorg)).to.include('Zorgpraktijk De Linde').and.not.include('Praktijk LUX');
    await settled();
    expect(stack.smtp.messages.filter((m) => m.envelopeTo.includes(OWNER_LUX) && m.subject.includes('ZRG-'))).to.deep.equal([]);
    expect(store.cases.get(cZorg.id)!.state).to.equal('closed');
    expect(store.cases.get(cLux.id)!.state).to.equal('decided');
    // Nothing of either practice's cases went to the other practice's people.
    for (const m of stack.smtp.messages) {
      if (m.envelopeTo.includes(klagerLux) || m.envelopeTo.includes(OWNER_LUX)) expect(m.subject).not.to.include('ZRG-');
      if (m.envelopeTo.includes(klagerZorg) || m.envelopeTo.includes(OWNER_ZORG)) expect(m.subject).not.to.include('LUX-');
    }
  });
});
