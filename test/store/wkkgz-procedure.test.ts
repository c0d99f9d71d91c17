/**
 * A Wkkgz practice's case on the real store (issue 16, part B), driven by the commissioner's
 * mails on the terms bench: `#verleng 4 weken` once, a second extension refused and then taken
 * with the klager's consent, working days and absences that leave the legal term alone, an
 * extension after the term refused, and a ruling that opens no appeal: the case closes, `#beroep`
 * is refused with the reason.
 */
import { expect } from 'chai';
import type { Practice } from '../../src/domain/practice.js';
import { LUX, WKKGZ } from '../../src/domain/procedure.js';
import { termsBench, type TermsBench } from '../support/terms-bench.js';
import { caseFacts } from '../../src/use-cases/case-facts.js';

// Tue 3 Mar 2026, 09:00 CET. The six weeks end Tue 14 Apr; four more weeks end Tue 12 May.
const TUESDAY = '2026-03-03T08:00:00Z';

const practice = (id: string, casePrefix: string, procedure: Practice['procedure']): Practice => ({
  id, name: `Praktijk ${casePrefix}`, ownerEmails: [`eigenaar@${id}.test`], casePrefix, language: 'nl', procedure,
  recognise: { addresses: [], plusTags: [], folders: [] },
});

interface Receipt { done: { nl: string; en: string }[]; errors: { problem: string; problemEn: string; usage: string }[] }

describe('a Wkkgz case: the six weeks, their one extension, consent, and no appeal', function () {
  this.timeout(30_000);
  let b: TermsBench;
  let caseId: number;
  let number: string;
  const due = (kind: string) => b.ctx.store.deadlines.currentOfKind(caseId, kind as never);
  const receipt = (): Receipt => JSON.parse(b.ctx.store.outbox.lastOfTemplate('command-reply')!.facts) as Receipt;
  const says = (command: string, text = '') => b.commissionerSays(`[${number}] ${command}`, text);
  const letters = (template: string) =>
    (b.ctx.store.db.prepare('SELECT recipient_role, facts FROM outbox WHERE template = ? AND case_id = ? ORDER BY id').all(template, caseId) as { recipient_role: string; facts: string }[]);

  beforeEach(async () => {
    b = termsBench(TUESDAY);
    // Two practices on one desk; the Wkkgz one first. Recognising a complaint's practice is not
    // this part's: the complaint is held, then given to the Wkkgz practice with #praktijk.
    b.config.practices = { single: false, holdPrefix: 'KL', practices: [practice('zorg', 'ZORG', WKKGZ), practice('lux', 'LUX', LUX)] };
    caseId = await b.complaint({ subject: 'Klacht over de behandeling' });
    await b.commissionerSays(`[${b.ctx.store.cases.get(caseId)!.number}] #praktijk zorg`, '');
    number = b.ctx.store.cases.get(caseId)!.number;
    expect(number).to.equal('ZORG-2026-0001');
  });
  afterEach(() => b.close());

  it('when the complaint arrives, then the handling term runs six weeks from receipt, in weeks, with the law\'s end kept', () => {
    expect(due('handle')).to.include({ start_date: '2026-03-03', term_wd: 6, term_unit: 'weeks', term_end: '2026-04-14', due_date: '2026-04-14', status: 'open' });
    expect(due('present')).to.include({ term_unit: 'wd', due_date: '2026-03-17' });
    // The facts block of a letter states the term in its own unit.
    const ack = letters('acknowledgement')[0]!;
    expect(b.ctx.renderer.render('acknowledgement', 'nl', JSON.parse(ack.facts)).text).to.match(/uiterlijk dinsdag 14 april 2026 \(6 weken\)/);
    expect(b.ctx.renderer.render('acknowledgement', 'en', JSON.parse(ack.facts)).text).to.match(/by Tuesday, 14 April 2026 \(6 weeks\)/);
  });

  it('when #verleng 4 weken follows, then the handling term ends four weeks on, the klager is told with the reason in weeks; a second extension is refused until the klager consents', async () => {
    await says('#verleng 4 weken onderzoek naar het dossier');
    expect(receipt().errors).to.deep.equal([]);
    expect(due('handle')).to.include({ due_date: '2026-05-12', term_end: '2026-05-12' });
    expect(due('present')!.due_date).to.equal('2026-04-14');
    const notice = letters('extension-notice');
    expect(notice.map((l) => l.recipient_role)).to.deep.equal(['klager']);
    const facts = JSON.parse(notice[0]!.facts);
    expect(facts.moves).to.deep.include({ kind: 'handle', from: '2026-04-14', to: '2026-05-12', wd: 4, unit: 'weeks' });
    // The Wkkgz letter gives the law's ground for "onderzoek", her note after it, and addresses the klager as "u".
    expect(facts).to.include({ investigation: true, reasonNote: 'naar het dossier', forKlager: true });
    const text = b.ctx.renderer.render('extension-notice', 'nl', facts).text;
    expect(text).to.include('worden verlengd met 4 weken').and.include('(+4 weken)').and.include('Reden: onderzoek naar het dossier')
      .and.include('nu uiterlijk dinsdag 12 mei 2026 (+4 weken)').and.not.include('+4 werkdagen');
    // Every later letter's facts block gives the moved date with "verlengd": not six weeks from receipt any more.
    const later = caseFacts(b.ctx, caseId);
    const handle = (later.deadlines as Record<string, Record<string, unknown>>).handle!;
    expect(handle).to.include({ date: '2026-05-12', wd: 6, unit: 'weeks', moved: true });
    expect(b.ctx.renderer.render('acknowledgement', 'nl', { ...later, deadline: handle }).text).to.match(/uiterlijk dinsdag 12 mei 2026 \(6 weken, verlengd\)/);
    expect((caseFacts(b.ctx, caseId).deadlines as Record<string, Record<string, unknown>>).ack).not.to.have.property('moved');

    await says('#verleng 2 weken onderzoek');
    const refused = receipt().errors[0]!;
    expect(refused.problem).to.include('Deze klacht valt onder de Wkkgz (art. 17): de afhandeltermijn van zes weken mag één keer met ten hoogste vier weken worden verlengd')
      .and.include('is al verlengd, tot dinsdag 12 mei 2026').and.include('instemming');
    expect(refused.problemEn).to.include('may be extended once by at most four weeks');
    expect(refused.usage).to.equal('#verleng 2 weken instemming onderzoek');
    expect(due('handle')!.due_date).to.equal('2026-05-12');
    expect(letters('extension-notice')).to.have.length(1);

    await says('#verleng 2 weken instemming onderzoek van de deskundige duurt langer');
    expect(receipt().errors).to.deep.equal([]);
    expect(receipt().done[0]!.nl).to.include('met 2 weken verlengd, met instemming van de klager');
    expect(due('handle')).to.include({ due_date: '2026-05-26', term_end: '2026-05-26' });
    const events = b.ctx.store.cases.events(caseId).filter((e) => e.type === 'extension').map((e) => JSON.parse(e.data));
    expect(events.map((e) => [e.days, e.unit, e.consent])).to.deep.equal([[4, 'weeks', undefined], [2, 'weeks', true]]);
    const second = JSON.parse(letters('extension-notice')[1]!.facts);
    expect(b.ctx.renderer.render('extension-notice', 'nl', second).text).to.include('U heeft met deze verlenging ingestemd.');
  });

  it('when more than four weeks are asked at once, or no reason is given, then it is refused and nothing moves', async () => {
    await says('#verleng 5 weken onderzoek');
    expect(receipt().errors[0]!.problem).to.include('zou de afhandeltermijn van zaak').and.include('eindigen op dinsdag 19 mei 2026, na dinsdag 12 mei 2026');
    await says('#verleng 4 weken');
    expect(receipt().errors[0]!.problem).to.include('Schrijf de reden achter #verleng');
    expect(due('handle')!.due_date).to.equal('2026-04-14');
    expect(b.ctx.store.deadlines.movesOf(caseId)).to.deep.equal([]);
  });

  it('when she extends in working days or is absent, then the other terms move and the legal term stays', async () => {
    await says('#verleng 5 ziekte');
    expect(receipt().errors).to.deep.equal([]);
    expect(receipt().done[0]!.nl).to.include('is een wettelijke termijn in weken en blijft dinsdag 14 april 2026');
    expect(due('present')!.due_date).to.equal('2026-03-24');
    await says('#afwezig 2026-03-09 2026-03-13 vakantie');
    expect(due('present')!.due_date).to.equal('2026-03-31');
    expect(due('handle')!.due_date).to.equal('2026-04-14');
  });

  it('when the six weeks have passed, then an extension is refused, and taken with the klager\'s consent', async () => {
    await says('#beklaagde Piet de Vries <piet@zorg.test>');
    b.clock.set('2026-04-15T08:00:00Z');
    await says('#verleng 2 weken onderzoek');
    expect(receipt().errors[0]!.problem).to.include('is verstreken op dinsdag 14 april 2026');
    await says('#verleng 2 weken instemming onderzoek');
    expect(receipt().errors).to.deep.equal([]);
    expect(due('handle')!.due_date).to.equal('2026-04-28');
  });

  it('when the ruling is given, then no appeal term starts, the case closes at once with the case-closed letters, and #beroep is refused with the reason', async () => {
    await says('#uitspraak ongegrond', 'De behandeling was zorgvuldig.');
    expect(receipt().errors).to.deep.equal([]);
    const c = b.ctx.store.cases.get(caseId)!;
    expect(c.state).to.equal('closed');
    expect(b.ctx.store.deadlines.ofCase(caseId).map((d) => d.kind)).to.not.include('appeal');
    const close = b.ctx.store.cases.events(caseId).find((e) => e.type === 'close')!;
    expect(JSON.parse(close.data)).to.deep.equal({ reason: 'no-appeal' });
    const ruling = letters('ruling').find((l) => l.recipient_role === 'klager')!;
    const rulingText = b.ctx.renderer.render('ruling', 'nl', JSON.parse(ruling.facts)).text;
    expect(rulingText).to.include('staat tegen deze uitspraak geen beroep open').and.include('geschilleninstantie').and.not.include('in beroep gaan');
    // The report (verslag) states the handling term in weeks.
    expect(rulingText).to.match(/: 6 weken vanaf dinsdag 3 maart 2026, uiterlijk dinsdag 14 april 2026/);
    const closed = letters('case-closed').find((l) => l.recipient_role === 'klager')!;
    expect(JSON.parse(closed.facts)).to.include({ autoReason: 'no-appeal', forKlager: true });
    expect(b.ctx.renderer.render('case-closed', 'nl', JSON.parse(closed.facts)).text).to.include('Binnen deze klachtenprocedure staat daartegen geen beroep open');

    await says('#beroep ontvankelijk');
    const refused = receipt().errors[0]!;
    expect(refused.problem).to.include('valt onder de Wkkgz zonder beroep bij de klachtencommissaris').and.include('geschilleninstantie');
    expect(refused.problemEn).to.include('(Wkkgz art. 18 and 21)');
    expect(b.ctx.store.cases.get(caseId)!.state).to.equal('closed');
  });
});
