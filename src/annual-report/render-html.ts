/**
 * The annual report as one self-contained HTML file: inline CSS (A4 print layout), the monthly
 * figures as an inline SVG bar chart, no scripts, fonts, images or links to anything outside.
 * Everything inserted is escaped.
 */
import type { AnnualReport } from './annual-report.js';
import type { ReportLabels, ReportLanguage } from './labels.js';
import { layoutReport, type Table } from './report-sections.js';

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const CSS = `
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 10.5pt/1.45 "Segoe UI", Helvetica, Arial, sans-serif; color: #1b1f24; margin: 0 auto; max-width: 178mm; padding: 12mm 0; }
h1 { font-size: 19pt; margin: 0 0 2mm; color: #17365d; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; color: #17365d; border-bottom: 0.4mm solid #c9d3df; padding-bottom: 1mm; break-after: avoid; page-break-after: avoid; }
.sub { color: #4a5563; margin: 0 0 1mm; }
.source { color: #4a5563; font-size: 9pt; margin: 0 0 4mm; }
section { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; font-variant-numeric: tabular-nums; }
th, td { padding: 1.2mm 2mm; border-bottom: 0.2mm solid #dde3ea; vertical-align: top; }
th { text-align: left; font-weight: 600; color: #4a5563; font-size: 9pt; border-bottom: 0.4mm solid #9aa7b6; }
.r { text-align: right; white-space: nowrap; }
th.r { white-space: normal; }
.wide th, .wide td { padding: 1.2mm 1mm; }
figure { margin: 2mm 0 3mm; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 9pt; color: #4a5563; }
.notes { margin-top: 8mm; font-size: 8.5pt; color: #4a5563; border-top: 0.2mm solid #c9d3df; padding-top: 2mm; }
.notes li { margin: 0.8mm 0; }
@media screen and (max-width: 700px) { body { padding: 4mm; } th, td { padding: 1mm; } }
`;

function table(t: Table): string {
  const cls = (i: number) => (t.align[i] === 'r' ? ' class="r"' : '');
  const wide = t.head.length > 8 ? ' class="wide"' : '';
  const head = `<tr>${t.head.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table${wide}>\n<thead>${head}</thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

const RECEIVED_COLOUR = '#1f4e79';
const CLOSED_COLOUR = '#8fb3d9';

/** Received and closed per month as grouped bars, with a value above each bar that is not 0. */
export function monthlyChart(r: AnnualReport, L: ReportLabels): string {
  const W = 680, H = 250, left = 34, right = 8, top = 30, bottom = 26;
  const plotW = W - left - right, plotH = H - top - bottom;
  const max = Math.max(1, ...r.months.flatMap((m) => [m.received, m.closed]));
  const step = Math.max(1, Math.ceil(max / 4));
  const yMax = step * Math.ceil(max / step);
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const groupW = plotW / 12, barW = Math.min(18, groupW * 0.34);
  const parts: string[] = [];
  for (let v = 0; v <= yMax; v += step) {
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#dde3ea" stroke-width="1"/>`,
      `<text x="${left - 5}" y="${(y(v) + 3.5).toFixed(1)}" text-anchor="end" font-size="10" fill="#4a5563">${v}</text>`);
  }
  r.months.forEach((m, i) => {
    const cx = left + groupW * i + groupW / 2;
    const bars: [number, number, string][] = [[m.received, cx - barW - 1, RECEIVED_COLOUR], [m.closed, cx + 1, CLOSED_COLOUR]];
    for (const [v, x, colour] of bars) {
      if (v === 0) continue;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${colour}"><title>${escapeHtml(`${L.months[i]}: ${v}`)}</title></rect>`,
        `<text x="${(x + barW / 2).toFixed(1)}" y="${(y(v) - 3).toFixed(1)}" text-anchor="middle" font-size="9" fill="#1b1f24">${v}</text>`);
    }
    parts.push(`<text x="${cx.toFixed(1)}" y="${H - 8}" text-anchor="middle" font-size="10" fill="#4a5563">${escapeHtml(L.months[i]!)}</text>`);
  });
  const legend = [[L.received, RECEIVED_COLOUR], [L.closed, CLOSED_COLOUR]].map(([label, colour], i) =>
    `<rect x="${left + i * 150}" y="6" width="11" height="11" fill="${colour}"/><text x="${left + i * 150 + 16}" y="15.5" font-size="10.5" fill="#1b1f24">${escapeHtml(label!)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(L.chartTitle(r.year))}">` +
    `<title>${escapeHtml(L.chartTitle(r.year))}</title>${legend}` +
    `<line x1="${left}" x2="${W - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#9aa7b6" stroke-width="1"/>${parts.join('')}</svg>`;
}

export function renderHtml(r: AnnualReport, lang: ReportLanguage, practiceName: string): string {
  const l = layoutReport(r, lang, practiceName);
  const sections = l.sections.map((s) => [
    '<section>',
    `<h2>${escapeHtml(s.title)}</h2>`,
    ...(s.text ?? []).map((t) => `<p>${escapeHtml(t)}</p>`),
    s.chart ? `<figure>${monthlyChart(r, l.labels)}<figcaption>${escapeHtml(l.labels.chartTitle(r.year))}</figcaption></figure>` : '',
    s.table ? table(s.table) : '',
    '</section>',
  ].filter(Boolean).join('\n'));
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(l.title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(l.title)}</h1>
<p class="sub">${escapeHtml(l.subtitle)}</p>
<p class="source">${escapeHtml(l.source)}</p>
${sections.join('\n')}
<ul class="notes">
${l.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}
</ul>
</body>
</html>
`;
}
