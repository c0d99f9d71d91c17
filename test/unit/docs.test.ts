/**
 * The repository explains itself (issue 15, item 7): README.md and docs/ hold the procedure, the
 * states and the commands, and nothing in them points outside the repository. These tests keep
 * the docs from going stale: a command added to COMMAND_TABLE, a state or transition added to
 * the lifecycle, or a TERM_* key added to the configuration fails here until it is documented;
 * and a link that leaves the repository or points at a missing file fails too.
 */
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { COMMAND_TABLE } from '../../src/domain/commands.js';
import { STATES, TRANSITIONS } from '../../src/domain/case.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const read = (rel: string): string => readFileSync(path.join(PROJECT_ROOT, rel), 'utf8');

/** README.md and every docs/*.md, as paths relative to the project root. */
function docFiles(): string[] {
  const docs = readdirSync(path.join(PROJECT_ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

/** The text outside fenced code blocks (``` … ```). */
function withoutFences(text: string): string {
  return text.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
}

/** The rows of the first Markdown table whose header's first cell is `firstHeader`, as arrays of cells. */
function tableRows(text: string, firstHeader: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\|\\s*${firstHeader}\\s*\\|`).test(l));
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    // Split on | that is not escaped as \|.
    rows.push(line.slice(1, line.endsWith('|') ? -1 : undefined).split(/(?<!\\)\|/).map((c) => c.trim()));
  }
  return rows;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings (duplicates get -1, -2 … as on GitHub). */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutFences(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1] ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** The targets of inline Markdown links and images `[text](target)` and of autolinks `<scheme:…>`, outside code. */
function linkTargets(text: string): string[] {
  const prose = withoutFences(text).replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  const reference = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]!);
  const auto = [...prose.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]+)>/gi)].map((m) => m[1]!);
  return [...inline, ...reference, ...auto];
}

describe('docs: the repository explains itself (issue 15)', () => {
  const commandsMd = read('docs/commands.md');
  const statesMd = read('docs/states.md');
  const procedureMd = read('docs/procedure.md');

  it('has README.md and the three docs pages', () => {
    for (const f of ['README.md', 'docs/procedure.md', 'docs/states.md', 'docs/commands.md']) {
      expect(existsSync(path.join(PROJECT_ROOT, f)), f).to.equal(true);
    }
  });

  describe('docs/commands.md covers COMMAND_TABLE', () => {
    const summary = tableRows(commandsMd, 'command');
    for (const c of COMMAND_TABLE) {
      it(`#${c.name} (#${c.alias}) has a summary row and a section`, () => {
        const row = summary.find((r) => r[0] === `\`#${c.name}\``);
        expect(row, `a summary row for #${c.name} in docs/commands.md`).to.not.equal(undefined);
        expect(row![1], `the English alias of #${c.name}`).to.equal(`\`#${c.alias}\``);
        expect(row![3], `"needs a case" of #${c.name}`).to.equal(c.needsCase ? 'yes' : 'no');
        const heading = new RegExp(`^### \`#${c.name.replace(/-/g, '\\-')}(?=[\\s\`])[^\\n]*\\(\`#${c.alias.replace(/-/g, '\\-')}[\\s\`|]`, 'm');
        expect(heading.test(commandsMd), `a "### \`#${c.name} …\` (\`#${c.alias}\`)" section in docs/commands.md`).to.equal(true);
      });
    }

    it('lists no command that COMMAND_TABLE does not have', () => {
      const names = new Set(COMMAND_TABLE.map((c) => `\`#${c.name}\``));
      const extra = summary.map((r) => r[0]!).filter((cell) => !names.has(cell));
      expect(extra).to.deep.equal([]);
    });

    it('README.md lists every command in its table of commands', () => {
      const readme = read('README.md');
      const missing = COMMAND_TABLE.filter((c) => !readme.includes(`\`#${c.name}`) || !readme.includes(`\`#${c.alias}\``)).map((c) => c.name);
      expect(missing).to.deep.equal([]);
    });
  });

  describe('docs/states.md covers the lifecycle', () => {
    const rows = tableRows(statesMd, 'state');

    for (const state of STATES) {
      it(`state ${state}: a row, and every state the transition table leads to from it`, () => {
        const row = rows.find((r) => r[0] === `\`${state}\``);
        expect(row, `a table row for \`${state}\` in docs/states.md`).to.not.equal(undefined);
        const targets = [...new Set(Object.values(TRANSITIONS[state]))];
        const toCell = row![row!.length - 1]!;
        for (const to of targets) expect(toCell, `"to" of ${state} names ${to}`).to.include(`\`${to}\``);
        if (targets.length === 0) expect(toCell).to.match(/^(—|-|none)$/);
        // The text diagram names the state too.
        const diagram = statesMd.slice(statesMd.indexOf('## Diagram'), statesMd.indexOf('## Table'));
        expect(diagram, `the diagram names ${state}`).to.match(new RegExp(`(^|[^\\w-])${state}($|[^\\w-])`, 'm'));
      });
    }

    it('lists no state that the lifecycle does not have', () => {
      const known = new Set(STATES.map((s) => `\`${s}\``));
      expect(rows.map((r) => r[0]!).filter((cell) => !known.has(cell))).to.deep.equal([]);
    });
  });

  describe('docs/procedure.md covers the articles and the terms', () => {
    it('has a section for each of art. 1–14 and the footnote', () => {
      for (let n = 1; n <= 14; n++) expect(procedureMd, `art. ${n}`).to.match(new RegExp(`^## Art\\. ${n}:`, 'm'));
      expect(procedureMd).to.match(/^## Footnote/m);
    });

    it('names every TERM_* key of src/config.ts with its default', () => {
      const config = read('src/config.ts');
      const keys = [...config.matchAll(/^\s*(TERM_\w+|RETENTION_MONTHS):\s*int\((\d+)/gm)].map((m) => ({ key: m[1]!, def: m[2]! }));
      expect(keys.length).to.be.greaterThan(5);
      const terms = tableRows(procedureMd, 'term');
      for (const { key, def } of keys) {
        const row = terms.find((r) => r.some((c) => c === `\`${key}\``));
        expect(row, `a row for ${key} in "The terms at a glance"`).to.not.equal(undefined);
        expect(row![row!.length - 1], `the default of ${key}`).to.match(new RegExp(`^${def}\\b`));
      }
    });
  });

  describe('no link or path points outside the repository', () => {
    for (const file of docFiles()) {
      const text = read(file);
      const dir = path.dirname(path.join(PROJECT_ROOT, file));

      it(`${file}: no /work/ path, and no ../ path that leaves the repository`, () => {
        expect(text, `${file} names a /work/ path`).to.not.include('/work/');
        const escaping = [...text.matchAll(/(?:\.\.\/)+[^\s`)'"\]>]*/g)]
          .map((m) => m[0])
          .filter((p) => path.relative(PROJECT_ROOT, path.resolve(dir, p)).startsWith('..'));
        expect(escaping, `${file} points outside the repository`).to.deep.equal([]);
      });

      it(`${file}: every link is relative and resolves to an existing file (and heading)`, () => {
        const problems: string[] = [];
        for (const target of linkTargets(text)) {
          if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
            problems.push(`${target}: points outside the repository`);
            continue;
          }
          if (target.startsWith('/')) {
            problems.push(`${target}: an absolute path`);
            continue;
          }
          const [rel = '', anchor] = target.split('#');
          const abs = rel === '' ? path.join(PROJECT_ROOT, file) : path.resolve(dir, decodeURIComponent(rel));
          if (path.relative(PROJECT_ROOT, abs).startsWith('..')) {
            problems.push(`${target}: leaves the repository`);
            continue;
          }
          if (!existsSync(abs)) {
            problems.push(`${target}: no such file`);
            continue;
          }
          if (anchor && abs.endsWith('.md') && statSync(abs).isFile() && !anchorsOf(readFileSync(abs, 'utf8')).has(anchor)) {
            problems.push(`${target}: no heading #${anchor} in ${path.relative(PROJECT_ROOT, abs)}`);
          }
        }
        expect(problems).to.deep.equal([]);
      });
    }

    it('the link checks themselves catch what they should', () => {
      expect(linkTargets('see [spec](../shared/SPEC.md) and [x](docs/a.md#b) and <https://example.org>'))
        .to.deep.equal(['../shared/SPEC.md', 'docs/a.md#b', 'https://example.org']);
      expect(linkTargets('`[not](a link)`\n```\n[nor](this)\n```\n')).to.deep.equal([]);
      expect(path.relative(PROJECT_ROOT, path.resolve(PROJECT_ROOT, '../shared/SPEC.md')).startsWith('..')).to.equal(true);
      expect(slug('Her own mailbox (`MAILBOX_MODE=own`)')).to.equal('her-own-mailbox-mailbox_modeown');
    });
  });
});
