/**
 * Issue 14 §6e: `cases show` is the full view: it never cuts a name, a subject or a file name;
 * `cases list` may cut, and says so with an ellipsis.
 */
import { expect } from 'chai';
import { caseDetail, formatCaseDetail } from '../../src/cli/cases-show.js';
import { safeText } from '../../src/cli/common.js';
import { eml } from '../support/harness.js';
import { ingestBench, type IngestBench } from '../support/ingest-harness.js';

describe('cases show with a long name, subject and attachment name', () => {
  const name = 'Johanna Wilhelmina Cornelia van den Bergh-Oosterhout de Vries-Schimmelpenninck';
  const subject = 'Klacht over de behandeling van mijn zoon op 3 maart en de rekening die daarna kwam, die ik niet begrijp en die veel te hoog is';
  const filename = 'scan-van-de-rekening-van-maart-met-aantekeningen-en-de-brief-van-de-verzekeraar-erbij.pdf';
  let bench: IngestBench;
  let text: string;

  before(async () => {
    bench = ingestBench({ now: '2026-03-12T09:30:00Z' });
    const r = await bench.receive(eml({ fromName: name, subject, attachment: { filename, contentType: 'application/pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') } }));
    const d = caseDetail(bench.ctx.store, bench.ctx.calendar, '2026-03-12', r.caseNumber!);
    text = formatCaseDetail(d, { write: () => undefined }, 'Europe/Amsterdam', 5);
  });
  after(() => bench.close());

  it('then the full view shows the name, the subject and the file name whole, with no ellipsis anywhere', () => {
    expect(name.length).to.be.above(60);
    expect(subject.length).to.be.above(100);
    expect(text).to.include(`  subject   ${subject}\n`);
    expect(text).to.include(`${name} <klager@example.test>`);
    expect(text).to.include(`"${subject}" from klager@example.test`);
    expect(text).to.include(`attachment  ${filename}  application/pdf`);
    expect(text).not.to.include('…');
  });

  it('then a list view may still cut, when it asks for a width', () => {
    expect(safeText(name, 30)).to.have.length(30).and.match(/…$/);
    expect(safeText(name)).to.equal(name);
  });
});
