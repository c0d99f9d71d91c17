/**
 * The README's "How it is built" table names every top-level folder of src/ and tools/, and no
 * folder that does not exist, in the order a message flows through them.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';

/** The first-column paths of the table under "## How it is built", in table order. */
function tableFolders(readme: string): string[] {
  const start = readme.indexOf('\n## How it is built');
  expect(start, 'a "How it is built" section').to.be.greaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

const topFolders = (dir: string): string[] =>
  readdirSync(path.join(PROJECT_ROOT, dir), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${dir}/${e.name}/`);

describe('README: the "How it is built" table matches the folders', () => {
  const named = tableFolders(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8'));

  it('names every top-level folder of src/ and tools/', () => {
    const missing = [...topFolders('src'), ...topFolders('tools')].filter((f) => !named.includes(f));
    expect(missing, 'folders the table leaves out').to.deep.equal([]);
  });

  it('names only folders that exist, each once', () => {
    const absent = named.filter((f) => !existsSync(path.join(PROJECT_ROOT, f)) || !statSync(path.join(PROJECT_ROOT, f)).isDirectory());
    expect(absent, 'rows naming no folder').to.deep.equal([]);
    expect(new Set(named).size, 'rows named twice').to.equal(named.length);
  });

  it('lists the flow in its order: mail-in, use-cases, store, jobs, mail-out', () => {
    const flow = ['src/mail-in/', 'src/use-cases/', 'src/store/', 'src/jobs/', 'src/mail-out/'];
    const at = flow.map((f) => named.indexOf(f));
    expect(at.every((i) => i >= 0), 'every folder of the flow').to.equal(true);
    expect([...at].sort((a, b) => a - b)).to.deep.equal(at);
  });
});
