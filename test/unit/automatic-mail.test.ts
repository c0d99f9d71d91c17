import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { detectAutomatic, type AutomaticKind } from '../../src/domain/automatic-mail.js';
import type { InboundMail } from '../../src/domain/inbound-mail.js';
import { parseMail } from '../../src/mail-in/parse-mail.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const loadFixture = (name: string): Promise<InboundMail> =>
  parseMail(readFileSync(join(PROJECT_ROOT, 'test/fixtures/mail', name)), { maxBytes: 10_000_000, timeoutMs: 10_000 });

/** A mail made of just the parts detectAutomatic looks at. */
function mail(headers: Record<string, string>, over: Partial<InboundMail> = {}): InboundMail {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]]));
  return {
    messageId: 'm@example.test',
    inReplyTo: null,
    references: [],
    from: { address: 'klager@example.test', name: 'Klager' },
    fromCount: 1,
    to: [{ address: 'klachten@example.nl', name: '' }],
    cc: [],
    replyTo: [],
    subject: 'Klacht',
    date: null,
    headers: lower,
    contentType: 'text/plain',
    text: 'Geachte heer, mevrouw, hierbij mijn klacht.',
    html: null,
    attachments: [],
    ...over,
  };
}
const from = (address: string) => ({ from: { address, name: '' } });

type Want = { kind: AutomaticKind; reason: RegExp } | null;

describe('detectAutomatic: fixtures', () => {
  const cases: [string, Want][] = [
    ['postfix-bounce.eml', { kind: 'bounce', reason: /^Content-Type: multipart\/report; report-type=delivery-status$/ }],
    ['exchange-bounce.eml', { kind: 'bounce', reason: /multipart\/report/ }],
    ['exim-bounce-plain.eml', { kind: 'bounce', reason: /^From: mailer-daemon address$/ }],
    ['outlook-out-of-office.eml', { kind: 'auto-reply', reason: /^Auto-Submitted: auto-generated; subject starts with "Automatisch antwoord:"$/ }],
    ['gmail-vacation.eml', { kind: 'auto-reply', reason: /^Auto-Submitted: auto-replied; subject starts with "Afwezig"$/ }],
    ['mailing-list.eml', { kind: 'bulk', reason: /^List-Id$/ }],
    ['noreply-notification.eml', { kind: 'bulk', reason: /^From: noreply address$/ }],
    ['complaint-plain.eml', null],
    ['complaint-iso-8859-1.eml', null],
    ['complaint-html-only.eml', null],
    ['complaint-with-attachment.eml', null],
    // Issue 14 §2: automatic mail that used to open a case.
    ['icloud-vacation.eml', { kind: 'auto-reply', reason: /^X-Apple-Action: vacation; subject starts with "Auto reply"$/ }],
    ['fml-not-member.eml', { kind: 'bulk', reason: /^List-Subscribe$/ }],
    ['fml-loop-alert.eml', { kind: 'bulk', reason: /^subject "Loop Alert \(ML\)"$/ }],
    ['arf-feedback-report.eml', { kind: 'auto-reply', reason: /^Content-Type: multipart\/report; report-type=feedback-report$/ }],
    ['arf-mixed-feedback-part.eml', { kind: 'auto-reply', reason: /^a message\/feedback-report part$/ }],
    ['hotmail-jmrp-complaint.eml', { kind: 'auto-reply', reason: /^X-HmXmrOriginalRecipient$/ }],
    ['complaint-from-admin-address.eml', null],
  ];
  for (const [file, want] of cases) {
    it(`${file} → ${want ? want.kind : 'not automatic'}`, async () => {
      const m = await loadFixture(file);
      const verdict = detectAutomatic(m);
      if (want === null) {
        expect(verdict).to.equal(null);
        return;
      }
      expect(verdict?.kind).to.equal(want.kind);
      expect(verdict?.reason).to.match(want.reason);
      // The reason is for logs: never a line of the body, never the subject itself.
      const lines = m.text.split('\n').map((l) => l.trim()).filter((l) => l.length > 12);
      for (const line of lines) expect(verdict?.reason).not.to.include(line);
      expect(verdict?.reason).not.to.include(m.subject);
    });
  }
});

describe('detectAutomatic: signals', () => {
  const cases: [string, InboundMail, Want][] = [
    ['an ordinary mail', mail({}), null],
    ['a person writing "Afwezig" without any auto header', mail({}, { subject: 'Afwezig tijdens mijn afspraak' }), null],
    ['a person writing "Out of office" without any auto header', mail({}, { subject: 'Out of office hours care' }), null],
    ['a complaint about an "onbestelbaar pakket"', mail({}, { subject: 'Onbestelbaar pakket en geen antwoord' }), null],
    ['Auto-Submitted: no', mail({ 'Auto-Submitted': 'no' }), null],
    ['Auto-Submitted: No (comment)', mail({ 'Auto-Submitted': 'No (handmatig)' }), null],
    ['Auto-Submitted: auto-replied with parameters', mail({ 'Auto-Submitted': 'auto-replied; owner-email="x@example.test"' }), { kind: 'auto-reply', reason: /^Auto-Submitted: auto-replied$/ }],
    ['Auto-Submitted: auto-notified', mail({ 'Auto-Submitted': 'auto-notified' }), { kind: 'auto-reply', reason: /^Auto-Submitted: auto-notified$/ }],
    ['X-Autoreply: yes', mail({ 'X-Autoreply': 'yes' }), { kind: 'auto-reply', reason: /^X-Autoreply$/ }],
    ['X-Autorespond', mail({ 'X-Autorespond': 'Will not send another autoreply for 86400 seconds' }), { kind: 'auto-reply', reason: /^X-Autorespond$/ }],
    ['Precedence: auto_reply', mail({ Precedence: 'auto_reply' }), { kind: 'auto-reply', reason: /^Precedence: auto_reply$/ }],
    ['X-Auto-Response-Suppress: All', mail({ 'X-Auto-Response-Suppress': 'All' }), { kind: 'auto-reply', reason: /^X-Auto-Response-Suppress: All$/ }],
    ['X-Auto-Response-Suppress: DR, OOF', mail({ 'X-Auto-Response-Suppress': 'DR, OOF' }), { kind: 'auto-reply', reason: /^X-Auto-Response-Suppress: DR, OOF$/ }],
    ['X-Auto-Response-Suppress: None', mail({ 'X-Auto-Response-Suppress': 'None' }), null],
    ['X-MS-Exchange-Inbox-Rules-Loop', mail({ 'X-MS-Exchange-Inbox-Rules-Loop': 'x@example.test' }), { kind: 'auto-reply', reason: /^X-MS-Exchange-Inbox-Rules-Loop$/ }],
    ['an Exchange header with an Outlook subject', mail({ 'X-Auto-Response-Suppress': 'All' }, { subject: 'Automatic reply: hallo' }), { kind: 'auto-reply', reason: /; subject starts with "Automatic reply:"$/ }],
    ['a read receipt', mail({ 'Content-Type': 'multipart/report; report-type=disposition-notification; boundary="x"' }, { contentType: 'multipart/report' }), { kind: 'auto-reply', reason: /report-type=disposition-notification/ }],
    ['a delivery report with a quoted report-type', mail({ 'Content-Type': 'multipart/report;\treport-type="delivery-status"; boundary="x"' }, { contentType: 'multipart/report' }), { kind: 'bounce', reason: /report-type=delivery-status/ }],
    ['Precedence: bulk', mail({ Precedence: 'bulk' }), { kind: 'bulk', reason: /^Precedence: bulk$/ }],
    ['Precedence: junk', mail({ Precedence: 'Junk' }), { kind: 'bulk', reason: /^Precedence: junk$/ }],
    ['Precedence: list', mail({ Precedence: 'list' }), { kind: 'bulk', reason: /^Precedence: list$/ }],
    ['List-Unsubscribe', mail({ 'List-Unsubscribe': '<mailto:leave@example.test>' }), { kind: 'bulk', reason: /^List-Unsubscribe$/ }],
    ['Return-Path: <>', mail({ 'Return-Path': '<>' }), { kind: 'auto-reply', reason: /^Return-Path: <>$/ }],
    ['Return-Path of a person', mail({ 'Return-Path': '<klager@example.test>' }), null],
    ['From postmaster', mail({}, from('postmaster@example.test')), { kind: 'bounce', reason: /^From: postmaster address$/ }],
    ['From MAILER-DAEMON without a domain', mail({}, from('mailer-daemon')), { kind: 'bounce', reason: /^From: mailer-daemon address$/ }],
    ['From no-reply+tag', mail({}, from('no-reply+abc123@example.test')), { kind: 'bulk', reason: /^From: no-reply address$/ }],
    ['From donotreply', mail({}, from('donotreply@example.test')), { kind: 'bulk', reason: /^From: donotreply address$/ }],
    ['From info-noreply', mail({}, from('info-noreply@example.test')), { kind: 'bulk', reason: /^From: noreply address$/ }],
    ['From someone called Noreen', mail({}, from('noreen.reply@example.test')), null],
    ['subject Undeliverable:', mail({}, { subject: 'Undeliverable: uw klacht' }), { kind: 'bounce', reason: /^subject starts with "Undeliverable:"$/ }],
    ['subject Onbestelbaar:', mail({}, { subject: 'Onbestelbaar: uw klacht' }), { kind: 'bounce', reason: /"Onbestelbaar:"/ }],
    ['subject Unzustellbar:', mail({}, { subject: 'Unzustellbar: Ihre Beschwerde' }), { kind: 'bounce', reason: /"Unzustellbar:"/ }],
    ['subject Delivery Status Notification (Failure)', mail({}, { subject: 'Delivery Status Notification (Failure)' }), { kind: 'bounce', reason: /Delivery Status Notification/ }],
    ['subject Mail delivery failed', mail({}, { subject: 'Mail delivery failed: returning message to sender' }), { kind: 'bounce', reason: /Mail delivery failed/ }],
    ['a forwarded bounce', mail({}, { subject: 'FW: Undeliverable: uw klacht' }), null],
    ['X-Apple-Criteria alone', mail({ 'X-Apple-Criteria': 'ALWAYS' }), { kind: 'auto-reply', reason: /^X-Apple-Criteria$/ }],
    ['X-Autoreply-From', mail({ 'X-AutoReply-From': 'x@example.test' }), { kind: 'auto-reply', reason: /^x-autoreply-from$/ }],
    ['List-Help only', mail({ 'List-Help': '<mailto:help@lists.example.test>' }), { kind: 'bulk', reason: /^List-Help$/ }],
    ['Mailman version only', mail({ 'X-Mailman-Version': '2.1.39' }), { kind: 'bulk', reason: /^X-Mailman-Version$/ }],
    ['fml "not member" without headers', mail({}, { subject: 'You x@example.test are not member (patients ML)' }), { kind: 'bulk', reason: /not member \(ML\)/ }],
    ['a person writing "not a member"', mail({}, { subject: 'Ik ben geen lid meer; you said I am not member' }), null],
    ['a list -bounces sender', mail({}, from('patients-bounces@lists.example.test')), { kind: 'bulk', reason: /list server/ }],
    ['a list -admin sender, subject about the list', mail({}, { ...from('patients-admin@lists.example.test'), subject: 'Subscribe request for patients ML' }), { kind: 'bulk', reason: /-admin/ }],
    ['an -admin sender writing a complaint', mail({}, from('office-admin@example.test')), null],
    ['Feedback-Type among the top headers', mail({ 'Feedback-Type': 'abuse' }), { kind: 'auto-reply', reason: /^Feedback-Type: abuse$/ }],
    ['a JMRP subject', mail({}, { subject: 'complaint about message from 192.0.2.25' }), { kind: 'auto-reply', reason: /complaint about message from <IP>/ }],
    ['a person complaining about a message', mail({}, { subject: 'complaint about message from my doctor' }), null],
  ];
  for (const [what, m, want] of cases) {
    it(`${what} → ${want ? want.kind : 'not automatic'}`, () => {
      const verdict = detectAutomatic(m);
      if (want === null) {
        expect(verdict).to.equal(null);
        return;
      }
      expect(verdict?.kind).to.equal(want.kind);
      expect(verdict?.reason).to.match(want.reason);
    });
  }

  it('keeps a hostile header value out of the reason', () => {
    const verdict = detectAutomatic(mail({ 'Auto-Submitted': 'auto-replied\u0007<script>alert(1)</script> and a very long tail that goes on' }));
    expect(verdict?.reason).to.equal('Auto-Submitted: auto-replied');
  });

  it('takes the envelope sender over a Return-Path header', () => {
    expect(detectAutomatic(mail({}), { returnPath: '' })).to.deep.equal({ kind: 'auto-reply', reason: 'envelope sender <>' });
    expect(detectAutomatic(mail({}), { returnPath: '<>' })?.kind).to.equal('auto-reply');
    expect(detectAutomatic(mail({ 'Return-Path': '<>' }), { returnPath: 'klager@example.test' })).to.equal(null);
    expect(detectAutomatic(mail({ 'Return-Path': '<>' }), { returnPath: null })?.reason).to.equal('Return-Path: <>');
  });

  it('names the strongest signal: a bounce before its Auto-Submitted header', () => {
    const m = mail({ 'Auto-Submitted': 'auto-replied', Precedence: 'bulk' }, from('MAILER-DAEMON@example.test'.toLowerCase()));
    expect(detectAutomatic(m)).to.deep.equal({ kind: 'bounce', reason: 'From: mailer-daemon address' });
  });
});
