/**
 * Smoke run of each benchmark with tiny sizes on its own private stack: the bench runs end to
 * end and its JSON has the documented shape. No timing is asserted here (figures belong to
 * `npm run bench:*`, not to `npm test`).
 */
import { expect } from 'chai';
import { runLatency } from '../../bench/latency.js';
import { runIngest } from '../../bench/ingest.js';
import { runScale } from '../../bench/scale.js';
import { runReminders } from '../../bench/reminders.js';
import { report } from '../../bench/lib/kit.js';

const summaryKeys = ['n', 'min', 'p50', 'p95', 'max', 'mean'];

function expectSummary(s: unknown, n: number): void {
  expect(s).to.be.an('object').that.has.all.keys(summaryKeys);
  const o = s as Record<string, number>;
  expect(o.n).to.equal(n);
  for (const k of summaryKeys) expect(o[k], k).to.be.a('number').and.not.NaN;
}

/** What `report` writes to stdout, and that its last line is the JSON. */
function captured(text: string, json: object): string[] {
  const chunks: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((c: string | Uint8Array) => (chunks.push(String(c)), true)) as typeof process.stdout.write;
  try {
    report(text, json);
  } finally {
    process.stdout.write = write;
  }
  return chunks.join('').trimEnd().split('\n');
}

describe('benchmarks: smoke run with tiny sizes (no timing asserted)', function () {
  this.timeout(180_000);

  it('bench:latency runs and reports floor, ack and their difference as JSON, last', async () => {
    const { text, json } = await runLatency({ n: 2, warmup: 1, gapMs: 20, pollSeconds: 1, timeoutMs: 60_000 });
    expect(text).to.include('floor').and.include('ack');
    expect(json).to.include.keys('bench', 'unit', 'settings', 'floor', 'ack', 'difference', 'excess', 'breakdown', 'target', 'samples', 'machine');
    expect(json.bench).to.equal('latency');
    expectSummary(json.floor, 2);
    expectSummary(json.ack, 2);
    expectSummary(json.excess, 2);
    for (const k of ['append', 'appendToCommit', 'commitToAck'] as const) expectSummary(json.breakdown[k], 2);
    expect(json.difference).to.have.all.keys('p50', 'p95', 'max');
    expect(json.target.met).to.be.a('boolean');
    expect(json.samples).to.have.length(2);
    for (const s of json.samples) expect(s.ackMs).to.be.at.least(s.commitMs);
    const lines = captured(text, json);
    expect(JSON.parse(lines[lines.length - 1]!)).to.deep.equal(JSON.parse(JSON.stringify(json)));
  });

  it('bench:ingest runs a tiny backlog and reports both ceilings, service and ratios as JSON', async () => {
    // batchSize 4: the honest ceiling takes two batches (4 + 2) of the 6.
    const { text, json } = await runIngest({ n: 6, attachmentEvery: 3, ceilingRuns: 1, honest: 1, batchSize: 4, appendConnections: 2, pollSeconds: 1, timeoutMs: 60_000 });
    expect(text).to.include('ceiling (raw)').and.include('ceiling (honest)');
    expect(json).to.include.keys('bench', 'settings', 'backlog', 'ceiling', 'ceilingHonest', 'order', 'service', 'ratio', 'ratioHonest', 'target', 'targetHonest', 'machine');
    const h = json.ceilingHonest!;
    expect(h.messages).to.equal(6);
    expect(h.letters).to.equal(12);
    expect(h.batches).to.equal(2);
    expect(h.blobs).to.be.at.least(6);
    expect(h.steps).to.have.all.keys('setup', 'fetch', 'parse', 'blobs', 'commit', 'move', 'render', 'send');
    for (const v of [h.seconds, h.rate, json.ratioHonest]) expect(v).to.be.a('number').and.above(0);
    expect(json.order).to.have.length(3);
    expect(json.bench).to.equal('ingest');
    expect(json.backlog.messages).to.equal(6);
    expect(json.backlog.withAttachments).to.equal(2);
    expect(json.service.cases).to.equal(6);
    expect(json.service.letters).to.be.at.least(12);
    for (const v of [json.ceiling.seconds, json.ceiling.rate, json.service.seconds, json.service.rate, json.ratio]) {
      expect(v).to.be.a('number').and.above(0);
    }
    expect(json.target.met).to.be.a('boolean');
  });

  it('bench:scale runs on a small generated store and reports start, memory, rebuild and cases list', async () => {
    const { text, json } = await runScale({ cases: 300, timeoutMs: 120_000, settleSeconds: 1 });
    expect(text).to.include('rebuild');
    expect(json).to.include.keys('bench', 'settings', 'store', 'start', 'memory', 'rebuild', 'casesList', 'targets', 'machine');
    expect(json.bench).to.equal('scale');
    expect(json.store.cases).to.equal(300);
    expect(json.start.jobsAdded).to.be.above(0);
    expect(json.rebuild.jobs).to.be.above(0);
    expect(json.casesList.lines).to.be.above(300);
    for (const v of [json.start.readySeconds, json.memory.readyMb, json.memory.afterReminderHourMb, json.rebuild.seconds, json.casesList.seconds]) {
      expect(v).to.be.a('number').and.above(0);
    }
    for (const v of Object.values(json.targets)) expect(v).to.be.a('boolean');
  });

  it('bench:reminders runs a few reminders due together and reports their lateness', async () => {
    const { text, json } = await runReminders({ n: 5, leadMs: 2000, startAllowanceMs: 5000, timeoutMs: 60_000 });
    expect(text).to.include('reminder job done');
    expect(json).to.include.keys('bench', 'unit', 'settings', 'plannedAheadMs', 'jobLateness', 'letterLateness', 'digest', 'target', 'machine');
    expect(json.bench).to.equal('reminders');
    expectSummary(json.jobLateness, 5);
    expectSummary(json.letterLateness, 5);
    expect(json.target.met).to.be.a('boolean');
  });
});
