/**
 * The shared test stack itself (test/support/shared-stack.ts): users added while Dovecot runs can
 * log in and receive mail at once, and two files' views never see each other's mail or letters.
 */
import { expect } from 'chai';
import nodemailer from 'nodemailer';
import type { Stack } from '../../tools/devstack/stack.js';
import { eml, listMailbox, loginOf, startTestStack, waitForInbox } from '../support/harness.js';

function send(stack: Stack, to: string, subject: string): Promise<unknown> {
  const t = nodemailer.createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
  return t.sendMail({ envelope: { from: 'someone@example.test', to: [to] }, raw: eml({ to, subject }) }).finally(() => t.close());
}

describe('shared test stack: one set of daemons, a view per file', function () {
  this.timeout(30_000);
  let a: Stack | undefined;
  let b: Stack | undefined;
  afterEach(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('gives each view its own users, added at run time, and routes a letter for klager@ to the current view only', async () => {
    a = await startTestStack();
    expect(loginOf(a, 'klager')).to.match(/^f\d+-klager$/);
    await send(a, 'klager@example.test', 'for view a');
    await waitForInbox(a, 'klager', (m) => m.subject === 'for view a');
    expect(a.smtp.messages.map((m) => m.subject)).to.deep.equal(['for view a']);
    await a.stop();

    b = await startTestStack(); // the next file: users written into the passwd file while Dovecot runs
    expect(loginOf(b, 'klager')).to.not.equal(loginOf(a, 'klager'));
    expect(b.dovecot.imapPort).to.equal(a.dovecot.imapPort); // the same Dovecot
    expect(await listMailbox(b, 'klager', 'INBOX'), "b's klager sees nothing of a's mail").to.have.length(0);
    await send(b, 'klager@example.test', 'for view b');
    await waitForInbox(b, 'klager', (m) => m.subject === 'for view b');
    expect(b.smtp.messages.map((m) => m.subject), "b's record holds only b's letter").to.deep.equal(['for view b']);
    expect((await listMailbox(a, 'klager', 'INBOX')).map((m) => m.subject), "a's klager got nothing more").to.deep.equal(['for view a']);
  });

  it('refuses to stop the shared daemons from a view', async () => {
    a = await startTestStack();
    for (const stop of [() => a!.redis.stop(), () => a!.dovecot.stop(), () => a!.smtp.stop()]) {
      const err = await stop().then(() => null, (e: unknown) => e as Error);
      expect(err?.message).to.match(/startPrivateStack/);
    }
  });
});
