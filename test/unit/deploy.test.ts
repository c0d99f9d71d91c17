/** The ways the service is started agree: `npm start`, the Dockerfile and the benchmarks. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
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
    expect(productionNodeFlags()).to.deep.equal(['--max-semi-space-size=2']);
  });
});
