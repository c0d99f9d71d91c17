/**
 * The dossier as a PDF (pdfkit: no browser, pure JavaScript, PDF 1.7 that any reader opens),
 * A4 with 2 cm margins, in DejaVu Sans (embedded and subset, from the dejavu-fonts-ttf package),
 * which covers Dutch accents and the Latin, Greek and Cyrillic names mail brings. Opens with the
 * case's facts and the index; then every document's text, the terms and their moves, and the
 * verslag. Every page's footer carries the case number, the head hash and "page N of M".
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { localDateTimeIn } from './format.js';
import type { Dossier, DossierDocument, Person } from './dossier-model.js';

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = join(FONT_DIR, 'DejaVuSans.ttf');
const BOLD = join(FONT_DIR, 'DejaVuSans-Bold.ttf');
const MONO = join(FONT_DIR, 'DejaVuSansMono.ttf');

const MARGIN = 56.7; // 2 cm
const GREY = '#555555';
const RULE = '#bbbbbb';

const TYPE_LABEL: Record<string, string> = {
  klacht: 'klacht', reactie: 'reactie', brief: 'brief', correspondentie: 'correspondentie', notitie: 'notitie (intern)', verslag: 'verslag',
};
const TERM_LABEL: Record<string, string> = {
  ack: 'ontvangstbevestiging (art. 5)', present: 'voorleggen aan beklaagde (art. 6)', response: 'schriftelijke reactie (art. 6)',
  handle: 'afhandeling (art. 12)', appeal: 'beroepstermijn (art. 13)',
};
const STATUS_LABEL: Record<string, string> = { open: 'loopt', met: 'gehaald', cancelled: 'vervallen' };

/** Text from mail, made printable: no control characters, tabs as spaces, no bidi overrides. */
function clean(s: string | null | undefined): string {
  return (s ?? '').replace(/\r\n?/g, '\n').replace(/\t/g, '    ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Labels in the facts column and headings start with a capital, as the other labels do. */
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function who(p: Person | null): string {
  if (!p) return '—';
  const name = clean(p.name);
  return name ? `${name} <${clean(p.email)}>` : clean(p.email) || '—';
}

/** In a narrow table cell: the name on one line, the address below it. */
function whoCell(p: Person | null): string {
  if (!p) return '—';
  const name = clean(p.name);
  const email = clean(p.email);
  return name && email ? `${name}\n<${email}>` : name || email || '—';
}

const STATE_LABEL: Record<string, string> = {
  received: 'ontvangen', acknowledged: 'ontvangst bevestigd', presented: 'voorgelegd aan beklaagde', responded: 'reactie ontvangen',
  hearing: 'hoorzitting', decided: 'uitspraak gedaan', appealed: 'in beroep', 'appeal-decided': 'beroep beslist', closed: 'gesloten',
  purged: 'vernietigd', dismissed: 'geen klacht', withdrawn: 'ingetrokken',
};

type Doc = PDFKit.PDFDocument;

interface Column { title: string; width: number }

/** A table whose rows grow with their text and that repeats its header on a new page. */
function table(doc: Doc, columns: Column[], rows: string[][], opts: { fontSize?: number } = {}): void {
  const size = opts.fontSize ?? 8.5;
  const pad = 3;
  const left = MARGIN;
  const bottom = () => doc.page.height - MARGIN - 20;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: columns[i]!.width - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string, shade: boolean) => {
    const h = rowHeight(cells, font);
    if (doc.y + h > bottom()) doc.addPage();
    const y = doc.y;
    if (shade) doc.save().rect(left, y, columns.reduce((n, c) => n + c.width, 0), h).fill('#eeeeee').restore();
    let x = left;
    doc.font(font).fontSize(size).fillColor('black');
    cells.forEach((c, i) => {
      doc.text(c, x + pad, y + pad, { width: columns[i]!.width - 2 * pad });
      x += columns[i]!.width;
    });
    doc.save().moveTo(left, y + h).lineTo(x, y + h).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    doc.x = left;
    doc.y = y + h;
  };
  const header = () => drawRow(columns.map((c) => c.title), 'bold', true);
  header();
  for (const r of rows) {
    if (doc.y + rowHeight(r, 'regular') > bottom()) {
      doc.addPage();
      header();
    }
    drawRow(r, 'regular', false);
  }
  doc.moveDown(0.8);
}

function heading(doc: Doc, text: string, size = 14): void {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.4).font('bold').fontSize(size).fillColor('black').text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
}

function facts(doc: Doc, rows: [string, string][], opts: { mono?: string[] } = {}): void {
  const labelW = 110;
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.font('bold').fontSize(9.5).fillColor(GREY).text(k, MARGIN, y, { width: labelW - 6 });
    const after = doc.y;
    const mono = opts.mono?.includes(k);
    doc.font(mono ? 'mono' : 'regular').fontSize(mono ? 8 : 9.5).fillColor('black').text(v || '—', MARGIN + labelW, y, { width: doc.page.width - 2 * MARGIN - labelW });
    doc.y = Math.max(doc.y, after);
    doc.moveDown(0.15);
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

function documentSection(doc: Doc, d: DossierDocument, tz: string): void {
  heading(doc, `${d.n}. ${capital(TYPE_LABEL[d.type] ?? d.type)}${d.type === 'brief' || d.type === 'correspondentie' ? ` (${d.kind})` : ''}`, 12);
  facts(doc, [
    ['Datum', localDateTimeIn(d.at, tz)],
    ['Van', who(d.from)],
    ['Aan', d.to.map(who).join(', ') || (d.type === 'notitie' ? 'intern, aan niemand verzonden' : '—')],
    ['Onderwerp', clean(d.subject)],
    ...(d.files.filter((f) => f.role === 'attachment').length
      ? [['Bijlagen', d.files.filter((f) => f.role === 'attachment').map((f) => `${clean(f.filename)} (${f.contentType}, ${f.size} bytes, SHA-256 ${f.sha256.slice(0, 16)}…)`).join('\n')] as [string, string]]
      : []),
  ]);
  // Mail and letters are written as lines of at most ~78 characters: set in a monospaced face they
  // keep their own line breaks and aligned columns (100 characters fit the A4 line at 8 pt).
  const text = clean(d.text).trim() || '(geen tekst)';
  doc.font('mono').fontSize(8).fillColor('black').text(text, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN, lineGap: 1.2 });
  doc.moveDown(0.6);
  doc.save().moveTo(MARGIN, doc.y).lineTo(doc.page.width - MARGIN, doc.y).lineWidth(0.5).strokeColor(RULE).stroke().restore();
  doc.moveDown(0.4);
}

/** Render the dossier; resolves with the PDF's bytes (see renderDossierPdfSync). */
export async function renderDossierPdf(d: Dossier, tz: string, opts: { title?: string } = {}): Promise<Buffer> {
  return renderDossierPdfSync(d, tz, opts);
}

/**
 * Render the dossier and return the PDF's bytes, synchronously: pdfkit reads the fonts with
 * readFileSync, deflates with deflateSync and, with no image or font left to load, pushes its
 * last bytes into its stream's buffer inside `doc.end()`. Nothing listens for 'data', so the
 * bytes wait in that buffer and are read out at once. This lets a command handler (#dossier,
 * #inzage), which runs inside a SQLite transaction, attach the PDF to its letter.
 */
export function renderDossierPdfSync(d: Dossier, tz: string, opts: { title?: string } = {}): Buffer {
  const title = opts.title ?? `Dossier ${d.caseNumber}`;
  const doc = new PDFDocument({
    size: 'A4', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true, autoFirstPage: true,
    info: { Title: title, Author: d.commissionerName, Subject: `Klachtdossier ${d.caseNumber}`, Creator: 'complaint-desk', CreationDate: new Date(d.exportedAt) },
    lang: 'nl-NL', displayTitle: true, pdfVersion: '1.7',
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  doc.registerFont('mono', MONO);

  const width = doc.page.width - 2 * MARGIN;
  doc.font('bold').fontSize(20).text(title, MARGIN, MARGIN);
  doc.font('regular').fontSize(10).fillColor(GREY).text(`${clean(d.practiceName)} · klachtencommissaris ${clean(d.commissionerName)} · opgemaakt ${localDateTimeIn(d.exportedAt, tz)}`);
  doc.fillColor('black').moveDown(1);

  heading(doc, 'Gegevens van de zaak');
  const outcome = d.outcome ? d.outcome : '—';
  facts(doc, [
    ['Zaaknummer', d.caseNumber],
    ['Onderwerp', clean(d.subject)],
    ['Ontvangen', d.receivedDate],
    ['Stand', STATE_LABEL[d.state] ?? d.state],
    ['Uitspraak', outcome],
    ['Gesloten', d.closedDate ?? '—'],
    ...d.parties.map((p): [string, string] => [capital(p.role), who(p)]),
    ...d.holds.map((h): [string, string] => ['Bewaarplicht', `${clean(h.reason)}; sinds ${localDateTimeIn(h.placedAt, tz)}${h.untilDate ? `, tot ${h.untilDate}` : ''}${h.liftedAt ? `; opgeheven ${localDateTimeIn(h.liftedAt, tz)}` : ''}`]),
    ['Gebeurtenissen', `${d.events} in de keten`],
    ['Kopwaarde', `SHA-256 van de laatste gebeurtenis in de keten (complaint-desk verify):\n${d.headHash}`],
  ], { mono: ['Kopwaarde'] });
  if (d.withheld.length > 0) {
    heading(doc, 'Niet opgenomen, en waarom', 12);
    for (const w of d.withheld) doc.font('regular').fontSize(9.5).text(`• ${w}`, MARGIN, doc.y, { width });
    doc.moveDown(0.6);
  }

  heading(doc, 'Inhoud');
  table(doc, [
    { title: 'Nr', width: 24 }, { title: 'Datum', width: 84 }, { title: 'Van', width: 138 }, { title: 'Aan', width: 148 }, { title: 'Soort', width: width - 394 },
  ], d.documents.map((x) => [String(x.n), localDateTimeIn(x.at, tz), whoCell(x.from), x.to.map(whoCell).join('\n') || '—', TYPE_LABEL[x.type] ?? x.type]));
  doc.font('regular').fontSize(9).fillColor(GREY).text(`Daarna: de termijnen en hun verschuivingen${d.verslag ? ', en het verslag' : ''}.`, MARGIN, doc.y, { width });
  doc.fillColor('black');

  doc.addPage();
  heading(doc, 'De stukken', 16);
  for (const x of d.documents) documentSection(doc, x, tz);

  doc.addPage();
  heading(doc, 'Termijnen', 16);
  table(doc, [
    { title: 'Termijn', width: 140 }, { title: 'Gestart', width: 62 }, { title: 'Wd', width: 28 }, { title: 'Oorspronkelijk', width: 76 },
    { title: 'Uiterlijk', width: 62 }, { title: 'Stand', width: width - 368 },
  ], d.terms.map((t) => [TERM_LABEL[t.kind] ?? t.kind, t.startDate, String(t.termWd), t.originalDueDate, t.dueDate,
    `${STATUS_LABEL[t.status] ?? t.status}${t.doneDate ? ` ${t.doneDate}` : ''}`]));
  const moves = d.terms.flatMap((t) => t.moves.map((m) => [TERM_LABEL[t.kind] ?? t.kind, `${m.fromDate} → ${m.toDate}`, `+${m.workingDays}`,
    m.origin === 'extension' ? 'verlenging' : 'afwezigheid', clean(m.reason) || '—', localDateTimeIn(m.at, tz)]));
  heading(doc, 'Verschuivingen', 12);
  if (moves.length === 0) doc.font('regular').fontSize(9.5).text('Geen termijn is verschoven.', MARGIN, doc.y).moveDown(0.6);
  else table(doc, [{ title: 'Termijn', width: 120 }, { title: 'Van → naar', width: 110 }, { title: 'Wd', width: 28 }, { title: 'Door', width: 62 },
    { title: 'Reden', width: width - 410 }, { title: 'Op', width: 90 }], moves);

  if (d.verslag) {
    doc.addPage();
    heading(doc, 'Verslag (art. 12)', 16);
    doc.font('mono').fontSize(8).text(clean(d.verslag).trim(), MARGIN, doc.y, { width, lineGap: 1.2 });
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN + 14;
    // Writing below the bottom margin would make pdfkit add a page: lift the margin for the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(7.5).fillColor(GREY)
      .text(`${d.caseNumber} · vertrouwelijk · kopwaarde ${d.headHash.slice(0, 16)}…`, MARGIN, y, { width: width - 90, lineBreak: false })
      .text(`pagina ${i + 1} van ${range.count}`, MARGIN + width - 90, y, { width: 90, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return drain(doc);
}

/** The bytes pdfkit pushed into its stream; throws if it has not finished (something async was left). */
function drain(doc: Doc): Buffer {
  const chunks: Buffer[] = [];
  for (let c = doc.read() as Buffer | null; c !== null; c = doc.read() as Buffer | null) chunks.push(c);
  const pdf = Buffer.concat(chunks);
  if (!pdf.subarray(-8).toString('latin1').includes('%%EOF')) throw new Error('pdfkit did not finish the PDF synchronously');
  return pdf;
}
