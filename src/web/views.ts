/**
 * The web pages: templates/web/*.hbs, compiled once at start with Handlebars, which escapes every
 * `{{value}}` it inserts. The pages wrap themselves in the `layout` partial ({{#> layout}}), so
 * there is no triple-stash anywhere; mail text is shown as text (CSS white-space: pre-wrap).
 * Labels: the letters' own labels.json (states, terms, steps) plus templates/web/labels.json.
 */
import { harmlessFields } from '../domain/outside-text.js';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatLocalDate } from '../domain/text-format.js';
import type { Lang } from '../mail-out/render.js';

export type Page = 'sign-in' | 'sign-in-sent' | 'sign-in-link' | 'case-list' | 'case' | 'notice';

export class WebViews {
  private readonly pages = new Map<string, HandlebarsTemplateDelegate>();
  private readonly labels: Record<string, unknown>;
  /** The stylesheet, served from /web.css (the CSP allows styles from there only). */
  readonly css: string;
  /** The icon, served from /favicon.svg (and /favicon.ico) and linked from every page. */
  readonly favicon: string;

  /**
   * `termLabel`: a term's name as the letters of a case's practice name it (issue 16: a Wkkgz
   * case's terms cite the law, not the seed's articles); without it, the default letters' label.
   */
  constructor(templatesDir: string, readonly lang: Lang, readonly title: string,
    private readonly termLabel?: (kind: string, practiceId: string | null) => string) {
    const dir = join(templatesDir, 'web');
    const env = Handlebars.create();
    env.registerHelper('date', (d: unknown) => (typeof d === 'string' && d ? formatLocalDate(d, lang) : ''));
    env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    env.registerHelper('plural', (n: unknown, one: string, many: string) => (n === 1 ? one : many));
    env.registerPartial('layout', readFileSync(join(dir, 'layout.hbs'), 'utf8'));
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.hbs') && x !== 'layout.hbs')) {
      this.pages.set(f.replace(/\.hbs$/, ''), env.compile(readFileSync(join(dir, f), 'utf8'), { strict: false }));
    }
    const web = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as Record<Lang, unknown>;
    const letters = JSON.parse(readFileSync(join(templatesDir, lang, 'labels.json'), 'utf8')) as Record<string, unknown>;
    this.labels = { ...letters, ui: web[lang] };
    this.css = readFileSync(join(dir, 'web.css'), 'utf8');
    this.favicon = readFileSync(join(dir, 'favicon.svg'), 'utf8');
  }

  /** A label of the letters' labels.json (`state`, `deadline`, `step`, ...), or the key itself. */
  label(group: string, key: string): string {
    const g = this.labels[group] as Record<string, unknown> | undefined;
    const v = g?.[key];
    // "art. 6" stays on one line on a phone (display only; the letters keep their own labels).
    return typeof v === 'string' ? v.replace(/\bart\. (?=\d)/g, 'art.\u00a0') : key;
  }

  /** A term's name for a case of `practiceId`, as that practice's letters name it. */
  deadline(kind: string, practiceId: string | null): string {
    const v = this.termLabel ? this.termLabel(kind, practiceId) : this.label('deadline', kind);
    return v.replace(/\bart\. (?=\d)/g, 'art.\u00a0');
  }

  /** A label of templates/web/labels.json, or `fallback` (default: the key). */
  ui(key: string, fallback = key): string {
    const v = this.label('ui', key);
    return v === key ? fallback : v;
  }

  render(page: Page, model: Record<string, unknown>): string {
    const tpl = this.pages.get(page);
    if (!tpl) throw new Error(`no web page template ${page}`);
    return tpl({ ...harmlessFields(model), lang: this.lang, t: this.labels, siteTitle: this.title });
  }
}
