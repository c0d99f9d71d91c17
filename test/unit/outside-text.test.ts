import { expect } from 'chai';
import { safeText } from '../../src/cli/common.js';
import { BIDI_CONTROLS } from '../../src/domain/outside-text.js';
import { parseMail } from '../../src/mail-in/parse-mail.js';
import { LetterRenderer } from '../../src/mail-out/render.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { WebViews } from '../../src/web/views.js';

/**
 * Issue 14 §3: one rule for text from outside (src/domain/outside-text.ts, applied at ingest),
 * one table over the three places it shows: a letter, a web page and the CLI.
 */
const eml = (from: string, subject: string, filename: string): Buffer =>
  Buffer.from(
    [
      `From: ${from}`, 'To: klachten@example.nl', `Subject: ${subject}`, 'Message-ID: <t@example.test>', 'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', 'Mijn klacht.', '--b',
      `Content-Type: application/octet-stream; name="${filename}"`, `Content-Disposition: attachment; filename="${filename}"`, '', 'AAAA', '--b--', '',
    ].join('\r\n'),
    'utf8',
  );

const ROWS: { what: string; from: string; subject: string; filename: string; absent: string[]; shows: string[]; noticeSubject?: string }[] = [
  { what: 'an override in the name', from: '=?utf-8?B?' + Buffer.from('Eve\u202Erevilo').toString('base64') + '?= <eve@example.test>', subject: 'Klacht', filename: 'a.pdf', absent: ['\u202E'], shows: ['Eve\uFFFDrevilo'] },
  { what: 'an override in the subject', from: 'Klager <k@example.test>', subject: '=?utf-8?B?' + Buffer.from('Klacht \u202Edneg').toString('base64') + '?=', filename: 'a.pdf', absent: ['\u202E'], shows: ['Klacht \uFFFDdneg'] },
  { what: 'isolates and marks in the subject', from: 'Klager <k@example.test>', subject: '=?utf-8?B?' + Buffer.from('a\u2066b\u2069c\u200Fd\u061Ce').toString('base64') + '?=', filename: 'a.pdf', absent: ['\u2066', '\u2069', '\u200F', '\u061C'], shows: ['a\uFFFDb\uFFFDc\uFFFDd\uFFFDe'] },
  { what: 'an override in an attachment name', from: 'Klager <k@example.test>', subject: 'Klacht', filename: '=?utf-8?B?' + Buffer.from('factuur\u202Efdp.exe').toString('base64') + '?=', absent: ['\u202E'], shows: ['factuur\uFFFDfdp.exe'] },
  { what: 'a display name that carries an address', from: '=?utf-8?B?' + Buffer.from('Mallory "Ev il" <x@evil.example>').toString('base64') + '?= <mallory@example.test>', subject: 'Klacht', filename: 'a.pdf', absent: ['x@evil.example', '<x@'], shows: ['Mallory'], noticeSubject: 'Nieuwe klacht van Mallory "Ev il" <mallory@example.test>' },
];

describe('outside text: made harmless once, the same in letters, web pages and the CLI', () => {
  const letters = new LetterRenderer(TEMPLATES_DIR);
  const web = new WebViews(TEMPLATES_DIR, 'nl', 'Klachten');

  for (const row of ROWS) {
    it(row.what, async () => {
      const mail = await parseMail(eml(row.from, row.subject, row.filename), { maxBytes: 1_000_000, timeoutMs: 5_000 });
      const name = mail.from?.name ?? '';
      const filename = mail.attachments[0]?.filename ?? '';
      const letter = letters.render('new-complaint-notice', 'nl', {
        klagerName: name, klagerEmail: mail.from?.address, complaintSubject: mail.subject, caseNumber: 'KL-2026-0001',
        attachments: [{ filename, sizeKb: 1 }], complaintText: mail.text,
      });
      const page = web.render('case-list', { open: [{ number: 'KL-2026-0001', klagerName: name, subject: `${mail.subject} ${filename}`, stateLabel: 'ontvangen' }], recent: [], today: '2026-01-05' });
      const cli = [safeText(name), safeText(mail.subject), safeText(filename)].join('\n');
      const outputs = { letter: `${letter.subject}\n${letter.text}\n${letter.html}`, web: page, cli };
      for (const [where, out] of Object.entries(outputs)) {
        expect(out.match(BIDI_CONTROLS), `${where} holds a bidi control`).to.equal(null);
        for (const bad of row.absent) expect(out, where).not.to.include(bad);
        for (const good of row.shows) expect(out, where).to.include(good);
      }
      expect(letter.subject).to.match(/^Nieuwe klacht van [^<>]* <[^<>]+>$/);
      if (row.noticeSubject) expect(letter.subject).to.equal(row.noticeSubject);
    });
  }
});
