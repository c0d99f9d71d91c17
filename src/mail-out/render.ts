/**
 * Renders letters from templates/: `{lang}/{name}.txt.hbs` (first line `Subject: …`, then a
 * blank line, then the plain-text body) and `{lang}/{name}.html.hbs` (the HTML body, placed in
 * the shared `layout.html.hbs`). Partials live in `{lang}/partials/`. Templates are the
 * operator's trusted files, compiled once at start; mail content is only ever passed as data.
 * HTML escapes everything it inserts; plain text needs no escaping, but every single-line value
 * has CR/LF removed before it gets here (see facts.ts), so nothing can reach a header.
 *
 * Layers (issue 16): a letter of a case of practice P is looked up first in P's own templates
 * folder, then in its procedure's overlay (templates/procedures/{preset}/, the Wkkgz wording),
 * then in the defaults. Every layer has the same layout ({lang}/NAME.*.hbs, {lang}/partials,
 * {lang}/labels.json merged over the labels below it). A partial of an upper layer also serves
 * the letters it does not reword, so one confidentiality partial rewords every letter.
 */
import { TemplateError } from '../errors/index.js';
import { harmlessFields } from '../domain/outside-text.js';
import type { Practice, PracticeSet } from '../domain/practice.js';
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLocalDate, termLength } from '../domain/text-format.js';


export type Lang = 'nl' | 'en';
export const LANGS: readonly Lang[] = ['nl', 'en'];

export interface RenderedLetter {
  subject: string;
  text: string;
  html: string;
}

/** Whose letter it is: the case's practice chooses the layers; none (or unknown) renders the defaults. */
export interface RenderKey {
  practiceId?: string | null;
}

type Compiled = { subject: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate };

/** One language of one stack of layers, compiled. */
interface LanguageSet {
  compiled: Map<string, Compiled>;
  layout: HandlebarsTemplateDelegate;
  /** labels.json of every layer, the upper merged over the lower; given to templates as `t`. */
  labels: unknown;
}

/** The template folders a practice's letters come from, the top first; the defaults are always last. */
export function layersOf(root: string, practice: Practice | undefined): string[] {
  if (!practice) return [root];
  const preset = join(root, 'procedures', practice.procedure.preset);
  return [...(practice.templatesDir ? [practice.templatesDir] : []), ...(existsSync(preset) ? [preset] : []), root];
}

export class LetterRenderer {
  /** Per stack of layers (its folders joined), per language. Practices with the same layers share one. */
  private readonly stacks = new Map<string, Map<Lang, LanguageSet>>();
  private readonly stackOfPractice = new Map<string, string>();
  private readonly defaultStack: string;

  /** `practices`: the desk's practices, whose layers are compiled here once; without it only the defaults. */
  constructor(private readonly dir: string, practices?: PracticeSet | readonly Practice[]) {
    this.defaultStack = this.loadStack([dir]);
    const list = practices ? ('practices' in practices ? practices.practices : practices) : [];
    for (const p of list) this.stackOfPractice.set(p.id, this.loadStack(layersOf(dir, p)));
  }

  /** Names of every letter that has both a text and an HTML template in every language. */
  names(): string[] {
    const defaults = this.stacks.get(this.defaultStack)!;
    return [...new Set(LANGS.flatMap((lang) => [...defaults.get(lang)!.compiled.keys()]))].sort();
  }

  /** A label of labels.json (e.g. ('nl', 'deadline', 'present')) for text built in code; the key when there is none. */
  label(lang: Lang, group: string, key: string, of: RenderKey = {}): string {
    const value = ((this.set(lang, of).labels as Record<string, Record<string, unknown>> | undefined)?.[group])?.[key];
    return typeof value === 'string' ? value : key;
  }

  render(name: string, lang: Lang, model: Record<string, unknown>, of: RenderKey = {}): RenderedLetter {
    const set = this.set(lang, of);
    const c = set.compiled.get(name);
    if (!c) throw new TemplateError(`no template ${lang}/${name}`);
    const data = { ...harmlessFields(model), lang, t: set.labels, tOf: this.labelsOfPractices(lang) };
    const subject = c.subject(data).replace(/[\r\n\t]+/g, ' ').trim();
    const text = c.text(data).replace(/\n{3,}/g, '\n\n').trim() + '\n';
    const html = set.layout({ ...data, subject, body: c.html(data) });
    return { subject, text, html };
  }

  /** Each practice's labels in `lang`, for `deadlineLabel` in the letters that span practices. */
  private labelsOfPractices(lang: Lang): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [id, stack] of this.stackOfPractice) out[id] = this.stacks.get(stack)!.get(lang)!.labels;
    return out;
  }

  private set(lang: Lang, of: RenderKey): LanguageSet {
    const stack = (of.practiceId ? this.stackOfPractice.get(of.practiceId) : undefined) ?? this.defaultStack;
    return this.stacks.get(stack)!.get(lang)!;
  }

  /** Compile a stack of layers (top first) once; returns its key. */
  private loadStack(layers: string[]): string {
    const key = layers.join('\u0000');
    if (!this.stacks.has(key)) this.stacks.set(key, new Map(LANGS.map((lang) => [lang, loadLanguage([...layers].reverse(), lang)])));
    return key;
  }
}

/** One language from the layers, bottom (the defaults) first: every upper file replaces the one below it. */
function loadLanguage(bottomUp: string[], lang: Lang): LanguageSet {
  const base = bottomUp[0]!;
  const textEnv = Handlebars.create();
  const htmlEnv = Handlebars.create();
  for (const env of [textEnv, htmlEnv]) registerHelpers(env, lang);
  let labels: unknown = {};
  let layoutFile = join(base, 'layout.html.hbs');
  const sources = new Map<string, { txt: string; html: string }>();
  for (const layer of bottomUp) {
    const isBase = layer === base;
    const langDir = join(layer, lang);
    if (!isBase && existsSync(join(layer, 'layout.html.hbs'))) layoutFile = join(layer, 'layout.html.hbs');
    if (!existsSync(langDir)) continue;
    const labelsFile = join(langDir, 'labels.json');
    if (existsSync(labelsFile)) labels = mergeLabels(labels, readJson(labelsFile));
    const partialsDir = join(langDir, 'partials');
    if (existsSync(partialsDir)) {
      for (const f of readdirSync(partialsDir)) {
        const m = /^(.+)\.(txt|html)\.hbs$/.exec(f);
        if (!m) continue;
        const file = join(partialsDir, f);
        (m[2] === 'txt' ? textEnv : htmlEnv).registerPartial(m[1]!, checked(file, readFileSync(file, 'utf8')));
      }
    }
    for (const f of readdirSync(langDir)) {
      const m = /^(.+)\.(txt|html)\.hbs$/.exec(f);
      if (!m) continue;
      const name = m[1]!;
      const other = join(langDir, `${name}.${m[2] === 'txt' ? 'html' : 'txt'}.hbs`);
      if (!existsSync(other)) throw new TemplateError(`${join(langDir, f)} has no ${name}.${m[2] === 'txt' ? 'html' : 'txt'}.hbs beside it`);
      if (m[2] === 'html') continue;
      // An overlay rewords letters; a name the defaults do not have is a misspelt file, not a new letter.
      if (!isBase && !sources.has(name)) throw new TemplateError(`${join(langDir, f)} rewords no letter: there is no ${lang}/${name} in the defaults`);
      sources.set(name, { txt: join(langDir, f), html: other });
    }
  }
  const compiled = new Map<string, Compiled>();
  for (const [name, files] of sources) {
    const source = readFileSync(files.txt, 'utf8');
    const sm = /^Subject:[ \t]*(.*)\r?\n\r?\n([\s\S]*)$/.exec(source);
    if (!sm) throw new TemplateError(`${files.txt} must start with "Subject: …" and a blank line`);
    compiled.set(name, {
      subject: textEnv.compile(checked(files.txt, sm[1]!), { noEscape: true }),
      text: textEnv.compile(checked(files.txt, sm[2]!), { noEscape: true }),
      html: htmlEnv.compile(checked(files.html, readFileSync(files.html, 'utf8'))),
    });
  }
  return { compiled, layout: htmlEnv.compile(checked(layoutFile, readFileSync(layoutFile, 'utf8')), { strict: false }), labels };
}

/**
 * Handlebars compiles lazily, on the first letter; parsing here makes a broken template stop the
 * start (and check-config) with its file named, instead of failing letters one by one later.
 */
function checked(file: string, source: string): string {
  try {
    Handlebars.parse(source);
  } catch (err) {
    throw new TemplateError(`${file} does not compile: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  return source;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TemplateError(`${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/** Groups of labels merge key by key: an overlay that rewords one deadline label keeps the others. */
function mergeLabels(below: unknown, above: unknown): unknown {
  if (!isPlainObject(below) || !isPlainObject(above)) return above;
  const out: Record<string, unknown> = { ...below };
  for (const [k, v] of Object.entries(above)) out[k] = k in out ? mergeLabels(out[k], v) : v;
  return out;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function registerHelpers(env: typeof Handlebars, lang: Lang): void {
  env.registerHelper('date', (d: unknown) => (typeof d === 'string' && d ? formatLocalDate(d, lang) : ''));
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('plural', (n: unknown, one: string, many: string) => (n === 1 ? one : many));
  // A term's length in its own unit: "10 werkdagen", "6 weken" (`words=true`: "zes weken").
  env.registerHelper('term', (n: unknown, unit: unknown, options: Handlebars.HelperOptions) =>
    (typeof n === 'number' ? termLength(n, unit === 'weeks' ? 'weeks' : 'wd', lang, options.hash?.words ? 'words' : 'plain') : ''));
  // A deadline's name as the letters of practice `practiceId` give it (a Wkkgz case's term cites the
  // law, not the seed's article), for a letter that lists several practices' cases; else this letter's.
  env.registerHelper('deadlineLabel', (kind: unknown, practiceId: unknown, options: Handlebars.HelperOptions) => {
    const root = (options.data as { root?: { t?: unknown; tOf?: Record<string, unknown> } } | undefined)?.root ?? {};
    const own = typeof practiceId === 'string' ? root.tOf?.[practiceId] : undefined;
    const name = (t: unknown) => ((t as { deadline?: Record<string, unknown> } | undefined)?.deadline ?? {})[String(kind)];
    const found = name(own) ?? name(root.t);
    return typeof found === 'string' ? found : String(kind);
  });
  // The same for a deadline fact ({ wd, unit }; `unit` absent is working days).
  env.registerHelper('termLength', (d: unknown) => {
    const { wd, unit } = (d ?? {}) as { wd?: unknown; unit?: unknown };
    return typeof wd === 'number' ? termLength(wd, unit === 'weeks' ? 'weeks' : 'wd', lang) : '';
  });
}
