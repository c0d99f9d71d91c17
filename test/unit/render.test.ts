import { expect } from 'chai';
import nodemailer from 'nodemailer';
import { LetterRenderer, LANGS } from '../../src/mail-out/render.js';
import { composeMail } from '../../src/mail-out/compose.js';
import { LETTERS, letterSpec } from '../../src/mail-out/letters.js';
import { oneLine } from '../../src/domain/text-format.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import type { OutboxRow } from '../../src/store/outbox-repo.js';

const HOSTILE_NAME = '<script>alert(1)</script>\r\nBcc: victim@example.test';
const HOSTILE_SUBJECT = '{{commissionerName}} <b>urgent</b>\r\nX-Injected: yes';

function model(): Record<string, unknown> {
  return {
    caseNumber: 'KL-2026-0001', letterDate: '2026-11-25', receivedDate: '2026-11-24',
    complaintSubject: oneLine(HOSTILE_SUBJECT), klagerName: oneLine(HOSTILE_NAME), klagerEmail: 'klager@example.test',
    practiceName: 'Praktijk LUX', commissionerName: 'M. Roozmond',
    deadlines: { ack: { kind: 'ack', date: '2026-12-08', wd: 10, status: 'met' }, present: { kind: 'present', date: '2026-12-09', wd: 10, status: 'open' }, handle: { kind: 'handle', date: '2027-01-08', wd: 30, status: 'open' } },
    deadline: { kind: 'ack', date: '2026-12-08', wd: 10, status: 'met' },
    complaintText: 'Tekst met <script>steal()</script> en {{practiceName}}',
    mailText: '<img src=x onerror=alert(1)>', mailSubject: oneLine(HOSTILE_SUBJECT), fromName: oneLine(HOSTILE_NAME),
    fromEmail: 'klager@example.test', fromRole: 'klager', reasonText: 'test', attachments: [{ filename: '<x>.pdf', sizeKb: 1 }],
    reason: 'test', sizeKb: 1, quarantineMailbox: 'Q', blob: 'abc',
  };
}

describe('letter rendering', () => {
  const renderer = new LetterRenderer(TEMPLATES_DIR);

  it('when loaded, then every letter of the table has nl and en templates', () => {
    expect(renderer.names()).to.include.members(Object.keys(LETTERS));
  });

  for (const name of Object.keys(LETTERS)) {
    for (const lang of LANGS) {
      it(`when ${lang}/${name} renders hostile names and subjects, then HTML escapes them and nothing is evaluated`, () => {
        const out = renderer.render(name, lang, model());
        expect(out.html).not.to.include('<script>');
        expect(out.html).not.to.include('<img src=x');
        expect(out.html).not.to.include('<b>urgent');
        expect(out.subject).not.to.match(/[\r\n]/);
        // Mail content is data, never a template: its {{…}} stays literal.
        if (out.text.includes('Tekst met')) expect(out.text).to.include('{{practiceName}}');
        expect(out.text).not.to.match(/\r/);
        expect(out.text.split('\n').some((l) => /^Bcc:/i.test(l))).to.equal(false);
      });
    }
  }

  it('when a letter has a case, then its text states case number, letter date, receipt, term and next step', () => {
    const out = renderer.render('acknowledgement', 'nl', model());
    expect(out.text).to.include('KL-2026-0001');
    expect(out.text).to.include('woensdag 25 november 2026');
    expect(out.text).to.include('dinsdag 24 november 2026');
    expect(out.text).to.include('uiterlijk dinsdag 8 december 2026 (10 werkdagen)');
    expect(out.text).to.match(/Volgende stap: .*woensdag 9 december 2026/);
    expect(out.text).to.match(/Vertrouwelijk/);
  });

  it('when a hostile name reaches a real message, then no header is injected', async () => {
    const letter = renderer.render('new-complaint-notice', 'nl', model());
    const row = {
      id: 1, case_id: 1, template: 'new-complaint-notice', language: 'nl', recipient_role: 'commissioner',
      to_addr: 'maja@example.test', message_id: 'KL-2026-0001.o1.abc@praktijk.test', in_reply_to: 'orig@example.test',
      refs: '["orig@example.test"]', facts: '{}', status: 'queued', attempts: 0, last_error: null, created_at: '', queued_at: null, sent_at: null,
    } as OutboxRow;
    const mail = composeMail(row, letter, letterSpec('new-complaint-notice'), {
      mailFrom: 'klachten@praktijk.test', mailboxAddress: 'klachten@praktijk.test', fromName: 'M. Roozmond\r\nBcc: x@y', caseNumber: 'KL-2026-0001',
    });
    const info = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(mail);
    const raw = (info.message as Buffer).toString('utf8');
    const headerBlock = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(headerBlock).not.to.match(/^(Bcc|X-Injected):/im);
    expect(headerBlock).to.match(/^Subject: /m);
    expect(headerBlock).to.match(/^Message-ID: <KL-2026-0001\.o1\.abc@praktijk\.test>$/m);
    expect(headerBlock).to.match(/^In-Reply-To: <orig@example\.test>$/m);
    expect(headerBlock).to.match(/^Auto-Submitted: auto-generated$/m);
    expect(headerBlock).to.match(/^X-Auto-Response-Suppress: All$/m);
    expect(headerBlock).to.match(/^X-Loop: /m);
    expect(headerBlock).to.match(/^Reply-To: klachten@praktijk\.test$/m);
  });
});
