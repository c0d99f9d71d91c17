/**
 * `npm run demo -- --practices`: the demo desk serving two practices from one mailbox (issue 16),
 * as a commissioner with several practices runs it. `lux` runs the seed's procedure, `zorg` the
 * Wkkgz; each is recognised by a plus-address on the complaints mailbox (klachten+lux@…,
 * klachten+zorg@…), which Dovecot's LMTP delivers into the klachten mailbox (its default
 * recipient_delimiter is "+"). Mail to the plain address names no practice and is held.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DOMAIN } from './stack-config.js';

/** The zorg practice's owner: the demo's `directie` mailbox, at a domain of the practice's own. */
export const ZORG_OWNER = 'directie@delinde-zorg.test';
export const LUX_OWNER = `eigenaar@${DEMO_DOMAIN}`;

export const DEMO_PRACTICES = [
  { id: 'lux', name: 'Praktijk LUX', prefix: 'LUX', address: `klachten+lux@${DEMO_DOMAIN}`, owner: LUX_OWNER, procedure: 'lux' },
  { id: 'zorg', name: 'Zorgpraktijk De Linde', prefix: 'ZRG', address: `klachten+zorg@${DEMO_DOMAIN}`, owner: ZORG_OWNER, procedure: 'wkkgz' },
] as const;

export function demoPracticesYaml(): string {
  return `# written by complaint-desk demo --practices (tools/devstack/demo-practices.ts); throwaway
holdPrefix: KL
practices:
  - id: lux
    name: Praktijk LUX
    ownerEmails: ${LUX_OWNER}
    ownerName: Emma Hafkamp
    casePrefix: LUX
    procedure: lux
    recognise:
      plusTags: [lux]
  - id: zorg
    name: Zorgpraktijk De Linde
    ownerEmails: [${ZORG_OWNER}]
    ownerName: Anna de Linde
    casePrefix: ZRG
    disputesBody: De Geschillencommissie Zorg
    procedure:
      preset: wkkgz
    recognise:
      plusTags: [zorg]
`;
}

/** Writes the practices file into `dir` and returns the environment that runs the desk on it. */
export function writeDemoPractices(dir: string): { file: string; env: Record<string, string> } {
  const file = join(dir, 'practices.yaml');
  writeFileSync(file, demoPracticesYaml());
  // The loader refuses the single-practice keys beside a file; the desk is then named by its practices.
  return { file, env: { PRACTICES_FILE: file, PRACTICE_OWNER_EMAIL: '', PRACTICE_OWNER_NAME: '', PRACTICE_NAME: '' } };
}
