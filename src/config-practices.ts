/**
 * PRACTICES_FILE (issue 16): the practices one desk serves, in a YAML or JSON file, validated by
 * zod as the environment is (src/config.ts), with every problem named at once: its place in the
 * file (`practices[2] (zorg).casePrefix`, practices counted from 1), the line, and what was found.
 * JSON is read by the same YAML 1.2 parser (JSON is YAML 1.2), so its errors too name line and
 * column, and a key written twice is refused rather than silently taking the last.
 * This is the one place that reads the file; src/config.ts calls it from loadConfig.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { parseNamedAddress } from './config-mailbox.js';
import { procedureField } from './config-procedure.js';
import type { Practice, PracticeSet } from './domain/practice.js';
import { DEFAULT_HOLD_PREFIX, practiceCrossChecks, type DeskFacts, type Problem } from './config-practices-cross.js';

export type { DeskFacts } from './config-practices-cross.js';

const PREFIX = /^[A-Z][A-Z0-9]{0,7}$/;
const PREFIX_HINT = 'must be 1-8 capitals/digits, e.g. KL';

/** Present, then `inner`: a missing key says what it is for, not "expected string, received undefined". */
const needed = <T extends z.ZodType>(what: string, inner: T) =>
  z.any().refine((v) => v !== undefined && v !== null, { message: `is required (${what})`, abort: true }).pipe(inner);

/** Text for letters and From names: one line (a line break in a name could split a header). */
const oneLine = z.string({ message: 'must be text' }).trim().min(1, { message: 'must not be empty' })
  .refine((s) => !/[\p{Cc}\u2028\u2029]/u.test(s), { message: 'must be one line of text' });

/** One value or a list of them, as a list. */
const listOf = <T extends z.ZodType>(item: T) => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item, { message: 'must be a list' }));

const ownerAddress = z.string({ message: 'must be an e-mail address' }).transform((s, ctx) => {
  const a = parseNamedAddress(s);
  if (!a) {
    ctx.addIssue({ code: 'custom', message: 'must be an e-mail address, optionally with a name: "Name" <address>' });
    return z.NEVER;
  }
  return a.address;
});

const bareAddress = z.string({ message: 'must be an e-mail address' }).trim().toLowerCase().pipe(z.email({ message: 'must be an e-mail address' }));
const plusTag = z.string({ message: 'must be a word' }).trim().toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'must be the part after + in an address: letters, digits, . _ -' });

const recognise = z.strictObject({
  addresses: listOf(bareAddress).optional(),
  plusTags: listOf(plusTag).optional(),
  folders: listOf(oneLine).optional(),
}, { message: 'must be { addresses, plusTags, folders }' });

const practice = z.strictObject({
  id: needed('a short id such as lux', z.string({ message: 'must be text' })
    .regex(/^[a-z][a-z0-9-]{0,31}$/, { message: 'must be 1-32 lower-case letters, digits and -, starting with a letter, e.g. lux' })
    // `none` names the cases of no practice yet (cases list --practice none, #overzicht none, the metrics label).
    .refine((id) => id !== 'none', { message: "may not be none: that word stands for the cases whose practice is not known yet" })),
  name: needed('the practice, as letters name it', oneLine),
  ownerEmails: needed("the owner's address or addresses; the ruling goes to the first", listOf(ownerAddress)
    .refine((l) => l.length > 0, { message: "needs at least one address (the ruling goes to the owner, art. 9)" })),
  ownerName: oneLine.optional(),
  casePrefix: needed('case numbers PREFIX-YYYY-NNNN', z.string({ message: PREFIX_HINT }).regex(PREFIX, { message: PREFIX_HINT })),
  language: z.enum(['nl', 'en'], { message: 'must be nl or en' }).optional(),
  templatesDir: oneLine.optional(),
  /** The geschilleninstantie the practice is affiliated with (Wkkgz art. 18), as the Wkkgz letters name it. */
  disputesBody: oneLine.optional(),
  procedure: needed('lux or wkkgz, or { preset: …, and the terms it changes }', procedureField),
  recognise: recognise.optional(),
}, { message: 'must be a practice: { id, name, ownerEmails, casePrefix, procedure, … }' });

const file = z.strictObject({
  holdPrefix: z.string({ message: PREFIX_HINT }).regex(PREFIX, { message: PREFIX_HINT }).default(DEFAULT_HOLD_PREFIX),
  practices: needed('one or more practices', z.array(practice, { message: 'must be a list of practices' })
    .min(1, { message: 'must hold at least one practice' })),
}, { message: 'must be a mapping with practices: (and optionally holdPrefix:)' });

/** The keys an object at `path` may have, for an unknown key's message. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  const last = path[path.length - 1];
  if (path.length === 0) return Object.keys(file.shape);
  if (path.length === 2 && path[0] === 'practices') return Object.keys(practice.shape);
  if (last === 'recognise') return Object.keys(recognise.shape);
  if (last === 'extension') return ['maxTimes', 'maxTotal', 'beforeDue', 'beyondWithConsent'];
  if (last === 'procedure') return ['preset', 'ack', 'present', 'response', 'handle', 'appeal', 'appealHandle', 'handleFrom', 'extension'];
  return [];
}

/** zod's issues as problems at a path; an unknown key is one problem per key, at the key. */
function issueProblems(issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.flatMap((i): Problem[] => {
    if (i.code === 'unrecognized_keys') {
      const known = knownKeysAt(i.path);
      return i.keys.map((k) => ({ path: [...i.path, k], message: `is not a key here${known.length ? ` (known: ${known.join(', ')})` : ''}` }));
    }
    return [{ path: i.path, message: i.message, got: true }];
  });
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** `practices[2] (zorg).procedure.handle`: positions counted from 1, each practice named by its id. */
function placeOf(raw: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  path.forEach((k, n) => {
    if (typeof k === 'number') {
      out += `[${k + 1}]`;
      const id = n === 1 && path[0] === 'practices' ? valueAt(raw, ['practices', k, 'id']) : undefined;
      if (typeof id === 'string' && id) out += ` (${id.slice(0, 40)})`;
    } else {
      out += `${out ? '.' : ''}${String(k)}`;
    }
  });
  return out;
}

/** The line of the value at `path`, or of the nearest part of it that is in the file. */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/**
 * The path as far as the file goes: a list key written as one value (`ownerEmails: a@b.nl`) is
 * read as a list of one, and zod's `ownerEmails[1]` is then the `ownerEmails` of the file.
 */
function asWritten(raw: unknown, path: readonly PropertyKey[]): PropertyKey[] {
  const out: PropertyKey[] = [];
  let v = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') break;
    out.push(k);
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return out.length < path.length && typeof path[out.length] === 'number' ? out : [...path];
}

function format(problem: Problem, raw: unknown, doc: Document, lines: LineCounter): string {
  const p = { ...problem, path: asWritten(raw, problem.path) };
  const v = valueAt(raw, p.path);
  const got = p.got && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    ? ` (got '${String(v).replace(/[\p{Cc}]+/gu, ' ').slice(0, 60)}')` : '';
  const line = lineOf(doc, lines, p.path);
  const place = placeOf(raw, p.path);
  return `PRACTICES_FILE ${place || '(the file)'}: ${p.message}${got}${line ? ` at line ${line}` : ''}`;
}

function readProblem(abs: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : (code ?? String(err));
  return `PRACTICES_FILE: cannot read ${abs}: ${why}`;
}

/**
 * Read and check the practices file `path` (relative to the working directory, as DATA_DIR is).
 * Returns the practices, or every problem, one line each in the style of ConfigError's lines.
 */
export function loadPracticesFile(path: string, desk: DeskFacts): { set?: PracticeSet; problems: string[] } {
  if (!['.yaml', '.yml', '.json'].includes(extname(path).toLowerCase())) {
    return { problems: [`PRACTICES_FILE: must name a .yaml, .yml or .json file (got '${path.slice(0, 120)}')`] };
  }
  const abs = resolve(path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    return { problems: [readProblem(abs, err)] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        const at = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
        const message = e.code === 'MULTIPLE_DOCS'
          ? 'a second document begins here (---); the practices are one document'
          : e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return `PRACTICES_FILE ${path}${at ? ` line ${at.line}, column ${at.col}` : ''}: ${message}`;
      }),
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS(); // throws on an alias that expands too far (a "billion laughs" file)
  } catch (err) {
    return { problems: [`PRACTICES_FILE ${path}: ${(err as Error).message.split('\n')[0]}`] };
  }
  const parsed = file.safeParse(raw);
  const problems: Problem[] = parsed.success ? [] : issueProblems(parsed.error.issues);
  problems.push(...practiceCrossChecks(raw, desk, dirname(abs)));
  if (problems.length > 0 || !parsed.success) return { problems: problems.map((p) => format(p, raw, doc, lines)) };
  return { set: toPracticeSet(parsed.data, desk, dirname(abs)), problems: [] };
}

function toPracticeSet(f: z.output<typeof file>, desk: DeskFacts, baseDir: string): PracticeSet {
  const practices = f.practices.map((p): Practice => ({
    id: p.id,
    name: p.name,
    ownerEmails: [...new Set(p.ownerEmails)],
    ownerName: p.ownerName,
    casePrefix: p.casePrefix,
    language: p.language ?? desk.defaultLanguage,
    templatesDir: p.templatesDir ? resolve(baseDir, p.templatesDir) : undefined,
    disputesBody: p.disputesBody,
    procedure: p.procedure,
    recognise: {
      addresses: [...new Set(p.recognise?.addresses ?? [])],
      plusTags: [...new Set(p.recognise?.plusTags ?? [])],
      folders: [...new Set(p.recognise?.folders ?? [])],
    },
  }));
  // single means "no PRACTICES_FILE": a file with one practice still holds a complaint it does not recognise.
  return { practices, holdPrefix: f.holdPrefix, single: false };
}

