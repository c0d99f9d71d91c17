/**
 * `complaint-desk purge [--dry-run]` as an operator runs it: the dry run lists case numbers and
 * counts (no personal data) and changes nothing; a real run that cannot reach the mailbox
 * deletes nothing, says so, and exits 1 (the copies in the mailbox must go first).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { stackEnv } from '../../tools/devstack/stack-config.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { Store } from '../../src/store/store.js';
import { applyTransition } from '../../src/use-cases/transition-case.js';
import { termsBench } from '../support/terms-bench.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli.js');

describe('complaint-desk purge (CLI)', function () {
  this.timeout(30_000);

  it('when a case closed more than RETENTION_MONTHS ago, then --dry-run lists it with counts only, and a run without the mailbox deletes nothing', async () => {
    // Received, dismissed and closed in March 2023: due for purging since March 2025.
    const b = termsBench('2023-03-01T09:00:00Z');
    const caseId = await b.complaint({ fromName: 'Geheime Naam', subject: 'Geheim onderwerp', text: 'Geheime tekst' });
    b.ctx.store.tx(() => {
      applyTransition(b.ctx, b.ctx.store.cases.get(caseId)!, 'dismiss', 'commissaris@praktijk.test', null);
      applyTransition(b.ctx, b.ctx.store.cases.get(caseId)!, 'close', 'commissaris@praktijk.test', null);
    });
    const number = b.ctx.store.cases.get(caseId)!.number;
    const dataDir = b.config.dataDir;
    b.ctx.store.close();
    try {
      const env = { PATH: process.env.PATH ?? '', ...stackEnv({ redisUrl: 'redis://127.0.0.1:1', imap: { host: '127.0.0.1', port: 1 }, smtp: { host: '127.0.0.1', port: 1 } }, dataDir, { LOG_LEVEL: 'silent' }) };
      const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'purge', ...args], { env, cwd: dataDir, encoding: 'utf8', timeout: 20_000 });

      const dry = run('--dry-run');
      expect(dry.status, dry.stderr).to.equal(0);
      expect(dry.stdout).to.include('would delete').and.include(`${number}  closed 2023-03-01, due 2025-03-01: 1 messages`);
      for (const s of ['Geheime Naam', 'Geheim onderwerp', 'Geheime tekst', '@example.test']) expect(dry.stdout).not.to.include(s);

      const real = run();
      expect(real.status).to.equal(1);
      expect(real.stdout).to.include(`FAILED ${number}`);
      const store = Store.open(dataDir);
      try {
        expect(store.cases.get(caseId)).to.include({ state: 'closed', subject: 'Geheim onderwerp' });
        expect(store.messages.byCase(caseId)).to.have.length(1);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
