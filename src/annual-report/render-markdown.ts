/** The annual report as Markdown: headings, one pipe table per section, the notes at the end. */
import type { AnnualReport } from './annual-report.js';
import type { ReportLanguage } from './labels.js';
import { layoutReport, type Table } from './report-sections.js';

/** Markdown-safe cell: no pipes, no line breaks, no raw HTML. */
const cell = (s: string) => s.replace(/[\\|<>]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');

function table(t: Table): string[] {
  return [
    `| ${t.head.map(cell).join(' | ')} |`,
    `| ${t.align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

export function renderMarkdown(r: AnnualReport, lang: ReportLanguage, practiceName: string): string {
  const l = layoutReport(r, lang, practiceName);
  const out = [`# ${cell(l.title)}`, '', cell(l.subtitle), '', cell(l.source), ''];
  for (const s of l.sections) {
    out.push(`## ${cell(s.title)}`, '');
    if (s.text) out.push(...s.text.map(cell), '');
    if (s.table) out.push(...table(s.table), '');
  }
  out.push('---', '', ...l.notes.map((n) => `- ${cell(n)}`), '');
  return out.join('\n');
}
