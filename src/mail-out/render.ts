/**
 * Renders letters from templates/: `{lang}/{name}.txt.hbs` (first line `Subject: …`, then a
 * blank line, then the plain-text body) and `{lang}/{name}.html.hbs` (the HTML body, placed in
 * the shared `layout.html.hbs`). Partials live in `{lang}/partials/`. Templates are the
 * operator's trusted files, compiled once at start; mail content is only ever passed as data.
 * HTML escapes everything it inserts; plain text needs no escaping, but every single-line value
 * has CR/LF removed before it gets here (see facts.ts), so nothing can reach a header.
 */
import { TemplateError } from '../errors/index.js';
import { harmlessFields } from '../domain/outside-text.js';
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

type Compiled = { subject: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate };

export class LetterRenderer {
  private readonly compiled = new Map<string, Compiled>();
  private readonly layouts = new Map<Lang, HandlebarsTemplateDelegate>();
  /** Per-language labels (templates/{lang}/labels.json), given to templates as `t`. */
  private readonly labels = new Map<Lang, unknown>();

  constructor(private readonly dir: string) {
    for (const lang of LANGS) this.loadLanguage(lang);
  }

  /** Names of every letter that has both a text and an HTML template in every language. */
  names(): string[] {
    return [...new Set([...this.compiled.keys()].map((k) => k.split('/')[1]!))].sort();
  }

  /** A label of labels.json (e.g. ('nl', 'deadline', 'present')) for text built in code; the key when there is none. */
  label(lang: Lang, group: string, key: string): string {
    const value = ((this.labels.get(lang) as Record<string, Record<string, unknown>> | undefined)?.[group])?.[key];
    return typeof value === 'string' ? value : key;
  }

  render(name: string, lang: Lang, model: Record<string, unknown>): RenderedLetter {
    const c = this.compiled.get(`${lang}/${name}`);
    if (!c) throw new TemplateError(`no template ${lang}/${name}`);
    const data = { ...harmlessFields(model), lang, t: this.labels.get(lang) };
    const subject = c.subject(data).replace(/[\r\n\t]+/g, ' ').trim();
    const text = c.text(data).replace(/\n{3,}/g, '\n\n').trim() + '\n';
    const html = this.layouts.get(lang)!({ ...data, subject, body: c.html(data) });
    return { subject, text, html };
  }

  private loadLanguage(lang: Lang): void {
    const langDir = join(this.dir, lang);
    const labelsFile = join(langDir, 'labels.json');
    this.labels.set(lang, existsSync(labelsFile) ? JSON.parse(readFileSync(labelsFile, 'utf8')) : {});
    const textEnv = Handlebars.create();
    const htmlEnv = Handlebars.create();
    for (const env of [textEnv, htmlEnv]) registerHelpers(env, lang);
    const partialsDir = join(langDir, 'partials');
    if (existsSync(partialsDir)) {
      for (const f of readdirSync(partialsDir)) {
        const m = /^(.+)\.(txt|html)\.hbs$/.exec(f);
        if (!m) continue;
        const env = m[2] === 'txt' ? textEnv : htmlEnv;
        env.registerPartial(m[1]!, readFileSync(join(partialsDir, f), 'utf8'));
      }
    }
    this.layouts.set(lang, htmlEnv.compile(readFileSync(join(this.dir, 'layout.html.hbs'), 'utf8'), { strict: false }));
    for (const f of readdirSync(langDir)) {
      const m = /^(.+)\.txt\.hbs$/.exec(f);
      if (!m) continue;
      const name = m[1]!;
      const htmlFile = join(langDir, `${name}.html.hbs`);
      if (!existsSync(htmlFile)) throw new TemplateError(`${lang}/${name}.txt.hbs has no ${name}.html.hbs beside it`);
      const source = readFileSync(join(langDir, f), 'utf8');
      const sm = /^Subject:[ \t]*(.*)\r?\n\r?\n([\s\S]*)$/.exec(source);
      if (!sm) throw new TemplateError(`${lang}/${f} must start with "Subject: …" and a blank line`);
      this.compiled.set(`${lang}/${name}`, {
        subject: textEnv.compile(sm[1]!, { noEscape: true }),
        text: textEnv.compile(sm[2]!, { noEscape: true }),
        html: htmlEnv.compile(readFileSync(htmlFile, 'utf8')),
      });
    }
  }
}

function registerHelpers(env: typeof Handlebars, lang: Lang): void {
  env.registerHelper('date', (d: unknown) => (typeof d === 'string' && d ? formatLocalDate(d, lang) : ''));
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('plural', (n: unknown, one: string, many: string) => (n === 1 ? one : many));
  // A term's length in its own unit: "10 werkdagen", "6 weken" (`words=true`: "zes weken").
  env.registerHelper('term', (n: unknown, unit: unknown, options: Handlebars.HelperOptions) =>
    (typeof n === 'number' ? termLength(n, unit === 'weeks' ? 'weeks' : 'wd', lang, options.hash?.words ? 'words' : 'plain') : ''));
}
