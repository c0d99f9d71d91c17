/**
 * The flow runs one way (DESIGN.md, issue 15 §3): reads every import (static, `export … from` and
 * dynamic `import('…')`) of every .ts file under src and fails when a lower layer imports a
 * higher one. Layers, low to high:
 *   domain < foundation (config, logger, paths, env) < store < use-cases (with annual-report, export)
 *   < adapters (jobs, mail-in, mail-out, mail-auth, web, http, app-context.ts)
 *   < entry points (main.ts, cli.ts, and the commands in cli/: `start` and `demo` start the service).
 * The dev stack lies outside src (tools/devstack), so it has no layer here.
 * util/ and errors/ may be imported from anywhere. Adapters may import one another and the
 * use-cases; the use-cases may not import an adapter, except mail-out's letter table, its
 * renderer and the attachment spec (what a letter is, not how it is sent).
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';

const SRC = path.join(PROJECT_ROOT, 'src');
const ANYWHERE = new Set(['util', 'errors']);
const RANK: Record<string, number> = {
  domain: 1,
  'config.ts': 2, 'config-fields.ts': 2, 'config-mailbox.ts': 2, 'logger.ts': 2, 'paths.ts': 2, 'env.ts': 2,
  'config-practices.ts': 2, 'config-mail-auth.ts': 2, 'config-practice-env.ts': 2, 'config-practices-cross.ts': 2, 'config-procedure.ts': 2,
  store: 3,
  'use-cases': 4, 'annual-report': 4, export: 4,
  jobs: 5, 'mail-in': 5, 'mail-out': 5, 'mail-auth': 5, web: 5, http: 5, 'app-context.ts': 5,
  'main.ts': 6, 'cli.ts': 6, cli: 6,
};
/** What a use-case may take from mail-out: the letter table, the renderer, the attachment spec. */
const USE_CASE_MAY_USE = new Set(['mail-out/letters.ts', 'mail-out/render.ts', 'mail-out/attachments.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.isFile() && e.name.endsWith('.ts') ? [full] : [];
  });
}

/** The layer of a path relative to src: its first folder, or the file itself at the top. */
const layerOf = (rel: string) => rel.split('/')[0]!;

/** Every relative import of `text`, as written. */
export function importsOf(text: string): string[] {
  const re = /(?:^|[^\w.])(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)|^\s*import\s+['"](\.[^'"]+)['"]/gm;
  return [...text.matchAll(re)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Why `from` may not import `to` (paths relative to src, .ts), or null when it may. */
export function violation(from: string, to: string): string | null {
  const a = layerOf(from), b = layerOf(to);
  if (a === b || ANYWHERE.has(b)) return null;
  if (ANYWHERE.has(a)) return `${a} may be imported from anywhere, so it imports nothing of the service`;
  const ra = RANK[a], rb = RANK[b];
  if (ra === undefined) return `${a} has no layer: add it to RANK`;
  if (rb === undefined) return `${b} has no layer: add it to RANK`;
  if (rb > ra) {
    if (ra === 4 && USE_CASE_MAY_USE.has(to)) return null;
    return `${a} (layer ${ra}) imports ${b} (layer ${rb})`;
  }
  return null;
}

describe('import direction: the flow runs one way', () => {
  it('when the rule is asked about known cases, then it answers as the layers say', () => {
    expect(violation('use-cases/x.ts', 'jobs/send-letter.ts')).to.match(/use-cases .* imports jobs/);
    expect(violation('use-cases/x.ts', 'mail-out/transport.ts')).to.match(/imports mail-out/);
    expect(violation('use-cases/x.ts', 'mail-in/receive-message.ts')).to.match(/imports mail-in/);
    expect(violation('domain/x.ts', 'store/store.ts')).to.match(/domain/);
    expect(violation('store/x.ts', 'use-cases/context.ts')).to.match(/store/);
    expect(violation('jobs/x.ts', 'cli/start.ts')).to.match(/jobs .* imports cli/);
    expect(violation('cli/start.ts', 'main.ts')).to.equal(null);
    expect(violation('use-cases/x.ts', 'mail-out/letters.ts')).to.equal(null);
    expect(violation('jobs/x.ts', 'use-cases/bounce-alert.ts')).to.equal(null);
    expect(violation('mail-in/x.ts', 'use-cases/ingest-batch.ts')).to.equal(null);
    expect(violation('domain/x.ts', 'errors/index.ts')).to.equal(null);
    expect(violation('errors/x.ts', 'domain/case.ts')).to.match(/anywhere/);
  });

  it('when the imports are read, then every kind is found', () => {
    const text = "import a from './a.js';\nimport type { B } from '../b.js';\nexport { c } from './c.js';\nconst d = await import('../d.js');\nimport './e.js';\nimport x from 'node:fs';";
    expect(importsOf(text)).to.deep.equal(['./a.js', '../b.js', './c.js', '../d.js', './e.js']);
  });

  it('when src is scanned, then no lower layer imports a higher one', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = path.relative(SRC, file).split(path.sep).join('/');
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const to = path.relative(SRC, path.resolve(path.dirname(file), spec)).split(path.sep).join('/').replace(/\.js$/, '.ts');
        if (to.startsWith('..')) continue; // outside src (none today)
        const why = violation(from, to);
        if (why) problems.push(`${from} → ${to}: ${why}`);
      }
    }
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
