/**
 * The jaarverslag on a desk of two practices with different procedures (issue 16): `lux` (the
 * seed's, the ruling 30 working days after the acknowledgement) and `zorg` (Wkkgz, the ruling
 * six weeks after receipt), plus a complaint held under no practice. Cases run through the real
 * use-cases on the terms bench (complaints in, commands from the commissioner). Each practice's
 * report counts only its own cases against its own terms; the combined report counts all with a
 * row per practice; and every report comes out the same after the cases are purged, also when the
 * store is one from before the practices (no practice on the cases) adopted at start.
 */
import { expect } from 'chai';
import { atLocalTime, addDays, type LocalDate } from '../../src/domain/calendar.js';
import { buildAnnualReport, renderReport, reportPracticeName } from '../../src/annual-report/build-report.js';
import type { AnnualReport } from '../../src/annual-report/annual-report.js';
import { runReport } from '../../src/cli/annual-report.js';
import { purgeCases } from '../../src/use-cases/purge-cases.js';
import { adoptCasesByPrefix } from '../../src/use-cases/practice-of.js';
import { termsBench, type TermsBench } from '../support/terms-bench.js';
import { asRecognised, twoPractices } from '../support/practice-sets.js';

const TZ = 'Europe/Amsterdam';
const YEAR = 2024;

type Step = ['ack' | 'ruling' | 'dismiss' | 'close', number, string?];
interface Plan { key: string; practice: 'lux' | 'zorg' | null; received: LocalDate; steps: Step[]; handleInTerm?: boolean }

/**
 * Each step comes its number of working days after the one before. B's ruling is late under the
 * seed's 30 working days; D's ruling, 29 working days after receipt with Ascension and Whit
 * Monday in them, falls after the Wkkgz's six weeks (17 June) though it would be in time under the
 * seed's term counted from the acknowledgement: the procedure of the practice decides.
 */
const PLANS: Plan[] = [
  { key: 'A', practice: 'lux', received: '2024-01-08', steps: [['ack', 2], ['ruling', 20, 'gegrond'], ['close', 1]], handleInTerm: true },
  { key: 'B', practice: 'lux', received: '2024-02-05', steps: [['ack', 1], ['ruling', 35, 'ongegrond'], ['close', 1]], handleInTerm: false },
  { key: 'C', practice: 'zorg', received: '2024-03-04', steps: [['ack', 3], ['ruling', 20, 'gegrond'], ['close', 1]], handleInTerm: true },
  { key: 'D', practice: 'zorg', received: '2024-05-06', steps: [['ack', 5], ['ruling', 24, 'ongegrond'], ['close', 1]], handleInTerm: false },
  { key: 'F', practice: 'zorg', received: '2024-06-10', steps: [['dismiss', 1], ['close', 1]] },
  { key: 'E', practice: null, received: '2024-07-01', steps: [] },
];

const figuresOf = (r: AnnualReport) => ({ ...r, generatedOn: undefined });

describe('annual report per practice: two procedures on one desk, the same after the purge', function () {
  this.timeout(120_000);
  let bench: TermsBench;
  const dates = new Map<string, LocalDate[]>();

  before(async () => {
    bench = termsBench('2024-01-08T09:00:00Z', { ACK_MODE: 'review' });
    bench.config.practices = twoPractices();
    let minute = 0;
    for (const p of PLANS) {
      const at = (d: LocalDate) => bench.clock.set(atLocalTime(d, 10, minute++, TZ));
      at(p.received);
      const mail = { subject: `Klacht ${p.key}`, fromName: `Klager ${p.key}`, text: `Vertrouwelijke klacht ${p.key}.` };
      const id = p.practice ? await asRecognised(bench.config, p.practice, () => bench.complaint(mail)) : await bench.complaint(mail);
      const seen: LocalDate[] = [p.received];
      for (const [what, after, outcome] of p.steps) {
        const date = bench.ctx.calendar.addWorkingDays(seen.at(-1)!, after);
        seen.push(date);
        at(date);
        const n = bench.ctx.store.cases.get(id)!.number;
        if (what === 'ack') await bench.commissionerSays(`[${n}] #ontvangst`);
        if (what === 'ruling') await bench.commissionerSays(`[${n}] #uitspraak ${outcome}`, `Motivering ${p.key}.`);
        if (what === 'dismiss') await bench.commissionerSays(`[${n}] #geen-klacht`);
        if (what === 'close') await bench.commissionerSays(`[${n}] #sluit`);
      }
      const c = bench.ctx.store.cases.get(id)!;
      expect(c.practice_id, p.key).to.equal(p.practice);
      expect(c.state, p.key).to.equal(p.steps.length ? 'closed' : 'received');
      dates.set(p.key, seen);
    }
  });
  after(() => bench?.close());

  const report = (practice?: string, today: LocalDate = '2025-06-02') =>
    buildAnnualReport(bench.ctx.store, bench.config, bench.ctx.calendar, YEAR, today, practice);
  const of = (practice: Plan['practice']) => PLANS.filter((p) => p.practice === practice);
  const ruled = (ps: Plan[]) => ps.filter((p) => p.handleInTerm !== undefined);
  /** The ruling's date of plan `p`, and its due date on the practice's own procedure, counted here. */
  const ruling = (p: Plan) => {
    const d = dates.get(p.key)!;
    const on = d[p.steps.findIndex((s) => s[0] === 'ruling') + 1]!;
    const ack = d[p.steps.findIndex((s) => s[0] === 'ack') + 1]!;
    let due = addDays(p.received, 42); // Wkkgz: six weeks from receipt, to the next working day
    while (!bench.ctx.calendar.isWorkingDay(due)) due = addDays(due, 1);
    if (p.practice === 'lux') due = bench.ctx.calendar.addWorkingDays(ack, 30); // the seed: 30 wd from the acknowledgement
    const wd = bench.ctx.calendar.workingDaysBetween(p.practice === 'lux' ? ack : p.received, on);
    return { on, due, wd };
  };
  const median = (xs: number[]) => { const v = [...xs].sort((a, b) => a - b); const m = v.length >> 1; return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2; };

  let first: Record<'lux' | 'zorg' | 'none' | 'all', AnnualReport>;

  it('when the plan is counted by hand, then each ruling is in term or late as the plan says, by its own procedure', () => {
    for (const p of ruled(PLANS)) {
      const r = ruling(p);
      expect(r.on <= r.due, `${p.key}: ruling ${r.on}, due ${r.due}`).to.equal(p.handleInTerm);
    }
    // D would have been in time on the seed's term from its acknowledgement.
    const d = PLANS.find((p) => p.key === 'D')!;
    expect(ruling(d).on <= bench.ctx.calendar.addWorkingDays(dates.get('D')![1]!, 30)).to.equal(true);
  });

  it('when a practice\'s report is made, then it counts only its cases, against its own terms', () => {
    first = { lux: report('lux'), zorg: report('zorg'), none: report('none'), all: report() };
    for (const id of ['lux', 'zorg'] as const) {
      const r = first[id];
      const mine = of(id);
      expect(r.practice, id).to.deep.equal({ id, name: `Praktijk ${id.toUpperCase()}` });
      expect([r.received, r.closed, r.openAtYearEnd], id).to.deep.equal([mine.length, mine.length, 0]);
      const rulings = ruled(mine);
      expect(r.steps.handle.done, id).to.equal(rulings.length);
      expect(r.steps.handle.withinTerm, id).to.equal(rulings.filter((p) => p.handleInTerm).length);
      expect(r.steps.handle.medianWd, id).to.equal(median(rulings.map((p) => ruling(p).wd)));
      expect(r.steps.handle.maxWd, id).to.equal(Math.max(...rulings.map((p) => ruling(p).wd)));
      expect(r.steps.ack.term, id).to.deep.equal({ length: 10, unit: 'working-days' });
      expect(r.appeals.appealed, id).to.equal(0);
    }
    expect(first.lux.steps.handle.term).to.deep.equal({ length: 30, unit: 'working-days' });
    expect(first.lux.steps.handle.termWd).to.equal(30);
    expect(first.lux.handleFrom).to.equal('acknowledgement');
    expect(first.zorg.steps.handle.term).to.deep.equal({ length: 6, unit: 'weeks' });
    expect(first.zorg.steps.handle.termWd).to.equal(null);
    expect(first.zorg.handleFrom).to.equal('receipt');
    expect(first.zorg.outcomes).to.include({ gegrond: 1, ongegrond: 1, 'geen-klacht': 1 });
    expect(first.lux.outcomes).to.include({ gegrond: 1, ongegrond: 1, 'geen-klacht': 0 });
    expect([first.none.received, first.none.openAtYearEnd, first.none.closed]).to.deep.equal([1, 1, 0]);

    const md = renderReport(first.zorg, 'md', 'nl', reportPracticeName(bench.config, 'zorg'));
    expect(md).to.include('Praktijk ZORG · opgesteld op');
    expect(md).to.include('| Uitspraak (ontvangst → uitspraak) | 6 weken |');
    expect(md).not.to.include('Praktijk LUX');
    expect(renderReport(first.lux, 'md', 'en', reportPracticeName(bench.config, 'lux'))).to.include('| Ruling (acknowledgement → ruling) | 30 |');
  });

  it('when the combined report is made, then it counts every case, each against its own term, with a row per practice', () => {
    const r = first.all;
    expect(r.practice).to.equal(null);
    expect([r.received, r.closed, r.openAtYearEnd]).to.deep.equal([PLANS.length, PLANS.length - 1, 1]);
    const rulings = ruled(PLANS);
    expect(r.steps.handle.done).to.equal(rulings.length);
    expect(r.steps.handle.withinTerm, 'each case against its own practice\'s term').to.equal(rulings.filter((p) => p.handleInTerm).length);
    expect(r.steps.handle.term, 'the practices differ').to.equal(null);
    expect(r.steps.ack.term, 'the practices agree').to.deep.equal({ length: 10, unit: 'working-days' });
    expect(r.handleFrom).to.equal('either');
    expect(r.byPractice!.map((p) => [p.id, p.received, p.closed, p.openAtYearEnd, p.handle.done, p.handle.withinTerm])).to.deep.equal([
      ['lux', 2, 2, 0, 2, 1], ['zorg', 3, 3, 0, 2, 1], ['', 1, 0, 1, 0, 0],
    ]);
    expect(r.byPractice!.map((p) => p.handle.term)).to.deep.equal([{ length: 30, unit: 'working-days' }, { length: 6, unit: 'weeks' }, null]);
    // The rows add up to the whole.
    expect(r.byPractice!.reduce((n, p) => n + p.received, 0)).to.equal(r.received);
    expect(r.byPractice!.reduce((n, p) => n + p.handle.withinTerm, 0)).to.equal(r.steps.handle.withinTerm);

    const md = renderReport(r, 'md', 'nl', reportPracticeName(bench.config));
    expect(md).to.include('Praktijk LUX, Praktijk ZORG · opgesteld op');
    expect(md).to.include('## Per praktijk');
    expect(md).to.include('| Praktijk LUX (lux) | 2 | 2 | 0 | 30 | 2 | 1 (50%) | 0 |');
    expect(md).to.include('| Praktijk ZORG (zorg) | 3 | 3 | 0 | 6 weken | 2 | 1 (50%) | 0 |');
    expect(md).to.include('| nog geen praktijk | 1 | 0 | 1 | – | 0 | – | 0 |');
    expect(md).to.include('| Uitspraak (begin van de termijn → uitspraak) | per praktijk |');
    for (const s of ['Klager', 'Vertrouwelijke', 'Motivering', '@example.test', 'eigenaar']) expect(md, s).not.to.include(s);
  });

  it('when the cases are purged, then every report is the same, and the rows that outlive them carry their practice', async () => {
    bench.clock.set(atLocalTime('2026-12-01', 11, 0, TZ));
    const purged = await purgeCases(bench.ctx, null);
    expect(purged.failed).to.deep.equal([]);
    expect(purged.cases).to.have.length(PLANS.length - 1);
    const db = bench.ctx.store.db;
    expect(db.prepare('SELECT practice_id AS p, count(*) AS n FROM case_stats GROUP BY practice_id ORDER BY practice_id').all())
      .to.deep.equal([{ p: 'lux', n: 2 }, { p: 'zorg', n: 3 }]);
    for (const id of ['lux', 'zorg', 'none'] as const) expect(figuresOf(report(id)), id).to.deep.equal(figuresOf(first[id]));
    expect(figuresOf(report())).to.deep.equal(figuresOf(first.all));
    // The purges are counted in their own year, per practice.
    const y2026 = (p?: string) => buildAnnualReport(bench.ctx.store, bench.config, bench.ctx.calendar, 2026, '2026-12-01', p).destruction.destroyed;
    expect([y2026('lux'), y2026('zorg'), y2026('none'), y2026()]).to.deep.equal([2, 3, 0, 5]);
  });

  it('when the store is one from before the practices, then adopting the cases by prefix at start gives the same reports', () => {
    const db = bench.ctx.store.db;
    db.prepare('UPDATE cases SET practice_id = NULL').run();
    db.prepare('UPDATE case_stats SET practice_id = NULL').run();
    adoptCasesByPrefix(bench.ctx);
    expect(db.prepare('SELECT count(*) AS n FROM case_stats WHERE practice_id IS NULL').get()).to.deep.equal({ n: 0 });
    expect(db.prepare(`SELECT count(*) AS n FROM cases WHERE practice_id IS NULL`).get(), 'the held case stays held').to.deep.equal({ n: 1 });
    for (const id of ['lux', 'zorg', 'none'] as const) expect(figuresOf(report(id)), id).to.deep.equal(figuresOf(first[id]));
    expect(figuresOf(report())).to.deep.equal(figuresOf(first.all));
  });

  it('`report --practice ID` prints that practice\'s report; an unknown id is refused with the ids there are', () => {
    let out = '';
    runReport(bench.config, { year: String(YEAR), practice: 'zorg', format: 'json' }, { write: (s: string) => ((out += s), true) }, bench.clock);
    const json = JSON.parse(out) as AnnualReport;
    expect(json.practice).to.deep.equal({ id: 'zorg', name: 'Praktijk ZORG' });
    const plain = (r: AnnualReport) => JSON.parse(JSON.stringify(figuresOf(r))) as unknown;
    expect(plain(json)).to.deep.equal(plain(first.zorg));
    expect(() => runReport(bench.config, { year: String(YEAR), practice: 'elders' }, { write: () => true }, bench.clock))
      .to.throw(/unknown practice 'elders': use one of lux, zorg, none/);
  });
});
