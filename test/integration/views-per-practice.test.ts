/**
 * The commissioner's views on a desk of several practices (issue 16), on the terms bench (real
 * SQLite, real use-cases, the letters rendered from the real templates): the daily digest and
 * the overviews put each practice's cases under a heading with its name and id, the held cases
 * under "Nog geen praktijk"; `#overzicht ID` lists one practice, an unknown id is refused with the
 * ids there are; `cases list --practice ID` lists one practice, with a practice column. On a
 * single-practice desk the digest, the overview and the list look exactly as before.
 */
import { expect } from 'chai';
import { addDays, atLocalTime, type LocalDate } from '../../src/domain/calendar.js';
import { formatCaseList, listCases, runCasesList, type CaseListRow } from '../../src/cli/cases-list.js';
import { writeDigest } from '../../src/use-cases/send-digest.js';
import { writeWeeklyOverview } from '../../src/use-cases/send-overview.js';
import { termsBench, type TermsBench } from '../support/terms-bench.js';
import { asRecognised, twoPractices } from '../support/practice-sets.js';

const TZ = 'Europe/Amsterdam';
const RECEIVED: LocalDate = '2026-03-02';
/** Fifteen working days on: every acknowledgement term (10 wd) has passed. */
const LATER: LocalDate = '2026-03-23';

/** The latest letter of `template`, rendered as it goes out. */
function lastLetter(b: TermsBench, template: string): { subject: string; text: string; html: string; facts: Record<string, unknown> } {
  const row = b.ctx.store.db.prepare('SELECT template, language, facts FROM outbox WHERE template = ? ORDER BY id DESC LIMIT 1').get(template) as
    { template: string; language: 'nl' | 'en'; facts: string } | undefined;
  expect(row, `a ${template} letter`).to.not.equal(undefined);
  const facts = JSON.parse(row!.facts) as Record<string, unknown>;
  return { ...b.ctx.renderer.render(row!.template, row!.language, facts), facts };
}

/** The text under each `==== heading ====` of a letter, up to the next one or the end of the groups. */
function groups(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^==== (.+) ====$/m);
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i]!, parts[i + 1]!);
  return out;
}

describe('views per practice: the digest, the overviews, #overzicht and cases list on two practices', function () {
  this.timeout(60_000);
  let b: TermsBench;
  const n: Record<'lux' | 'zorg' | 'held', string> = { lux: '', zorg: '', held: '' };

  before(async () => {
    b = termsBench(atLocalTime(RECEIVED, 10, 0, TZ).toISOString(), { ACK_MODE: 'review' });
    b.config.practices = twoPractices();
    const number = (id: number) => b.ctx.store.cases.get(id)!.number;
    n.lux = number(await asRecognised(b.config, 'lux', () => b.complaint({ fromName: 'Lotte Lux', subject: 'Klacht lux' })));
    n.zorg = number(await asRecognised(b.config, 'zorg', () => b.complaint({ fromName: 'Zeger Zorg', subject: 'Klacht zorg' })));
    n.held = number(await b.complaint({ fromName: 'Hanna Houder', subject: 'Klacht zonder praktijk' }));
    b.clock.set(atLocalTime(LATER, 9, 0, TZ));
  });
  after(() => b?.close());

  it('when the cases are numbered, then each is in its practice\'s series and the held one in the hold series', () => {
    expect([n.lux, n.zorg, n.held]).to.deep.equal(['LUX-2026-0001', 'ZORG-2026-0001', 'KL-2026-0001']);
  });

  it('when the digest goes out, then each practice\'s cases stand under its name and id, the held one under "Nog geen praktijk"', () => {
    expect(writeDigest(b.ctx, LATER)).to.equal('sent');
    const d = lastLetter(b, 'commissioner-digest');
    const g = groups(d.text);
    expect([...g.keys()]).to.deep.equal(['Praktijk LUX (lux)', 'Praktijk ZORG (zorg)', 'Nog geen praktijk']);
    expect(g.get('Praktijk LUX (lux)')).to.include('VERLOPEN').and.include(`- ${n.lux} (Lotte Lux): ontvangstbevestiging`);
    expect(g.get('Praktijk ZORG (zorg)')).to.include(`- ${n.zorg} (Zeger Zorg): ontvangstbevestiging`);
    expect(g.get('Nog geen praktijk')).to.include(`- ${n.held} (Hanna Houder): ontvangstbevestiging`);
    // Each case once, under its own heading only.
    for (const [heading, body] of g) {
      const numbers = [...body.matchAll(/^- ([A-Z]+-2026-\d{4}) /gm)].map((m) => m[1]);
      expect(new Set(numbers.map((x) => x!.split('-')[0])).size, heading).to.equal(1);
    }
    expect(d.text.split(n.lux)).to.have.length(2);
    expect(d.subject).to.match(/^Termijnen .*: \d+ termijnen vragen aandacht$/);
    expect(d.html).to.include('<h2 style="font-size:17px;border-bottom:1px solid #ccc;">Praktijk ZORG (zorg)</h2>');
    expect(d.html).to.include('>Nog geen praktijk</h2>');
    // Her one digest covers every practice, and says so.
    expect(d.text).to.include('uitsluitend bestemd voor de klachtencommissaris van Praktijk LUX, Praktijk ZORG.');
  });

  it('when she writes #overzicht, then all open cases come grouped by practice; #overzicht lux only lux\'s, #overview zorg only zorg\'s', async () => {
    await b.commissionerSays('#overzicht');
    const all = lastLetter(b, 'command-reply').text;
    expect(all).to.include('OPEN ZAKEN (3)');
    const at = (s: string) => all.indexOf(s);
    expect(at('== Praktijk LUX (lux) ==')).to.be.greaterThan(-1).and.lessThan(at(n.lux));
    expect(at(n.lux)).to.be.lessThan(at('== Praktijk ZORG (zorg) =='));
    expect(at('== Praktijk ZORG (zorg) ==')).to.be.lessThan(at(n.zorg));
    expect(at(n.zorg)).to.be.lessThan(at('== Nog geen praktijk =='));
    expect(at('== Nog geen praktijk ==')).to.be.lessThan(at(n.held));

    await b.commissionerSays('#overzicht lux');
    const lux = lastLetter(b, 'command-reply');
    expect(lux.text).to.include('OPEN ZAKEN (1)').and.include(n.lux).and.include('overzicht van 1 open zaak van Praktijk LUX (lux)');
    expect(lux.text).not.to.include(n.zorg);
    expect(lux.text).not.to.include(n.held);

    await b.commissionerSays('#overview ZORG');
    const zorg = lastLetter(b, 'command-reply').text;
    expect(zorg).to.include(n.zorg).and.include('OPEN ZAKEN (1)');
    expect(zorg).not.to.include(n.lux);

    await b.commissionerSays('#overzicht none');
    const held = lastLetter(b, 'command-reply').text;
    expect(held).to.include(n.held).and.include('OPEN ZAKEN (1)');
    expect(held).not.to.include(n.lux);
  });

  it('when #overzicht names a practice the desk does not have, then it is refused with the codes there are, in Dutch and English', async () => {
    const before = b.ctx.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE template = 'command-reply'`).pluck().get() as number;
    await b.commissionerSays('#overzicht elders');
    const r = lastLetter(b, 'command-reply');
    expect(b.ctx.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE template = 'command-reply'`).pluck().get()).to.equal(before + 1);
    expect(r.text).to.include('er is geen praktijk met de code "elders"; de codes zijn: lux, zorg, none');
    expect(b.ctx.renderer.render('command-reply', 'en', r.facts).text).to.include('there is no practice with the code "elders"; the codes are: lux, zorg, none');
    expect(r.text).not.to.include('OPEN ZAKEN');
  });

  it('when the weekly overview goes out, then it is grouped as the digest', () => {
    expect(writeWeeklyOverview(b.ctx, LATER)).to.equal('sent');
    const w = lastLetter(b, 'weekly-overview');
    expect([...groups(w.text).keys()]).to.deep.equal(['Praktijk LUX (lux)', 'Praktijk ZORG (zorg)', 'Nog geen praktijk']);
    expect(groups(w.text).get('Praktijk ZORG (zorg)')).to.include(n.zorg).and.not.include(n.lux);
  });

  it('when cases list --practice is asked, then only that practice\'s cases come, with a practice column; an unknown one is bad usage', () => {
    const rows = (practice?: string) => listCases(b.ctx.store, b.ctx.calendar, LATER, { practice }, b.config.practices);
    expect(rows().map((r) => [r.number, r.practice])).to.deep.equal([[n.lux, 'lux'], [n.zorg, 'zorg'], [n.held, 'none']]);
    expect(rows('lux').map((r) => r.number)).to.deep.equal([n.lux]);
    expect(rows('ZORG').map((r) => r.number)).to.deep.equal([n.zorg]);
    expect(rows('none').map((r) => r.number)).to.deep.equal([n.held]);
    expect(() => rows('elders')).to.throw(/unknown practice 'elders': use one of lux, zorg, none/);

    const table = formatCaseList(rows(), { write: () => true }, 3, true).split('\n');
    expect(table[0]).to.match(/^NUMBER\s+PRACTICE\s+STATE\s+RECEIVED/);
    expect(table[1]).to.match(new RegExp(`^${n.lux}\\s+lux\\s+received`));
    let out = '';
    runCasesList(b.config, { practice: 'zorg', json: true }, { write: (s: string) => ((out += s), true) }, b.clock);
    expect((JSON.parse(out) as CaseListRow[]).map((r) => [r.number, r.practice])).to.deep.equal([[n.zorg, 'zorg']]);
  });
});

describe('views per practice: a single-practice desk looks as before', function () {
  this.timeout(60_000);
  let b: TermsBench;
  let number: string;

  before(async () => {
    b = termsBench(atLocalTime(RECEIVED, 10, 0, TZ).toISOString(), { ACK_MODE: 'review' });
    number = b.ctx.store.cases.get(await b.complaint({ fromName: 'Lotte Lux', subject: 'Klacht' }))!.number;
    b.clock.set(atLocalTime(LATER, 9, 0, TZ));
  });
  after(() => b?.close());

  it('when the digest goes out, then it has no practice heading: the sections follow the opening line as they always did', () => {
    expect(writeDigest(b.ctx, LATER)).to.equal('sent');
    const d = lastLetter(b, 'commissioner-digest');
    expect(d.facts.practiceGroups).to.equal(undefined);
    expect(d.text).not.to.include('====');
    expect(d.text).not.to.match(/praktijk \(|Nog geen praktijk/i);
    const wd = b.ctx.calendar.workingDaysBetween(addDays(RECEIVED, 0), LATER) - 10;
    expect(d.text).to.include(`Dagoverzicht van uw termijnen op maandag 23 maart 2026.\n\nVERLOPEN\n- ${number} (Lotte Lux): ontvangstbevestiging (art. 5), was uiterlijk maandag 16 maart 2026 — ${wd} werkdagen te laat\n\nWat u kunt doen`);
    expect(d.html).not.to.include('<h2');
  });

  it('when she writes #overzicht, then the list has no heading, and cases list has no practice column', async () => {
    await b.commissionerSays('#overzicht');
    const text = lastLetter(b, 'command-reply').text;
    expect(text).to.include(`OPEN ZAKEN (1)\n  - ${number}`);
    expect(text).not.to.include('==');
    const rows = listCases(b.ctx.store, b.ctx.calendar, LATER, { practice: 'kl' }, b.config.practices);
    expect(rows.map((r) => r.number)).to.deep.equal([number]);
    expect(formatCaseList(rows, { write: () => true }, 3).split('\n')[0]).to.match(/^NUMBER\s+STATE\s+RECEIVED/);
    expect(() => listCases(b.ctx.store, b.ctx.calendar, LATER, { practice: 'none' }, b.config.practices)).to.throw(/unknown practice 'none': use one of kl$/);
  });
});
