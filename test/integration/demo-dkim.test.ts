/**
 * The demo's commands are authenticated as in production (issue 13): its SMTP server signs what
 * the commissioner's login submits (tools/devstack/demo-dkim.ts), the service runs COMMAND_AUTH=dkim
 * with the demo key in its resolver. Her command sent with her login is obeyed; the same command
 * with her From but without her login is refused, and she is warned.
 */
import { expect } from 'chai';
import nodemailer from 'nodemailer';
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '../../tools/devstack/stack.js';
import { DEMO_DOMAIN, DEMO_USERS } from '../../tools/devstack/stack-config.js';
import { demoDkim } from '../../tools/devstack/demo-dkim.js';
import { COMMISSIONER, deliverToMailbox, eml, passwordOf, removeDir, startTestService, waitForInbox, type TestService } from '../support/harness.js';

describe('demo: the commissioner\'s login signs her mail, COMMAND_AUTH=dkim checks it', function () {
  this.timeout(120_000);
  let stack: Stack;
  let svc: TestService;
  const dkim = demoDkim(DEMO_DOMAIN, 'commissaris');

  before(async () => {
    stack = await startStack({ users: DEMO_USERS, transform: dkim.sign });
    svc = await startTestService(stack, { overrides: { COMMAND_AUTH: 'dkim' }, service: { dnsResolver: dkim.resolver } });
  });
  after(async () => {
    await svc?.stop();
    if (svc) removeDir(svc.dataDir);
    await stack?.stop();
  });

  const send = (auth: { user: string; pass: string } | null, subject: string, messageId: string) =>
    nodemailer.createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true, ...(auth ? { auth } : {}) })
      .sendMail({ from: { name: 'M. Roozmond', address: COMMISSIONER }, to: `klachten@${DEMO_DOMAIN}`, subject, text: 'Met groet, Maja', messageId: `<${messageId}>` });

  it('when she sends #status with her login, it is obeyed; the same From without her login is refused and she is warned', async () => {
    const complaintId = `c-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ messageId: complaintId }));
    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === complaintId);
    const n = /\[(KL-\d{4}-\d{4})\]/.exec(ack!.subject)![1]!;

    const signed = `s-${randomUUID()}@praktijk.test`;
    await send({ user: 'commissaris', pass: passwordOf('commissaris') }, `[${n}] #status`, signed);
    const [receipt] = await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === signed);
    expect(receipt!.subject).to.match(/Uitgevoerd/);
    expect(stack.smtp.messages.find((m) => m.messageId === `<${signed}>`)!.raw.toString()).to.match(/^DKIM-Signature: /m);

    const forged = `f-${randomUUID()}@praktijk.test`;
    await send(null, `[${n}] #sluit`, forged);
    await waitForInbox(stack, 'commissaris', (m) => m.subject.startsWith('Waarschuwing: opdracht van uw adres niet uitgevoerd'));
    expect(stack.smtp.messages.find((m) => m.messageId === `<${forged}>`)!.raw.toString()).not.to.match(/^DKIM-Signature: /m);
    expect(svc.service.ctx.store.cases.byNumber(n)!.state).to.equal('acknowledged');
  });
});
