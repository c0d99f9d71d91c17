/**
 * Issue 12: a configuration in which her commands can never be obeyed stops `start` with one line
 * saying why, and `check-config` says that same line. The CLI runs as a child process with only
 * the environment given (no .env in its working directory); start exits before it connects to
 * anything, so no stack is needed.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli.js');

function cli(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, cwd, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('CLI: start and check-config agree on a configuration whose commands can never be obeyed', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cd-never-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const base = (dataDir: string) => ({
    IMAP_HOST: 'imap.example.nl', IMAP_USER: 'maja@roozmondmediation.nl', IMAP_PASSWORD: 'x', SMTP_HOST: 'smtp.example.nl',
    COMMISSIONER_NAME: 'M. Roozmond', PRACTICE_NAME: 'Praktijk LUX', DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:1',
  });
  const table: [string, Record<string, string>, RegExp][] = [
    ['her own address as the service\'s in a dedicated mailbox',
      { MAIL_FROM: '"M. Roozmond" <maja@roozmondmediation.nl>', COMMISSIONER_EMAILS: 'Maja@RoozmondMediation.nl' },
      /^COMMISSIONER_EMAILS holds maja@roozmondmediation\.nl, the service's own address.*set MAILBOX_MODE=own$/],
    ['sent-folder in a dedicated mailbox',
      { MAIL_FROM: 'klachten@roozmondmediation.nl', COMMISSIONER_EMAILS: 'maja@roozmondmediation.nl', COMMAND_AUTH: 'sent-folder' },
      /^COMMAND_AUTH: sent-folder works only with MAILBOX_MODE=own/],
  ];
  it('when PRACTICES_FILE holds mistakes and a key of the single practice is set beside it, then start lists every one and check-config the same', async () => {
    const dataDir = join(dir, 'practices');
    const file = join(dir, 'practices.yaml');
    writeFileSync(file, 'practices:\n  - id: Lux\n    name: Praktijk LUX\n    ownerEmails: eigenaar@praktijklux.nl\n    casePrefix: lux\n    procedure: lux\n');
    const env = { ...base(dataDir), PRACTICE_NAME: '', MAIL_FROM: 'klachten@roozmondmediation.nl', COMMISSIONER_EMAILS: 'maja@roozmondmediation.nl', PRACTICES_FILE: file, CASE_PREFIX: 'KL' };
    const start = await cli(['start'], env, dir);
    expect(start.code, start.stderr).to.equal(1);
    const said = start.stderr.trimEnd().split('\n').filter((l) => l !== 'complaint-desk: invalid configuration:').map((l) => l.replace(/^\s+- /, ''));
    expect(said.map((l) => l.replace(/:.*/, ''))).to.deep.equal(['CASE_PREFIX', 'PRACTICES_FILE practices[1] (Lux).id', 'PRACTICES_FILE practices[1] (Lux).casePrefix']);
    expect(existsSync(dataDir), 'start made no store').to.equal(false);
    const check = await cli(['check-config'], env, dir);
    expect(check.code).to.equal(1);
    expect(check.stdout.split('\n').filter((l) => l.startsWith('FAILED')).map((l) => l.replace(/^FAILED\s+/, ''))).to.deep.equal(said);
  });

  for (const [what, env, line] of table) {
    it(`when ${what}, then start exits 1 with that one line, before touching DATA_DIR, and check-config fails on the same line`, async () => {
      const dataDir = join(dir, what.replace(/\W+/g, '-'));
      const start = await cli(['start'], { ...base(dataDir), ...env }, dir);
      expect(start.code, start.stderr).to.equal(1);
      // One line saying why: `complaint-desk: <why>`, or under the header of an invalid configuration `  - <why>`.
      const lines = start.stderr.trimEnd().split('\n').filter((l) => l !== 'complaint-desk: invalid configuration:');
      expect(lines, start.stderr).to.have.length(1);
      const said = lines[0]!.replace(/^complaint-desk: |^\s+- /, '');
      expect(said).to.match(line);
      expect(start.stdout).to.equal('');
      expect(existsSync(dataDir), 'start made no store').to.equal(false);

      const check = await cli(['check-config'], { ...base(dataDir), ...env }, dir);
      expect(check.code).to.equal(1);
      const failed = check.stdout.split('\n').filter((l) => l.startsWith('FAILED'));
      expect(failed.map((l) => l.replace(/^FAILED\s+/, ''))).to.deep.equal([said]);
    });
  }
});
