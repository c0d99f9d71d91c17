/**
 * `complaint-desk reprocess` on the real stack (Dovecot, Redis, SMTP sink): a second complaint
 * from one sender is held back by MAX_NEW_CASES_PER_SENDER_PER_DAY and lies in the quarantine
 * folder; the dry run lists it and changes nothing; reprocess by Message-ID takes it in, opens its
 * case (the klager gets the acknowledgement, from the running service's relay) and moves the copy
 * out of quarantine; bad selectors are usage errors.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from '../../tools/devstack/stack.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { COMMISSIONER, deliverToMailbox, eml, eventually, listMailbox, removeDir, startTestService, startTestStack, testEnv, waitForInbox, type TestService } from '../support/harness.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli.js');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, cwd: tmpdir(), timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0, stdout, stderr });
    });
  });
}

describe('CLI reprocess: a quarantined mail taken in again', function () {
  this.timeout(120_000);
  let stack: Stack;
  let svc: TestService;
  let env: Record<string, string>;
  const cases = () => (svc.service.ctx.store.db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
  const quarantine = () => listMailbox(stack, 'klachten', svc.config.imap.quarantineMailbox);

  before(async () => {
    stack = await startTestStack();
    svc = await startTestService(stack, { overrides: { MAX_NEW_CASES_PER_SENDER_PER_DAY: '1' } });
    env = testEnv(stack, svc.dataDir, { LOG_LEVEL: 'silent', MAX_NEW_CASES_PER_SENDER_PER_DAY: '1' });
  });
  after(async () => {
    if (svc) {
      await svc.stop();
      removeDir(svc.dataDir);
    }
    await stack?.stop();
  });

  it('when a held-back complaint is reprocessed by its Message-ID, then the dry run changes nothing and the real run opens its case', async () => {
    const first = `first-${randomUUID()}@example.test`;
    const second = `second-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ from: 'klager@example.test', fromName: 'Jan Jansen', subject: 'Klacht over de balie', messageId: first }));
    const [ack1] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === first);
    // Not a complaint after all: no case of hers is open, so her next mail is a new complaint, and over the limit.
    const number = /\[(KL-\d{4}-\d{4})\]/.exec(ack1!.subject)![1]!;
    const cmd = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject: `[${number}] #geen-klacht`, messageId: cmd }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === cmd);
    await deliverToMailbox(stack, eml({ from: 'klager@example.test', fromName: 'Jan Jansen', subject: 'Tweede klacht: de rekening', messageId: second }));
    const [held] = await eventually(async () => {
      const q = await quarantine();
      return q.length === 1 ? q : null;
    }, 'the second complaint in quarantine');
    expect(cases()).to.equal(1);

    expect((await cli(['reprocess'], env)).code, 'no selector').to.equal(2);
    expect((await cli(['reprocess', '--uid', 'x'], env)).code, 'bad uid').to.equal(2);

    const dry = await cli(['reprocess', '--all', '--dry-run'], env);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.stdout).to.include(`<${second}>`).and.include('MAX_NEW_CASES_PER_SENDER_PER_DAY').and.include('would be taken in').and.include('nothing changed');
    expect(cases()).to.equal(1);
    expect(await quarantine()).to.have.length(1);

    const run = await cli(['reprocess', '--message-id', `<${second}>`, '--json'], env);
    expect(run.code, run.stderr).to.equal(0);
    const out = JSON.parse(run.stdout) as { messages: { uid: number; kind: string; caseNumber: string; takenIn: boolean }[] };
    expect(out.messages).to.have.length(1);
    expect(out.messages[0]).to.include({ kind: 'new-complaint', takenIn: true, uid: held!.uid });
    expect(cases()).to.equal(2);
    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === second);
    expect(ack!.subject).to.include(out.messages[0]!.caseNumber);
    expect(await quarantine()).to.have.length(0);
    expect((await listMailbox(stack, 'klachten', svc.config.imap.processedMailbox)).map((m) => m.messageId)).to.include(`<${second}>`);

    // Taken in once: a second run finds nothing in quarantine.
    const again = await cli(['reprocess', '--all'], env);
    expect(again.stdout).to.include('nothing in quarantine matches');
  });
});
