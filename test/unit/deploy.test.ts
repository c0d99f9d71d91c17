/** The ways the service is started agree: `npm start`, the Dockerfile and the benchmarks. */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';
import { productionNodeFlags } from '../../bench/lib/kit.js';

describe('deployment: one way to start the service', () => {
  it('the Dockerfile CMD runs node with the same flags and entry as `npm start`', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8'))?.[1];
    expect(cmd, 'a CMD line in exec form').to.be.a('string');
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect((JSON.parse(cmd!) as string[]).join(' ')).to.equal(pkg.scripts.start);
  });

  it('the benchmarks start the service with the flags of `npm start`', () => {
    expect(productionNodeFlags()).to.deep.equal(['--max-semi-space-size=2', '--heap-growing-percent=25', '--initial-old-space-size=64']);
  });

  it('the production build (the image) leaves out the dev stack, and only the demo imports it', () => {
    const build = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[]; exclude: string[] };
    // tools/devstack/ lies outside src/, so the build's include leaves it out; the demo command,
    // the one file of src/ that imports it, is excluded by name.
    expect(build.include).to.deep.equal(['src/**/*.ts']);
    expect(build.exclude).to.include.members(['src/cli/demo.ts']);
    expect(readFileSync(path.join(PROJECT_ROOT, 'tools/devstack/stack.ts'), 'utf8')).to.match(/export async function startStack/);
    expect(readFileSync(path.join(PROJECT_ROOT, 'src/cli/demo.ts'), 'utf8')).to.match(/from '\.\.\/\.\.\/tools\/devstack\//);
    expect(readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8')).to.match(/^RUN npm run build\b/m);
    expect(readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8'), 'the image gets no tools/').not.to.match(/^COPY (\.\/)?tools\b/m);
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { build: string } };
    expect(pkg.scripts.build).to.equal('tsc -p tsconfig.build.json');
    const src = path.join(PROJECT_ROOT, 'src');
    const importers = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && f !== path.join('cli', 'demo.ts'))
      .filter((f) => /from '[^']*(devstack|tools)\/|import\('[^']*(devstack|tools)\//.test(readFileSync(path.join(src, f), 'utf8')));
    expect(importers, 'files of the production build that import the dev stack').to.deep.equal([]);
  });
});

describe('deployment: one Node in CI and in the image', () => {
  it('the Dockerfile builds on the exact Node 24 release that scripts/with-node24.sh fetches for the tests', () => {
    const fetched = /NODE24_VERSION:-(24\.\d+\.\d+)/.exec(readFileSync(path.join(PROJECT_ROOT, 'scripts/with-node24.sh'), 'utf8'))?.[1];
    expect(fetched, 'a pinned Node 24 release in with-node24.sh').to.be.a('string');
    const images = [...readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8').matchAll(/^FROM node:([^\s-]+)/gm)].map((m) => m[1]);
    expect(images).to.have.length.greaterThan(0);
    for (const tag of images) expect(tag).to.equal(fetched);
  });
});
