/**
 * `npm run demo -- --practices` (tools/devstack/demo-practices.ts): the practices file it writes
 * loads as a deployment's would, beside the demo's environment, with the single-practice keys
 * emptied as the loader demands.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PRACTICES, writeDemoPractices } from '../../tools/devstack/demo-practices.js';
import { DEMO_USERS, stackConfig } from '../../tools/devstack/stack-config.js';

describe('the demo with --practices', () => {
  it('when its practices file is loaded with the demo environment, then the desk serves lux (seed) and zorg (Wkkgz), each by its plus-tag, each owner a demo mailbox', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-demo-practices-'));
    try {
      const { env } = writeDemoPractices(dir);
      const config = stackConfig({ redisUrl: 'redis://127.0.0.1:1', imap: { host: '127.0.0.1', port: 1 }, smtp: { host: '127.0.0.1', port: 1 } }, join(dir, 'data'), env);
      const set = config.practices;
      expect(set.single).to.equal(false);
      expect(set.practices.map((p) => [p.id, p.name, p.casePrefix, p.procedure.preset, p.recognise.plusTags])).to.deep.equal([
        ['lux', 'Praktijk LUX', 'LUX', 'lux', ['lux']],
        ['zorg', 'Zorgpraktijk De Linde', 'ZRG', 'wkkgz', ['zorg']],
      ]);
      expect(set.practices[1]!.disputesBody).to.equal('De Geschillencommissie Zorg');
      // Every owner reads her mail in the demo (Dovecot strips the domain from the address).
      const users = new Set(DEMO_USERS.map((u) => u.user));
      for (const p of set.practices) expect(users.has(p.ownerEmails[0]!.split('@')[0]!), p.id).to.equal(true);
      expect(DEMO_PRACTICES.map((p) => p.address)).to.deep.equal(['klachten+lux@praktijk.test', 'klachten+zorg@praktijk.test']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
