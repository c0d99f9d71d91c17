/**
 * Disk-level safety (issue 5 §5): the store runs in WAL with synchronous=FULL, and
 * `complaint-desk backup FILE` — the real CLI, as its own process — takes an online backup while
 * the service is running and writing, which opens on its own and holds every case.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Stack } from '../../tools/devstack/stack.js';
import { stackEnv } from '../../tools/devstack/stack-config.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { deliverToMailbox, eml, eventually, removeDir, startTestService, startPrivateStack, type TestService } from '../support/harness.js';

const run = promisify(execFile);

describe('fault: disk-level safety and the online backup (real Redis, Dovecot, SMTP)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let svc: TestService | null = null;
  const out = mkdtempSync(join(tmpdir(), 'cd-backup-'));

  before(async () => {
    stack = await startPrivateStack();
  });
  after(async () => {
    if (svc) {
      await svc.stop();
      removeDir(svc.dataDir);
    }
    await stack?.stop();
    removeDir(out);
  });

  it('the store is in WAL mode with synchronous=FULL', async () => {
    svc = await startTestService(stack);
    const db = svc.service.ctx.store.db;
    expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
    expect(db.pragma('synchronous', { simple: true })).to.equal(2); // FULL
  });

  it('`complaint-desk backup FILE` while the service runs and takes mail: the backup opens and holds every case', async () => {
    const db = svc!.service.ctx.store.db;
    for (let i = 0; i < 20; i++) await deliverToMailbox(stack, eml({ from: `klager+${i}@example.test`, subject: `Klacht ${i}` }));
    await eventually(() => (db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n === 20, 'twenty cases');
    // More mail arrives while the backup runs: the backup is a consistent snapshot, whatever it catches.
    const writing = (async () => {
      for (let i = 20; i < 30; i++) await deliverToMailbox(stack, eml({ from: `klager+${i}@example.test`, subject: `Klacht ${i}` }));
    })();
    const env = {
      ...process.env,
      ...stackEnv({ redisUrl: stack.redis.url, imap: { host: stack.dovecot.host, port: stack.dovecot.imapPort }, smtp: { host: stack.smtp.host, port: stack.smtp.port } }, svc!.dataDir),
    };
    const file = join(out, 'complaint-desk-backup.sqlite');
    const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'cli.js'), 'backup', file], { env });
    expect(stdout).to.include('backup written');
    await writing;

    const copy = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).to.equal('ok');
      const live = db.prepare('SELECT number FROM cases ORDER BY id').all() as { number: string }[];
      const saved = copy.prepare('SELECT number FROM cases ORDER BY id').all() as { number: string }[];
      expect(saved.length).to.be.at.least(20);
      expect(saved).to.deep.equal(live.slice(0, saved.length)); // a prefix of the live store: nothing half-written
      // Every case in the backup is whole: its klager, its complaint and its letters are there too.
      const orphans = copy.prepare(`SELECT count(*) AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM parties p WHERE p.case_id = c.id)
                                     OR NOT EXISTS (SELECT 1 FROM messages m WHERE m.case_id = c.id AND m.direction = 'in')
                                     OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = c.id)`).get() as { n: number };
      expect(orphans.n).to.equal(0);
    } finally {
      copy.close();
    }
  });
});
