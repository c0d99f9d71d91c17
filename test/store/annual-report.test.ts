/**
 * The annual report (jaarverslag) over a year of cases generated through the real use-cases
 * (mail in through receiveMessage, commands from the commissioner, replies of the parties) on a
 * store with an injected clock. Every figure is checked against a count the test makes from its
 * own plan of the cases; the report stays the same after the cases are purged in two rounds;
 * the destruction figures of the purge years count what went, on schedule or late; and no name,
 * address, subject or text of any case appears in any format.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { atLocalTime, type LocalDate } from '../../src/domain/calendar.js';
import type { CaseState } from '../../src/domain/case.js';
import { addMonths } from '../../src/domain/retention.js';
import { stackEnv } from '../../tools/devstack/stack-config.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { purgeCases } from '../../src/use-cases/purge-cases.js';
import { buildAnnualReport, renderReport } from '../../src/annual-report/build-report.js';
import type { AnnualReport, ReportStep } from '../../src/annual-report/annual-report.js';
import { COMMISSIONER, eml } from '../support/harness.js';
import { ingestBench, type IngestBench } from '../support/ingest-harness.js';

const TZ = 'Europe/Amsterdam';
const YEAR = 2024;
const TERMS: Record<ReportStep, number> = { ack: 10, present: 10, response: 10, handle: 30 };

type StepKind = 'ack' | 'present' | 'respond' | 'hearing' | 'expert' | 'extend' | 'absent' | 'ruling' | 'appeal' | 'appeal-decision' | 'dismiss' | 'withdraw' | 'close';
/** [what, working days after the step before, arguments...] */
type Step = [StepKind, number, ...(string | number)[]];
interface Plan { key: string; received: LocalDate; steps: Step[] }

/** The n-th working day after `d` on the service's calendar (holidays, weekends). */
const addWorkingDaysPlain = (bench: IngestBench, d: LocalDate, n: number): LocalDate => bench.ctx.calendar.addWorkingDays(d, n);

/**
 * A year of cases. Each step comes `after` working days after the one before it (the first
 * after the receipt), so the working days between any two steps are a sum of these numbers.
 */
const PLANS: Plan[] = [
  { key: 'Z', received: '2023-12-11', steps: [['ack', 2], ['ruling', 20, 'gegrond'], ['close', 1]] },
  { key: 'A', received: '2024-01-15', steps: [['ack', 2], ['present', 3], ['respond', 4], ['hearing', 2], ['ruling', 11, 'gegrond'], ['close', 1]] },
  { key: 'B', received: '2024-02-05', steps: [['ack', 1], ['extend', 4, 5, 'Ziekte van Jan Jansen jan@example.test 0612345678'], ['present', 1], ['respond', 8], ['ruling', 11, 'ongegrond'], ['close', 2]] },
  { key: 'C', received: '2024-03-11', steps: [['ack', 12], ['extend', 2, 10, 'ziekte'], ['expert', 3], ['present', 6], ['respond', 3], ['ruling', 24, 'deels-gegrond'], ['close', 1]] },
  { key: 'D', received: '2024-04-08', steps: [['ack', 3], ['dismiss', 1], ['close', 1]] },
  { key: 'M', received: '2024-04-22', steps: [['dismiss', 2]] },
  { key: 'E', received: '2024-05-13', steps: [['ack', 0], ['withdraw', 6], ['close', 1]] },
  { key: 'F', received: '2024-06-03', steps: [['ack', 4], ['present', 2], ['respond', 10], ['hearing', 1], ['expert', 1], ['hearing', 2], ['ruling', 12, 'niet-ontvankelijk'], ['appeal', 5], ['appeal-decision', 3, 'niet-ontvankelijk'], ['close', 1]] },
  { key: 'G', received: '2024-07-01', steps: [['ack', 5], ['present', 6], ['ruling', 24, 'gegrond'], ['appeal', 10], ['appeal-decision', 4, 'ontvankelijk'], ['close', 2]] },
  { key: 'H', received: '2024-08-19', steps: [['ack', 7], ['present', 9], ['extend', 5, 3, 'overig: drukte bij Pietje Puk'], ['respond', 7], ['ruling', 15, 'ongegrond'], ['close', 1]] },
  // The absence (Mon 23 – Fri 27 September) takes 3 working days out of the present term and 5
  // out of the handle term; the command's figure is the larger. Every step here is well in term.
  { key: 'I', received: '2024-09-09', steps: [['ack', 2], ['absent', 1, '2024-09-23', '2024-09-27', 'Vakantie', 5], ['present', 4], ['respond', 3], ['ruling', 10, 'gegrond'], ['close', 1]] },
  { key: 'J', received: '2024-10-14', steps: [['ack', 1], ['present', 4], ['respond', 5], ['ruling', 6, 'gegrond'], ['appeal', 3]] },
  { key: 'K', received: '2024-11-18', steps: [['ack', 6], ['present', 2]] },
  // Decided without presenting: the ruling meets the present term too (SPEC §3, domain/deadlines).
  { key: 'L', received: '2024-12-16', steps: [['ack', 9], ['ruling', 22, 'ongegrond'], ['close', 1]] },
];

const klager = (p: Plan) => ({ email: `klager-${p.key.toLowerCase()}@example.test`, name: `Klaasje Klagerdochter${p.key}` });
const beklaagde = (p: Plan) => ({ email: `beklaagde-${p.key.toLowerCase()}@example.test`, name: `Bertus Beklaagdezoon${p.key}` });
const expert = (p: Plan) => ({ email: `deskundige-${p.key.toLowerCase()}@example.test`, name: `Dorien Deskundigheid${p.key}` });
const subjectOf = (p: Plan) => `Vertrouwelijk onderwerp ${p.key} over de behandeling`;
const groundsOf = (p: Plan) => `Geheime motivering ${p.key}: de bejegening is beoordeeld.`;

/** Every personal string the generated cases hold; none may appear in a report. */
function personalStrings(): string[] {
  return PLANS.flatMap((p) => [klager(p).email, klager(p).name, beklaagde(p).email, beklaagde(p).name, expert(p).email, expert(p).name,
    subjectOf(p), groundsOf(p), 'Vertrouwelijk onderwerp', 'Geheime motivering', 'Klagerdochter', 'Beklaagdezoon', 'Deskundigheid', '@example.test',
    // Words after a reason's category: the case file's, never the report's.
    'Jan Jansen', 'jan jansen', 'jansen', '0612345678', 'drukte', 'Pietje']);
}

const STATE_AFTER: Partial<Record<Step[0], CaseState>> = {
  ack: 'acknowledged', present: 'presented', respond: 'responded', hearing: 'hearing', ruling: 'decided', appeal: 'appealed',
  'appeal-decision': 'appeal-decided', dismiss: 'dismissed', withdraw: 'withdrawn', close: 'closed',
};

/** Run one plan through the use-cases; returns the date of each step (index 0: the receipt). */
async function runPlan(bench: IngestBench, p: Plan): Promise<LocalDate[]> {
  const store = bench.ctx.store;
  const set = bench.clock as { set(at: Date): void };
  let minute = 0;
  const at = (d: LocalDate) => set.set(atLocalTime(d, 10, minute++, TZ));
  const dates: LocalDate[] = [p.received];
  at(p.received);
  await bench.receive(eml({ from: klager(p).email, fromName: klager(p).name, subject: subjectOf(p), text: `Mijn klacht ${p.key}: vertrouwelijke tekst.` }));
  const row = store.db.prepare(`SELECT c.id, c.number FROM cases c JOIN parties p ON p.case_id = c.id WHERE p.role = 'klager' AND p.email = ?`)
    .get(klager(p).email) as { id: number; number: string } | undefined;
  expect(row, `case ${p.key} opened`).to.not.equal(undefined);
  const { id, number: n } = row!;
  const command = (subject: string, text = '') => bench.receive(eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject: `[${n}] ${subject}`, text }));
  const moves = () => (store.db.prepare('SELECT count(*) AS n FROM deadline_moves WHERE case_id = ?').get(id) as { n: number }).n;
  for (const step of p.steps) {
    const date = addWorkingDaysPlain(bench, dates.at(-1)!, step[1]);
    dates.push(date);
    at(date);
    const movesBefore = moves();
    switch (step[0]) {
      case 'ack': await command('#ontvangst'); break;
      case 'present': await command(`#beklaagde ${beklaagde(p).name} <${beklaagde(p).email}>`); break;
      case 'respond':
        await bench.receive(eml({ from: beklaagde(p).email, fromName: beklaagde(p).name, subject: `Re: [${n}] Verzoek om een schriftelijke reactie`, text: `Reactie ${p.key}.` }));
        break;
      case 'hearing': await command(`#hoorzitting ${addWorkingDaysPlain(bench, date, 3)} 14:00 samen Spreekkamer`); break;
      case 'expert': await command(`#deskundige ${expert(p).name} <${expert(p).email}>`); break;
      case 'extend': await command(`#verleng ${step[2]} ${step[3]}`); break;
      case 'absent': await command(`#afwezig ${step[2]} ${step[3]} ${step[4]}`); break;
      case 'ruling': await command(`#uitspraak ${step[2]}`, groundsOf(p)); break;
      case 'appeal':
        await bench.receive(eml({ from: klager(p).email, fromName: klager(p).name, subject: `Re: [${n}] Uitspraak op de klacht`, text: 'Ik ga in beroep met nieuwe informatie.' }));
        break;
      // Not admitted only with a reason; admitted, the ruling on appeal follows in the same mail
      // (same outcome as the first, so the year's outcome figures stay as planned).
      case 'appeal-decision':
        if (step[2] === 'ontvankelijk') {
          const first = p.steps.find((s) => s[0] === 'ruling')![2];
          await command('#beroep ontvankelijk', `#uitspraak ${first}\n${groundsOf(p)}`);
        } else {
          await command(`#beroep ${step[2]} er is geen nieuwe, aanvullende informatie gegeven`);
        }
        break;
      case 'dismiss': await command('#geen-klacht'); break;
      case 'withdraw': await command('#ingetrokken'); break;
      case 'close': await command('#sluit'); break;
    }
    const want = STATE_AFTER[step[0]];
    if (want) expect(store.cases.get(id)!.state, `${p.key} after ${step[0]} on ${date}`).to.equal(want);
    if (step[0] === 'extend' || step[0] === 'absent') expect(moves(), `${p.key}: ${step[0]} moved deadlines`).to.be.greaterThan(movesBefore);
    if (step[0] === 'expert') expect(store.cases.parties(id).filter((x) => x.role === 'deskundige')).to.have.length.greaterThan(0);
  }
  return dates;
}

// ---------------------------------------------------------------------------------------------
// The test's own count, from the plans alone: positions in working days, what meets each term.
// ---------------------------------------------------------------------------------------------

interface Expected {
  received: number; closed: number; openAtYearEnd: number;
  months: { received: number[]; closed: number[] };
  outcomes: Record<string, number>;
  steps: Record<ReportStep, { wds: number[]; withinTerm: number; withinExtendedTerm: number }>;
  extensions: { cases: number; commands: number; workingDays: number; byReason: Map<string, { commands: number; workingDays: number }> };
  hearings: { cases: number; hearings: number }; experts: { cases: number; experts: number };
  appeals: { appealed: number; admissible: number; inadmissible: number; undecided: number };
}

/** Which steps meet which term (a ruling meets every term still open), and which step starts it. */
const TERM_RULES: Record<ReportStep, { startedBy: Step[0] | 'receipt'; metBy: Step[0][] }> = {
  ack: { startedBy: 'receipt', metBy: ['ack'] },
  present: { startedBy: 'ack', metBy: ['present', 'ruling'] },
  response: { startedBy: 'present', metBy: ['respond', 'ruling'] },
  handle: { startedBy: 'ack', metBy: ['ruling'] },
};
const STOPS: Step[0][] = ['dismiss', 'withdraw', 'close'];

function expectedFor(year: number, datesByPlan: Map<string, LocalDate[]>): Expected {
  const y = String(year);
  const e: Expected = {
    received: 0, closed: 0, openAtYearEnd: 0, months: { received: Array(12).fill(0), closed: Array(12).fill(0) }, outcomes: {},
    steps: { ack: { wds: [], withinTerm: 0, withinExtendedTerm: 0 }, present: { wds: [], withinTerm: 0, withinExtendedTerm: 0 }, response: { wds: [], withinTerm: 0, withinExtendedTerm: 0 }, handle: { wds: [], withinTerm: 0, withinExtendedTerm: 0 } },
    extensions: { cases: 0, commands: 0, workingDays: 0, byReason: new Map() },
    hearings: { cases: 0, hearings: 0 }, experts: { cases: 0, experts: 0 }, appeals: { appealed: 0, admissible: 0, inadmissible: 0, undecided: 0 },
  };
  for (const p of PLANS) {
    const dates = datesByPlan.get(p.key)!;
    const closeAt = p.steps.findIndex((s) => s[0] === 'close');
    const closeDate = closeAt >= 0 ? dates[closeAt + 1]! : null;
    if (closeDate?.startsWith(y)) {
      e.closed++;
      e.months.closed[Number(closeDate.slice(5, 7)) - 1]! += 1;
    }
    if (p.received <= `${y}-12-31` && (closeDate === null || closeDate > `${y}-12-31`)) e.openAtYearEnd++;
    if (!p.received.startsWith(y)) continue;
    e.received++;
    e.months.received[Number(p.received.slice(5, 7)) - 1]! += 1;
    const kinds = p.steps.map((s) => s[0]);
    const ruling = p.steps.find((s) => s[0] === 'ruling');
    const result = ruling ? String(ruling[2]) : kinds.includes('dismiss') ? 'geen-klacht' : kinds.includes('withdraw') ? 'ingetrokken' : 'lopend';
    e.outcomes[result] = (e.outcomes[result] ?? 0) + 1;
    // Position of each step in working days after the receipt (index -1: the receipt).
    const pos: number[] = [];
    p.steps.forEach((s, i) => pos.push((pos[i - 1] ?? 0) + s[1]));
    for (const kind of Object.keys(TERM_RULES) as ReportStep[]) {
      const rule = TERM_RULES[kind];
      const start = rule.startedBy === 'receipt' ? -1 : kinds.indexOf(rule.startedBy);
      if (rule.startedBy !== 'receipt' && start < 0) continue;
      const end = kinds.findIndex((k, i) => i > start && (rule.metBy.includes(k) || STOPS.includes(k)));
      if (end < 0 || !rule.metBy.includes(kinds[end]!)) continue;
      const wd = pos[end]! - (start < 0 ? 0 : pos[start]!);
      const extended = p.steps.slice(start + 1, end).filter((s) => s[0] === 'extend').reduce((n, s) => n + Number(s[2]), 0);
      const f = e.steps[kind];
      f.wds.push(wd);
      if (wd <= TERMS[kind]) f.withinTerm++;
      if (wd <= TERMS[kind] + extended) f.withinExtendedTerm++;
    }
    const ext = p.steps.filter((s) => s[0] === 'extend' || s[0] === 'absent');
    if (ext.length > 0) e.extensions.cases++;
    for (const s of ext) {
      const wd = s[0] === 'extend' ? Number(s[2]) : Number(s[5]);
      // Only the category (the first word) counts; what follows it is the file's (issue 14 §5).
      const reason = String(s[0] === 'extend' ? s[3] : s[4]).toLowerCase().split(/[\s:]+/)[0]!;
      const key = `${s[0] === 'extend' ? 'extension' : 'absence'}|${reason}`;
      const r = e.extensions.byReason.get(key) ?? { commands: 0, workingDays: 0 };
      r.commands++;
      r.workingDays += wd;
      e.extensions.byReason.set(key, r);
      e.extensions.commands++;
      e.extensions.workingDays += wd;
    }
    const hearings = kinds.filter((k) => k === 'hearing').length;
    if (hearings) e.hearings.cases++;
    e.hearings.hearings += hearings;
    const experts = kinds.filter((k) => k === 'expert').length;
    if (experts) e.experts.cases++;
    e.experts.experts += experts;
    if (kinds.includes('appeal')) {
      e.appeals.appealed++;
      const d = p.steps.find((s) => s[0] === 'appeal-decision');
      if (!d) e.appeals.undecided++;
      else if (d[2] === 'ontvankelijk') e.appeals.admissible++;
      else e.appeals.inadmissible++;
    }
  }
  return e;
}

function median(v: number[]): number | null {
  if (v.length === 0) return null;
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function checkFigures(r: AnnualReport, e: Expected): void {
  expect(r.received, 'received').to.equal(e.received);
  expect(r.closed, 'closed').to.equal(e.closed);
  expect(r.openAtYearEnd, 'open at year end').to.equal(e.openAtYearEnd);
  expect(r.months.map((m) => m.received), 'received per month').to.deep.equal(e.months.received);
  expect(r.months.map((m) => m.closed), 'closed per month').to.deep.equal(e.months.closed);
  for (const [k, n] of Object.entries(r.outcomes)) expect(n, `outcome ${k}`).to.equal(e.outcomes[k] ?? 0);
  for (const kind of Object.keys(TERM_RULES) as ReportStep[]) {
    const got = r.steps[kind];
    const want = e.steps[kind];
    expect(got.done, `${kind} done`).to.equal(want.wds.length);
    expect(got.medianWd, `${kind} median`).to.equal(median(want.wds));
    expect(got.maxWd, `${kind} max`).to.equal(want.wds.length ? Math.max(...want.wds) : null);
    expect(got.withinTerm, `${kind} within term`).to.equal(want.withinTerm);
    expect(got.withinExtendedTerm, `${kind} within extended term`).to.equal(want.withinExtendedTerm);
    if (want.wds.length === 0) expect(got.shareWithinTerm, `${kind} share`).to.equal(null);
    else expect(got.shareWithinTerm, `${kind} share`).to.be.closeTo(want.withinTerm / want.wds.length, 0.0001);
    expect(got.termWd).to.equal(TERMS[kind]);
  }
  expect({ cases: r.extensions.cases, commands: r.extensions.commands, workingDays: r.extensions.workingDays }, 'extensions')
    .to.deep.equal({ cases: e.extensions.cases, commands: e.extensions.commands, workingDays: e.extensions.workingDays });
  expect(new Map(r.extensions.byReason.map((x) => [`${x.origin}|${x.reason}`, { commands: x.commands, workingDays: x.workingDays }])), 'by reason')
    .to.deep.equal(e.extensions.byReason);
  expect(r.hearings, 'hearings').to.deep.equal(e.hearings);
  expect(r.experts, 'experts').to.deep.equal(e.experts);
  expect(r.appeals, 'appeals').to.deep.equal(e.appeals);
}

/** The report without the one field that names the day it was made. */
const figuresOf = (r: AnnualReport) => ({ ...r, generatedOn: undefined });

describe('annual report (jaarverslag): a generated year, checked figure by figure, the same after the purge', function () {
  this.timeout(120_000);
  let bench: IngestBench;
  const datesByPlan = new Map<string, LocalDate[]>();

  before(async () => {
    bench = ingestBench({ overrides: { ACK_MODE: 'review' }, now: '2023-12-01T09:00:00Z' });
    for (const p of PLANS) datesByPlan.set(p.key, await runPlan(bench, p));
  });
  after(() => bench?.close());

  const report = (year: number, today: LocalDate) => buildAnnualReport(bench.ctx.store, bench.config, bench.ctx.calendar, year, today);
  const closeDate = (key: string) => {
    const p = PLANS.find((x) => x.key === key)!;
    return datesByPlan.get(key)![p.steps.findIndex((s) => s[0] === 'close') + 1]!;
  };
  const closedKeys = PLANS.filter((p) => p.steps.some((s) => s[0] === 'close')).map((p) => p.key);
  const dueOf = (key: string) => addMonths(closeDate(key), 24);
  // Round 1 purges two working days after C's retention ends: C is on schedule, the earlier ones late.
  const round1 = () => addWorkingDaysPlain(bench, dueOf('C'), 2);
  const round2: LocalDate = '2027-06-01';
  const onSchedule = (key: string, purgedOn: LocalDate) => purgedOn <= addWorkingDaysPlain(bench, dueOf(key), 5);
  let before2024: AnnualReport;

  it('counts every figure of the year as the plan of the cases says', () => {
    before2024 = report(YEAR, '2025-12-01');
    checkFigures(before2024, expectedFor(YEAR, datesByPlan));
    // The plan covers every kind of outcome, on time and late, extended or not.
    expect(before2024.received).to.equal(13);
    expect(before2024.outcomes).to.include({ gegrond: 4, ongegrond: 3, 'deels-gegrond': 1, 'niet-ontvankelijk': 1, 'geen-klacht': 2, ingetrokken: 1, lopend: 1 });
    expect(before2024.steps.handle.withinExtendedTerm).to.be.greaterThan(before2024.steps.handle.withinTerm);
    expect(before2024.appeals).to.deep.equal({ appealed: 3, admissible: 1, inadmissible: 1, undecided: 1 });
    const y2023 = report(2023, '2025-12-01');
    checkFigures(y2023, expectedFor(2023, datesByPlan));
    expect([y2023.received, y2023.openAtYearEnd, y2023.closed]).to.deep.equal([1, 1, 0]);
  });

  it('is the same, figure for figure and in every format, after the cases are purged in two rounds', async () => {
    const set = bench.clock as { set(at: Date): void };
    const md = renderReport(before2024, 'md', 'nl', 'Praktijk LUX');
    const html = renderReport(before2024, 'html', 'nl', 'Praktijk LUX');

    set.set(atLocalTime(round1(), 11, 0, TZ));
    const due1 = closedKeys.filter((k) => dueOf(k) <= round1());
    expect(due1.length, 'some cases due in round 1').to.be.within(2, closedKeys.length - 2);
    const overdueBefore = report(Number(round1().slice(0, 4)), round1());
    expect(overdueBefore.destruction.overdue, 'due but not destroyed yet').to.equal(due1.filter((k) => !onSchedule(k, round1())).length);
    const r1 = await purgeCases(bench.ctx, null);
    expect(r1.failed).to.deep.equal([]);
    expect(r1.cases.map((c) => c.caseNumber)).to.have.length(due1.length);

    const after1 = report(YEAR, round1());
    expect(figuresOf(after1)).to.deep.equal(figuresOf(before2024));
    const y1 = report(Number(round1().slice(0, 4)), round1());
    const late1 = due1.filter((k) => !onSchedule(k, round1())).length;
    expect(y1.destruction).to.deep.equal({ destroyed: due1.length, onSchedule: due1.length - late1, late: late1, overdue: 0, graceWd: 5, legalHolds: 0 });
    expect(due1.length - late1, 'C was destroyed on schedule').to.be.greaterThan(0);

    set.set(atLocalTime(round2, 11, 0, TZ));
    const r2 = await purgeCases(bench.ctx, null);
    expect(r2.failed).to.deep.equal([]);
    expect(r2.cases).to.have.length(closedKeys.length - due1.length);
    const purged = (bench.db().prepare(`SELECT count(*) AS n FROM cases WHERE state = 'purged'`).get() as { n: number }).n;
    expect(purged).to.equal(closedKeys.length);
    expect((bench.db().prepare('SELECT count(*) AS n FROM case_stats').get() as { n: number }).n).to.equal(closedKeys.length);
    // The rows that outlive the cases keep reason categories only, never the words after them.
    const kept = (bench.db().prepare('SELECT extension_reasons FROM case_stats').all() as { extension_reasons: string }[])
      .flatMap((r) => (JSON.parse(r.extension_reasons) as { reason: string }[]).map((x) => x.reason));
    expect(new Set(kept)).to.deep.equal(new Set(['ziekte', 'overig', 'vakantie']));

    const after2 = report(YEAR, round2);
    expect(figuresOf(after2)).to.deep.equal(figuresOf(before2024));
    checkFigures(after2, expectedFor(YEAR, datesByPlan));
    checkFigures(report(2023, round2), expectedFor(2023, datesByPlan));
    const y2 = report(2027, round2);
    expect(y2.destruction.destroyed).to.equal(closedKeys.length - due1.length);
    expect(y2.destruction.onSchedule).to.equal(closedKeys.filter((k) => dueOf(k) > round1()).filter((k) => onSchedule(k, round2)).length);
    // The rendered report differs only in the date it was drawn up.
    const sameDay = { ...after2, generatedOn: before2024.generatedOn };
    expect(renderReport(sameDay, 'md', 'nl', 'Praktijk LUX')).to.equal(md);
    expect(renderReport(sameDay, 'html', 'nl', 'Praktijk LUX')).to.equal(html);
  });

  it('holds no name, address, subject or text of any case, in any format or language', () => {
    for (const year of [2023, YEAR, 2026, 2027]) {
      const r = report(year, round2);
      for (const format of ['md', 'html', 'json'] as const) {
        for (const lang of ['nl', 'en'] as const) {
          const text = renderReport(r, format, lang, 'Praktijk LUX');
          for (const s of personalStrings()) expect(text, `${year} ${format} ${lang}`).not.to.include(s);
          expect(text).not.to.match(/KL-\d{4}-\d{4}/);
        }
      }
    }
  });

  it('renders one self-contained HTML file with a monthly SVG chart that prints on A4, and Markdown tables', () => {
    const r = report(YEAR, round2);
    const html = renderReport(r, 'html', 'nl', 'Praktijk <LUX> & Co');
    expect(html).to.match(/^<!DOCTYPE html>/);
    expect(html).to.include('@page { size: A4');
    expect(html).to.include('Praktijk &lt;LUX&gt; &amp; Co');
    expect(html).not.to.match(/<script|<link|<img|<iframe|src=|url\(|@import/i);
    expect(html.match(/https?:\/\/[^"\s]+/g) ?? []).to.deep.equal(['http://www.w3.org/2000/svg']);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    // One bar per month with received or closed cases, each labelled with its count.
    const bars = [...svg.matchAll(/<rect [^>]*><title>([a-z]+): (\d+)<\/title>/g)].map((m) => `${m[1]}:${m[2]}`);
    const want = r.months.flatMap((m, i) => [m.received, m.closed].filter((n) => n > 0).map((n) => `${['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'][i]}:${n}`));
    expect(bars).to.deep.equal(want);
    const md = renderReport(r, 'md', 'nl', 'Praktijk LUX');
    expect(md).to.match(/^# Jaarverslag klachtenregeling 2024/);
    expect(md).to.include(`| Ontvangen klachten | ${r.received} |`);
    expect(md).to.include(`| Open op 31 december 2024 | ${r.openAtYearEnd} |`);
    expect(md).to.include('| verlenging (#verleng) | ziekte | 2 | 15 |');
    const en = renderReport(r, 'md', 'en', 'Praktijk LUX');
    expect(en).to.include(`| Complaints received | ${r.received} |`);
  });

  it('`complaint-desk report --format json` prints the same report from the store, read-only', () => {
    const env = {
      ...process.env,
      ...stackEnv({ redisUrl: 'redis://127.0.0.1:1', imap: { host: '127.0.0.1', port: 1 }, smtp: { host: '127.0.0.1', port: 1 } }, bench.dataDir, { ACK_MODE: 'review', LOG_LEVEL: 'silent' }),
    };
    const cli = join(PROJECT_ROOT, 'dist', 'src', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'report', '--year', String(YEAR), '--format', 'json'], { env, cwd: tmpdir(), encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).to.equal(0);
    const printed = JSON.parse(run.stdout) as AnnualReport;
    expect(figuresOf(printed)).to.deep.equal(figuresOf(report(YEAR, round2)));
    const bad = spawnSync(process.execPath, [cli, 'report', '--year', 'last', '--format', 'pdf'], { env, cwd: tmpdir(), encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.match(/--year/);
  });
});
