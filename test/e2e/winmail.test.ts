/**
 * Issue 14 §6f on the real stack (Dovecot IMAP, SMTP, Redis): a complaint from Outlook with its
 * files inside winmail.dat. The notice to the commissioner and, after #beklaagde, the request
 * to the beklaagde carry the real files; the file keeps winmail.dat as it came.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { Stack } from '../../tools/devstack/stack.js';
import { COMMISSIONER, deliverToMailbox, eml, waitForInbox, useServiceStack, type TestService } from '../support/harness.js';

const WINMAIL = readFileSync(join(process.cwd(), 'test', 'fixtures', 'tnef', 'umlaut.tnef'));

describe('e2e: a complaint with winmail.dat (TNEF)', function () {
  this.timeout(120_000);
  const shared = useServiceStack();
  let stack: Stack;
  let svc: TestService;

  before(async () => {
    stack = shared.stack;
    svc = await shared.start();
  });

  const filesOf = async (raw: Buffer) => (await simpleParser(raw)).attachments.map((a) => ({ name: a.filename, size: a.content.length, content: a.content }));

  it('then the commissioner and, after #beklaagde, the beklaagde receive the decoded files; winmail.dat stays in the file', async () => {
    const id = `tnef-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Klacht met bijlagen uit Outlook', messageId: id, attachment: { filename: 'winmail.dat', contentType: 'application/ms-tnef', content: WINMAIL } }));
    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === id);
    const number = /\[(KL-\d{4}-\d{4})\]/.exec(ack!.subject)![1]!;

    const [notice] = await waitForInbox(stack, 'commissaris', (m) => m.subject.includes(`[${number}]`) && /klacht/i.test(m.subject));
    const noticeFiles = (await filesOf(notice!.raw)).map((f) => f.name);
    expect(noticeFiles).to.include.members(['TBZ PARIV GmbH.jpg', 'image003.jpg', 'UmlautAnhang-äüö.txt']);

    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject: `[${number}] #beklaagde Piet Pieters <beklaagde@example.test>`, text: '', messageId: `cmd-${randomUUID()}@praktijk.test` }));
    const [request] = await waitForInbox(stack, 'beklaagde', (m) => m.subject.includes(`[${number}]`));
    const files = await filesOf(request!.raw);
    const txt = files.find((f) => f.name === 'UmlautAnhang-äüö.txt');
    expect(txt, `files in the request: ${files.map((f) => f.name).join(', ')}`).to.not.equal(undefined);
    expect(txt!.content.toString('latin1')).to.equal('TEST \xe4\xf6\xfc +-*/~');
    const jpg = files.find((f) => f.name === 'TBZ PARIV GmbH.jpg')!;
    expect(jpg.size).to.equal(44764);
    expect(jpg.content.subarray(0, 3)).to.deep.equal(Buffer.from([0xff, 0xd8, 0xff]));

    const c = svc.service.ctx.store.cases.byNumber(number)!;
    const complaint = svc.service.ctx.store.messages.byCase(c.id).find((m) => m.kind === 'complaint')!;
    const kept = svc.service.ctx.store.messages.attachmentsOf(complaint.id).map((a) => [a.filename, a.content_type, a.size]);
    expect(kept[0]).to.deep.equal(['winmail.dat', 'application/ms-tnef', WINMAIL.length]);
    expect(kept.map((k) => k[0])).to.include('UmlautAnhang-äüö.txt');
  });
});
