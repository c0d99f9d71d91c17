/**
 * Issue 14 §6c: a complaint processed days after it reached the mailbox has one date of receipt,
 * its INTERNALDATE, in the case page's course, in the file and in `cases show`'s timeline.
 */
import { expect } from 'chai';
import { caseDetail, formatCaseDetail } from '../../src/cli/cases-show.js';
import { localDateOf } from '../../src/domain/calendar.js';
import { caseFile } from '../../src/web/case-file-model.js';
import { timeline } from '../../src/web/terms-timeline.js';
import { eml } from '../support/harness.js';
import { ingestBench, type IngestBench } from '../support/ingest-harness.js';

describe('a complaint processed days after it arrived (INTERNALDATE days back)', () => {
  const processedAt = '2026-03-12T09:30:00Z';
  const internalDate = new Date('2026-03-05T15:12:00Z');
  let bench: IngestBench;
  let number: string;

  before(async () => {
    bench = ingestBench({ now: processedAt });
    const r = await bench.receive(eml({ subject: 'Klacht over de rekening' }), { receivedAt: internalDate });
    number = r.caseNumber!;
  });
  after(() => bench.close());

  it('then cases show gives the date of receipt for its received event and its complaint, not the processing time', () => {
    const d = caseDetail(bench.ctx.store, bench.ctx.calendar, '2026-03-12', number);
    expect(d.receivedDate).to.equal('2026-03-05');
    const received = d.timeline.find((e) => e.type === 'received')!;
    expect(received.at).to.equal(internalDate.toISOString());
    expect(d.documents.find((x) => x.kind === 'complaint')!.at).to.equal(internalDate.toISOString());
    const text = formatCaseDetail(d, { isTTY: false, write: () => undefined }, 'Europe/Amsterdam', 5);
    expect(text).to.match(/\n {2}2026-03-05 16:12 {2}received +→ received/);
    expect(text).to.match(/klager +Jan Jansen <klager@example.test> {2}since 2026-03-05/);
    expect(text).not.to.match(/2026-03-12 10:30 {2}received/);
  });

  it('then the file shows the complaint at its date of receipt', () => {
    const c = bench.ctx.store.cases.byNumber(number)!;
    const complaint = caseFile(bench.ctx, c.id).find((f) => f.kind === 'complaint')!;
    expect(complaint.at).to.equal('2026-03-05 16:12');
  });

  it("then the case page's course puts 'received' on the date of receipt", () => {
    const c = bench.ctx.store.cases.byNumber(number)!;
    const entries = timeline(bench.ctx.store.cases.events(c.id), [], '2026-03-12', 'Europe/Amsterdam');
    expect(entries.find((e) => e.key === 'received')!.date).to.equal(localDateOf(internalDate, 'Europe/Amsterdam'));
    expect(entries.find((e) => e.key === 'received')!.date).to.equal('2026-03-05');
  });
});
