/**
 * SQL lives in src/store only (DESIGN.md: "the ONLY place that holds SQL"). Reads every .ts file
 * under src (a small lexer below tells strings, comments and regular expressions apart) and fails on a statement prepared, executed or a pragma
 * set outside src/store, and on SQL (SELECT … FROM, INSERT INTO, UPDATE … SET, DELETE FROM,
 * PRAGMA) in a string or template literal. The dev stack lives outside src (tools/devstack).
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths.js';

const ALLOWED_DIRS = ['src/store/'];


const SQL = [
  /\bSELECT\b[\s\S]*?\bFROM\b/i,
  /\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b/i,
  /\bUPDATE\s+["\w]+\s+SET\b/i,
  /\bDELETE\s+FROM\b/i,
  /^\s*PRAGMA\b/i,
];
/** Calls that run SQL on a connection: any `.prepare(` or `.pragma(`, and `.exec(` on something called db. */
const DB_CALLS = new Set(['prepare', 'pragma']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.isFile() && e.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * A TypeScript source split into its string and template literals (with their line) and the code
 * between them, comments and regular expressions left out. TypeScript 7 (the native compiler) has
 * no parser API for JavaScript callers, so this small lexer does what the scan needs.
 */
function literalsAndCode(text: string): { literals: { line: number; body: string }[]; code: string } {
  const literals: { line: number; body: string }[] = [];
  let code = '';
  let i = 0;
  let line = 1;
  /** Template literals being read, each with the depth of `${` braces opened inside it. */
  const templates: { depth: number; start: number; body: string }[] = [];
  let lastSignificant = '';
  const regexMayStart = () => lastSignificant === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(lastSignificant) || /\b(return|typeof|case|of|in)$/.test(lastSignificant);
  const readTemplate = (from: number): void => {
    // Inside a template literal: up to its end, or to a `${` that opens an expression.
    const t = templates[templates.length - 1]!;
    let j = from;
    while (j < text.length) {
      const c = text[j]!;
      if (c === '\\') { t.body += text.slice(j, j + 2); j += 2; continue; }
      if (c === '\n') line++;
      if (c === '`') { literals.push({ line: t.start, body: t.body }); templates.pop(); i = j + 1; lastSignificant = '`'; code += ' "" '; return; }
      if (c === '$' && text[j + 1] === '{') { t.body += ' … '; t.depth = 1; i = j + 2; lastSignificant = '{'; return; }
      t.body += c;
      j++;
    }
    i = j;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    const top = templates[templates.length - 1];
    if (top && top.depth > 0) {
      if (c === '{') top.depth++;
      if (c === '}' && --top.depth === 0) { i++; readTemplate(i); continue; }
    }
    if (c === '\n') { line++; code += c; i++; continue; }
    if (c === '/' && next === '/') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '/' && next === '*') { const e = text.indexOf('*/', i + 2); const end = e < 0 ? text.length : e + 2; line += (text.slice(i, end).match(/\n/g) ?? []).length; i = end; continue; }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let body = '';
      while (j < text.length && text[j] !== c && text[j] !== '\n') { if (text[j] === '\\') { body += text.slice(j, j + 2); j += 2; } else body += text[j++]; }
      literals.push({ line, body });
      code += ' "" ';
      lastSignificant = c;
      i = j + 1;
      continue;
    }
    if (c === '`') { templates.push({ depth: 0, start: line, body: '' }); readTemplate(i + 1); continue; }
    if (c === '/' && regexMayStart()) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n' && (inClass || text[j] !== '/')) { if (text[j] === '\\') j++; else if (text[j] === '[') inClass = true; else if (text[j] === ']') inClass = false; j++; }
      code += ' /re/ ';
      lastSignificant = '/';
      i = j + 1;
      while (i < text.length && /[a-z]/.test(text[i]!)) i++;
      continue;
    }
    code += c;
    if (!/\s/.test(c)) lastSignificant = (lastSignificant + c).slice(-8);
    i++;
  }
  return { literals, code };
}

/** Where `text` (a file's source) holds SQL: one line per finding, `line: what`. */
export function sqlFindings(text: string): string[] {
  const { literals, code } = literalsAndCode(text);
  const found: string[] = [];
  for (const { line, body } of literals) {
    if (SQL.some((re) => re.test(body))) found.push(`${line}: SQL in a string: ${body.replace(/\s+/g, ' ').slice(0, 80)}`);
  }
  code.split('\n').forEach((l, n) => {
    for (const m of l.matchAll(/([\w.()]*)\.(prepare|pragma|exec)\s*\(/g)) {
      const receiver = m[1]!;
      if (DB_CALLS.has(m[2]!) || /(^|\.)db(\(\))?$/.test(receiver)) found.push(`${n + 1}: ${receiver}.${m[2]}(…)`);
    }
  });
  return found;
}

describe('SQL outside src/store', () => {
  const files = sourceFiles(path.join(PROJECT_ROOT, 'src')).map((f) => path.relative(PROJECT_ROOT, f).split(path.sep).join('/'));
  const findings = new Map(files.map((f) => [f, sqlFindings(readFileSync(path.join(PROJECT_ROOT, f), 'utf8'))]));

  it('when the scanner reads SQL, a regular expression, a comment or a word such as "select", then it tells them apart', () => {
    expect(sqlFindings("const a = db.prepare('SELECT 1 FROM t');")).to.have.length(2);
    expect(sqlFindings('const a = `INSERT INTO t (x) VALUES (${1})`;')).to.have.length(1);
    expect(sqlFindings("q(`UPDATE outbox SET status = 'sent'`);")).to.have.length(1);
    expect(sqlFindings("x.db.exec('VACUUM'); store.db.pragma('secure_delete = ON');")).to.have.length(2);
    expect(sqlFindings('const a = `x ${f(`SELECT a FROM b WHERE c = ${d}`)} y ${"e"}`;')).to.have.length(1);
    expect(sqlFindings("const r = /'/g; const s = 'DELETE FROM t';")).to.have.length(1);
    expect(sqlFindings("const m = /^(\\d+)$/.exec(s); // SELECT x FROM y in a comment\nconst t = 'select a date';")).to.deep.equal([]);
  });

  it('when src is scanned, then src/store holds SQL (the scanner sees it) and it reads every source file', () => {
    expect(files.length).to.be.greaterThan(50);
    expect(findings.get('src/store/cases-repo.ts')).to.not.be.empty;
  });

  it('when a file outside src/store holds SQL, then the test names it and where', () => {
    const offenders = [...findings].filter(([f, list]) => list.length > 0 && !ALLOWED_DIRS.some((d) => f.startsWith(d)))
      .map(([f, list]) => `${f}:${list.join(`\n${f}:`)}`);
    expect(offenders, `SQL belongs in a repository under src/store:\n${offenders.join('\n')}`).to.deep.equal([]);
  });
});
