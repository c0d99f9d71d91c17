/**
 * check-config without --connect (issue 14 §6d): every problem at once, a misspelt key of ours
 * named with the key it should be, and a DATA_DIR that cannot be made called so (tried, not guessed).
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfig } from '../../src/cli/check-config.js';
import { unknownKeys } from '../../src/cli/config-keys.js';
import { CONFIG_KEYS } from '../../src/config.js';
import { PROJECT_ROOT } from '../../src/paths.js';

describe('check-config: every problem, unknown keys, DATA_DIR tried', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'cd-check-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const good = () => ({
    IMAP_HOST: 'imap.example.test', IMAP_USER: 'k', IMAP_PASSWORD: 'x', SMTP_HOST: 'smtp.example.test', MAIL_FROM: 'klachten@example.test',
    COMMISSIONER_EMAILS: 'c@example.test', COMMISSIONER_NAME: 'C', PRACTICE_NAME: 'P', DATA_DIR: join(dir, 'data'),
  });
  const failed = (r: Awaited<ReturnType<typeof checkConfig>>) => r.results.filter((x) => x.status === 'failed').map((x) => x.message);

  it('when a good configuration is checked, then nothing fails and a missing DATA_DIR is left as it was', async () => {
    const r = await checkConfig(good());
    expect(failed(r)).to.deep.equal([]);
    expect(r.results.find((x) => x.check === 'data')!.message).to.include('can be created');
    expect(existsSync(join(dir, 'data'))).to.equal(false);
  });

  it('when several keys are wrong, a key is misspelt and DATA_DIR cannot be made, then each is listed', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const env: Record<string, string | undefined> = {
      ...good(), COMMISSIONER_NAME: undefined, COMISSIONER_NAME: 'M. Roozmond', IMAP_PORT: 'abc', ACK_MODE: 'sometimes',
      IMAP_PASWORD: 'oops', DATA_DIR: join(blocker, 'data'), PATH: '/usr/bin', HOME: '/root', TERM_PROGRAM: 'x', HTTP_PROXY: 'http://p',
    };
    const r = await checkConfig(env);
    const msgs = failed(r);
    expect(r.ok).to.equal(false);
    expect(msgs.some((m) => m.startsWith('COMMISSIONER_NAME:'))).to.equal(true);
    expect(msgs.some((m) => m.startsWith('IMAP_PORT:'))).to.equal(true);
    expect(msgs.some((m) => m.startsWith('ACK_MODE:'))).to.equal(true);
    expect(msgs).to.include('COMISSIONER_NAME: not a key of complaint-desk; did you mean COMMISSIONER_NAME?');
    expect(msgs).to.include('IMAP_PASWORD: not a key of complaint-desk; did you mean IMAP_PASSWORD?');
    expect(msgs.some((m) => /^DATA_DIR .*a-file is not a folder/.test(m)), msgs.join('\n')).to.equal(true);
    expect(msgs.join('\n')).not.to.match(/PATH|HOME|TERM_PROGRAM|HTTP_PROXY/);
  });

  it('when DATA_DIR cannot be made although its parent is a writable folder, then it is not called creatable', async function () {
    // Permission bits say yes (and as root always would); only trying finds the name too long for the file system.
    const r = await checkConfig({ ...good(), DATA_DIR: join(dir, 'x'.repeat(300)) });
    const data = r.results.find((x) => x.check === 'data')!;
    expect(data.status).to.equal('failed');
    expect(data.message).to.include('cannot be created').and.not.include('can be created;');
  });

  it('when PRACTICES_FILE names the practices, then each is listed with its procedure and how it is recognised; a bad file lists every problem', async () => {
    const { PRACTICE_NAME: _, ...desk } = good();
    const r = await checkConfig({ ...desk, PRACTICES_FILE: join(PROJECT_ROOT, 'docs', 'practices.example.yaml') });
    expect(failed(r)).to.deep.equal([]);
    const lines = r.results.filter((x) => x.check === 'practices').map((x) => x.message);
    expect(lines).to.deep.equal([
      'lux: Praktijk LUX, cases LUX-YYYY-NNNN, nl, procedure lux (handling 30 wd from the acknowledgement), owner eigenaar@praktijklux.nl; recognised by klachten@praktijklux.nl, +lux',
      'zorg: Zorgpraktijk De Linde, cases ZRG-YYYY-NNNN, nl, procedure wkkgz (handling 6 weeks from the receipt), owner directie@delinde-zorg.nl; recognised by folder Klachten/De Linde',
      'a complaint whose practice cannot be told is held as KL-YYYY-NNNN until #praktijk ID assigns it',
    ]);
    const bad = join(dir, 'practices.yaml');
    writeFileSync(bad, 'practices:\n  - { id: lux, name: L, ownerEmails: c@example.test, casePrefix: lx, procedure: lux }\n');
    const msgs = failed(await checkConfig({ ...desk, PRACTICES_FILE: bad, CASE_PREFIX: 'LUX' }));
    expect(msgs).to.include("PRACTICES_FILE practices[1] (lux).casePrefix: must be 1-8 capitals/digits, e.g. KL (got 'lx') at line 2");
    expect(msgs.some((m) => m.startsWith("PRACTICES_FILE practices[1] (lux).ownerEmails: c@example.test is a commissioner's address"))).to.equal(true);
    expect(msgs.some((m) => m.startsWith('CASE_PREFIX: is for a desk without PRACTICES_FILE'))).to.equal(true);
  });

  it('when there is no PRACTICES_FILE, then the one practice of the environment is listed as the only one', async () => {
    const lines = (await checkConfig(good())).results.filter((x) => x.check === 'practices').map((x) => x.message);
    expect(lines).to.deep.equal(['kl: P, cases KL-YYYY-NNNN, nl, procedure lux (handling 30 wd from the acknowledgement), owner none; the only practice (no PRACTICES_FILE), so every complaint is its']);
  });

  it('when a key of ours is misspelt further, then it is still flagged by its prefix', () => {
    expect(unknownKeys(['SMTP_HOSTNAME', 'WEB_ENABLE', 'LANG'], CONFIG_KEYS)).to.deep.equal([
      { key: 'SMTP_HOSTNAME', suggestion: 'SMTP_HOST' }, { key: 'WEB_ENABLE', suggestion: 'WEB_ENABLED' },
    ]);
  });
});
