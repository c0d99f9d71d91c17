/**
 * Issue 14 on the real stack (Dovecot, SMTP, Redis, the service): what reaches a party.
 * - An Outlook.com HTML reply of the commissioner with prose on top and `#uitspraak gegrond` in
 *   its quote (under an <hr>, header block starting with Date:) sends no ruling.
 * - A complaint whose subject holds a bidi override is acknowledged with the override neutralised.
 */
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import type { Stack } from '../../tools/devstack/stack.js';
import { COMMISSIONER, MAILBOX, deliverToMailbox, eml, eventually, waitForInbox, useServiceStack, type TestService } from '../support/harness.js';

const encoded = (s: string): string => `=?utf-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;

/** The shape Outlook.com sends: HTML only, the quote under an <hr>, its header block starting with Date:. */
function outlookComReply(caseNumber: string, id: string): string {
  const html = [
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body dir="ltr">',
    '<div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt;">Dank, ik bekijk het morgen.</div>',
    '<div style="font-family: Calibri, Arial, Helvetica, sans-serif; font-size: 12pt;">Anna</div>',
    '<hr style="display:inline-block;width:98%" tabindex="-1">',
    '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000">',
    `<b>Date:</b> Monday, 5 January 2026 10:12<br><b>Subject:</b> [${caseNumber}] Nieuwe klacht ontvangen<br>`,
    `<b>From:</b> Klachtenregeling &lt;${MAILBOX}&gt;<br><b>To:</b> Anna Jansen &lt;${COMMISSIONER}&gt;<br></font><div>&nbsp;</div></div>`,
    '<div>Geachte mevrouw Jansen,<br><br>De klager schreef:<br><br>#uitspraak gegrond<br>Ik wil excuses.<br>#sluit</div>',
    '</body></html>',
  ].join('\r\n');
  return [
    `From: Anna Jansen <${COMMISSIONER}>`, `To: ${MAILBOX}`, `Subject: RE: [${caseNumber}] Nieuwe klacht ontvangen`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`, `Message-ID: <${id}>`, 'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', html, '',
  ].join('\r\n');
}

describe('e2e: mail as it really arrives (issue 14)', function () {
  this.timeout(120_000);
  const shared = useServiceStack();
  let stack: Stack;
  let svc: TestService;

  before(async () => {
    stack = shared.stack;
    svc = await shared.start();
  });

  it('when a complaint\'s subject holds a bidi override, then the acknowledgement shows it neutralised; an Outlook.com reply quoting #uitspraak sends no ruling', async () => {
    const id = `bidi-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: encoded('Klacht over factuur\u202Efdp.exe'), messageId: id }));
    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === id);
    const letter = await simpleParser(ack!.raw);
    for (const part of [letter.subject ?? '', letter.text ?? '', typeof letter.html === 'string' ? letter.html : '']) {
      expect(part).not.to.match(/[\u202a-\u202e\u2066-\u2069]/);
    }
    expect(letter.text).to.include('  Klacht over factuur\uFFFDfdp.exe\n');
    const caseNumber = /\[(KL-\d{4}-\d{4})\]/.exec(ack!.subject)![1]!;
    const caseRow = () => svc.service.ctx.store.cases.byNumber(caseNumber)!;
    expect(caseRow().subject).not.to.include('\u202E');

    const replyId = `outlook-com-${randomUUID()}@outlook.example`;
    await deliverToMailbox(stack, outlookComReply(caseNumber, replyId));
    await eventually(
      () => svc.service.ctx.store.cases.events(caseRow().id).some((e) => e.type === 'mail-commissioner'),
      'the reply filed as correspondence',
    );
    expect(caseRow().state).to.equal('acknowledged');
    const letters = svc.service.ctx.store.db.prepare('SELECT template FROM outbox WHERE case_id = ?').all(caseRow().id) as { template: string }[];
    expect(letters.map((l) => l.template)).not.to.include.members(['ruling']);
  });
});
