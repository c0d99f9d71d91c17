/**
 * When the ruling is late, the parties are told (issue 13; the procedure's footnote): once the
 * handling term has passed without a ruling, the daily digest's run writes one "ruling delayed"
 * letter to klager and beklaagde for that due date, and no second one the next day.
 */
import { expect } from 'chai';
import { addDays, localDateOf } from '../../src/domain/calendar.js';
import { writeDigest } from '../../src/use-cases/send-digest.js';
import { eml } from '../support/harness.js';
import { ingestBench, type IngestBench } from '../support/ingest-harness.js';

describe('the parties are told when the ruling is late', () => {
  let b: IngestBench;
  beforeEach(() => {
    b = ingestBench({ now: '2026-03-02T09:00:00Z' });
  });
  afterEach(() => b.close());

  const delayed = () => b.db().prepare(`SELECT to_addr, json_extract(facts, '$.deadline.date') AS due FROM outbox WHERE template = 'ruling-delayed' ORDER BY id`).all() as { to_addr: string; due: string }[];

  it('when the handling term has passed without a ruling, then klager and beklaagde get one letter for that due date, and not again the next day', async () => {
    const r = await b.receive(eml({ subject: 'Klacht' }));
    await b.receive(eml({ from: 'commissaris@praktijk.test', subject: `[${r.caseNumber}] #beklaagde Piet Pieters <beklaagde@example.test>` }));
    const c = b.ctx.store.cases.byNumber(r.caseNumber!)!;
    const due = b.ctx.store.deadlines.currentOfKind(c.id, 'handle')!.due_date;

    b.clock.set!(`${due}T10:00:00Z`);
    writeDigest(b.ctx, due);
    expect(delayed(), 'not yet on the day itself').to.deep.equal([]);

    const after = addDays(due, 1);
    b.clock.set!(`${after}T08:00:00Z`);
    writeDigest(b.ctx, localDateOf(b.clock.now(), 'Europe/Amsterdam'));
    expect(delayed()).to.deep.equal([{ to_addr: 'klager@example.test', due }, { to_addr: 'beklaagde@example.test', due }]);

    b.clock.set!(`${addDays(after, 1)}T08:00:00Z`);
    writeDigest(b.ctx, localDateOf(b.clock.now(), 'Europe/Amsterdam'));
    expect(delayed()).to.have.length(2);
  });
});
