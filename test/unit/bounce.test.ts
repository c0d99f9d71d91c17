import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { readBounce, type BounceInfo } from '../../src/domain/bounce.js';
import type { InboundMail } from '../../src/domain/inbound-mail.js';
import { parseMail } from '../../src/mail-in/parse-mail.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const limits = { maxBytes: 10_000_000, timeoutMs: 10_000 };
const loadFixture = (name: string): Promise<InboundMail> => parseMail(readFileSync(join(PROJECT_ROOT, 'test/fixtures/mail', name)), limits);
const parse = (lines: string[]): Promise<InboundMail> => parseMail(Buffer.from(lines.join('\r\n')), limits);

describe('readBounce: fixtures', () => {
  const cases: [string, BounceInfo | null][] = [
    [
      'postfix-bounce.eml',
      { permanent: true, status: '5.1.1', recipient: 'onbekend@example.test', originalMessageId: 'KL-2026-0001.o12.3f9a0c1d2e4b@complaint-desk.local' },
    ],
    [
      'exchange-bounce.eml',
      { permanent: true, status: '5.1.10', recipient: 'r.smit@example.test', originalMessageId: 'KL-2026-0003.o21.7a8b9c0d1e2f@complaint-desk.local' },
    ],
    [
      'exim-bounce-plain.eml',
      { permanent: true, status: '5.1.1', recipient: 'h.visser@example.test', originalMessageId: 'KL-2026-0004.o27.5e6f7a8b9c0d@complaint-desk.local' },
    ],
    ['complaint-plain.eml', null],
    ['mailing-list.eml', null],
  ];
  for (const [file, want] of cases) {
    it(`${file} → ${want ? `${want.status} ${want.recipient}` : 'nothing'}`, async () => {
      expect(readBounce(await loadFixture(file))).to.deep.equal(want);
    });
  }

  it('finds the original in the returned headers when the bounce has no In-Reply-To/References', async () => {
    const mail = { ...(await loadFixture('exchange-bounce.eml')), inReplyTo: null, references: [] };
    expect(readBounce(mail)?.originalMessageId).to.equal('KL-2026-0003.o21.7a8b9c0d1e2f@complaint-desk.local');
    const postfix = { ...(await loadFixture('postfix-bounce.eml')), text: '' };
    expect(readBounce(postfix)?.originalMessageId).to.equal('KL-2026-0001.o12.3f9a0c1d2e4b@complaint-desk.local');
  });

  it('falls back to In-Reply-To, then to the newest References entry, when nothing was returned', async () => {
    const exchange = await loadFixture('exchange-bounce.eml');
    const withoutReturned = { ...exchange, attachments: exchange.attachments.filter((a) => a.contentType === 'message/delivery-status') };
    expect(readBounce(withoutReturned)?.originalMessageId).to.equal('KL-2026-0003.o21.7a8b9c0d1e2f@complaint-desk.local');
    const viaReferences = { ...withoutReturned, inReplyTo: null, references: ['old@example.test', 'newest@example.test'] };
    expect(readBounce(viaReferences)?.originalMessageId).to.equal('newest@example.test');
  });
});

describe('readBounce: reports and prose', () => {
  it('calls a delay not permanent and still reads it', async () => {
    const mail = await parse([
      'From: MAILER-DAEMON@mail.example.nl (Mail Delivery System)',
      'Subject: Delayed Mail (still being retried)',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered for 4 hours. It will be retried until it is 5 days old.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mail.example.nl',
      '',
      'Final-Recipient: rfc822; traag@example.test',
      'Action: delayed',
      'Status: 4.4.1',
      'Diagnostic-Code: X-Postfix; connect to mx.example.test[192.0.2.9]:25: Connection timed out',
      '--b--',
      '',
    ]);
    expect(readBounce(mail)).to.deep.equal({ permanent: false, status: '4.4.1', recipient: 'traag@example.test', originalMessageId: null });
  });

  it('prefers the failed recipient of a report that lists several', async () => {
    const mail = await parse([
      'From: mailer-daemon@example.test',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.test',
      '',
      'Final-Recipient: rfc822;ok@example.test',
      'Action: delivered',
      'Status: 2.0.0',
      '',
      'Final-Recipient: RFC822; <Weg@Example.TEST>',
      'Action: failed',
      'Status: 5.2.1 (mailbox disabled)',
      '--b--',
      '',
    ]);
    expect(readBounce(mail)).to.include({ permanent: true, status: '5.2.1', recipient: 'weg@example.test' });
  });

  it('reads a qmail plain-text bounce from its wording', async () => {
    const mail = await parse([
      'From: MAILER-DAEMON@mail.oud.example.test',
      'Subject: failure notice',
      '',
      'Hi. This is the qmail-send program at mail.oud.example.test.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      "This is a permanent error; I've given up. Sorry it didn't work out.",
      '',
      '<sam@oud.example.test>:',
      '192.0.2.7 does not like recipient.',
      'Remote host said: 550 5.1.1 <sam@oud.example.test>... User unknown',
      'Giving up on 192.0.2.7.',
      '',
      '--- Below this line is a copy of the message.',
      '',
      'Return-Path: <klachten@example.nl>',
      'Message-ID: <KL-2026-0009.o3.aabbccddeeff@complaint-desk.local>',
      'To: sam@oud.example.test',
      '',
    ]);
    expect(readBounce(mail)).to.deep.equal({
      permanent: true,
      status: '5.1.1',
      recipient: 'sam@oud.example.test',
      originalMessageId: 'KL-2026-0009.o3.aabbccddeeff@complaint-desk.local',
    });
  });

  it('does not take a Message-ID that is only mentioned inside a sentence', async () => {
    const mail = await parse([
      'From: MAILER-DAEMON@example.test',
      'Subject: Returned mail: see transcript for details',
      '',
      'Delivery failed, see Message-ID: <niet-deze@example.test> in the log.',
      '',
    ]);
    expect(readBounce(mail)?.originalMessageId ?? null).to.equal(null);
  });

  it('calls a 5xx reply without an enhanced status permanent, and a 4xx one not', async () => {
    const bounce = (code: string) =>
      parse(['From: MAILER-DAEMON@example.test', 'Subject: Mail delivery failed', '', 'weg@example.test', `  host mx.example.test [192.0.2.1]: ${code} no such user`, '']);
    expect(readBounce(await bounce('550'))).to.deep.include({ permanent: true, status: null, recipient: 'weg@example.test' });
    expect(readBounce(await bounce('451'))).to.deep.include({ permanent: false, status: null });
  });
});
