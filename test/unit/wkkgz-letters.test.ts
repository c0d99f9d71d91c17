/**
 * The Wkkgz letters (issue 16): a practice on the wkkgz procedure writes its letters from
 * templates/procedures/wkkgz over the defaults. They cite the law (art. 17: six weeks from
 * receipt, one extension of at most four weeks, further only with consent; art. 18: the
 * geschilleninstantie), never the seed's own articles, and count the handling term in weeks.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LetterRenderer, LANGS } from '../../src/mail-out/render.js';
import { PREVIEW_VARIANTS, SAMPLED_LETTERS, sampleForProcedure } from '../../src/cli/templates-preview.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { practice, ZON_TEMPLATES } from '../support/practices.js';

/** Every template file of a folder, at any depth. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesOf(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Letters a Wkkgz case never gets: it has no internal appeal (B's rule), so no appeal is acknowledged or decided. */
const NOT_IN_WKKGZ = /^(appeal-acknowledgement|appeal-decision)(:|$)|^ruling:on-appeal$|^correspondence-notice:appeal$/;

/** Article citations that are not the law's: `art. N` not tied to "Wkkgz" (or the AVG, of the digest's access requests). */
function seedArticles(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\bart\. \d+/g)) {
    const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 12);
    const before = text.slice(Math.max(0, m.index! - 8), m.index!);
    // The AVG (GDPR) of access requests is the law too.
    if (/^(,? lid \d+)? (Wkkgz|AVG)\b/.test(after) || /(Wkkgz|GDPR) \(?$/.test(before)) continue;
    found.push(text.slice(Math.max(0, m.index! - 30), m.index! + m[0].length + 15).replace(/\s+/g, ' '));
  }
  return found;
}

describe('the Wkkgz letters', () => {
  const wk = practice('wk', { preset: 'wkkgz' });
  const renderer = new LetterRenderer(TEMPLATES_DIR, [wk]);
  const render = (name: string, lang: 'nl' | 'en', extra: Record<string, unknown> = {}) => {
    const { name: template, model } = sampleForProcedure(name, 'wkkgz');
    return renderer.render(template, lang, { ...model, ...extra }, { practiceId: 'wk' });
  };

  for (const name of [...SAMPLED_LETTERS, ...PREVIEW_VARIANTS].filter((n) => !NOT_IN_WKKGZ.test(n))) {
    for (const lang of LANGS) {
      it(`when ${lang}/${name} is written for a Wkkgz practice, then it cites no article of the seed's procedure`, () => {
        const out = render(name, lang);
        const text = `${out.subject}\n${out.text}\n${out.html.replace(/<[^>]+>/g, ' ')}`;
        expect(seedArticles(text), `${lang}/${name}`).to.deep.equal([]);
      });
    }
  }

  it('when an overlay HTML template inserts data, then it escapes it (no triple-stash)', () => {
    const files = [...filesOf(join(TEMPLATES_DIR, 'procedures')), ...filesOf(ZON_TEMPLATES)].filter((f) => f.endsWith('.html.hbs'));
    expect(files.length).to.be.greaterThan(20);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.to.include('{{{');
  });

  for (const lang of LANGS) {
    it(`when ${lang} Wkkgz letters render hostile names and subjects, then the HTML escapes them`, () => {
      const hostile = '<script>alert(1)</script>';
      for (const name of SAMPLED_LETTERS.filter((n) => !NOT_IN_WKKGZ.test(n))) {
        const out = render(name, lang, { klagerName: hostile, recipientName: hostile, complaintSubject: hostile, practiceName: hostile, practiceDisputesBody: hostile, grounds: hostile });
        expect(out.html, name).not.to.include('<script>');
      }
    });
  }

  it("when the seed's own letter is read, then the article check finds its citations (the check can fail)", () => {
    const { model } = sampleForProcedure('acknowledgement', 'lux');
    expect(seedArticles(new LetterRenderer(TEMPLATES_DIR).render('acknowledgement', 'nl', model).text)).to.have.length.greaterThan(2);
    expect(seedArticles('binnen zes weken (art. 17 Wkkgz), de Wkkgz (art. 17), Wkkgz art. 18, art. 15 AVG')).to.deep.equal([]);
  });

  it('when the klager is told of receipt, then the handling term is six weeks from receipt, with its date and the extension rule', () => {
    const nl = render('acknowledgement', 'nl').text.replace(/\s+/g, ' ');
    expect(nl).to.include('Binnen 6 weken na ontvangst van uw klacht, uiterlijk maandag 4 januari 2027');
    expect(nl).to.include('één keer met ten hoogste vier weken worden verlengd');
    expect(nl).to.include('Verder verlengen kan alleen met uw schriftelijke instemming');
    expect(nl).to.include('(6 weken)');
    expect(nl).not.to.include('werkdagen na deze bevestiging');
    const en = render('acknowledgement', 'en').text.replace(/\s+/g, ' ');
    expect(en).to.include('Within 6 weeks of receiving your complaint, by Monday, 4 January 2027');
    expect(en).to.include('(Wkkgz art. 17)');
  });

  it('when the ruling reaches the klager, then there is no appeal but the geschilleninstantie the practice is affiliated with (art. 18)', () => {
    const nl = render('ruling', 'nl').text.replace(/\s+/g, ' ');
    expect(nl).to.include('Binnen deze klachtenregeling staat geen beroep open');
    expect(nl).to.include('De Geschillencommissie Zorg, de geschilleninstantie waarbij Praktijk LUX is aangesloten (art. 18 Wkkgz)');
    expect(nl).not.to.match(/beroepstermijn|in beroep gaan/);
    const without = render('ruling', 'nl', { practiceDisputesBody: '', report: { ...sampleForProcedure('ruling', 'wkkgz').model.report as object, disputesBody: '' } }).text.replace(/\s+/g, ' ');
    expect(without).to.include('voorleggen aan de geschilleninstantie waarbij Praktijk LUX is aangesloten (art. 18 Wkkgz)');
    const en = render('ruling', 'en').text.replace(/\s+/g, ' ');
    expect(en).to.include('De Geschillencommissie Zorg, the disputes body Praktijk LUX is affiliated with (Wkkgz art. 18)');
  });

  it('when the ruling reaches the owner, then she is asked which decisions the practice takes and by when (art. 17)', () => {
    const nl = render('ruling:owner', 'nl').text.replace(/\s+/g, ' ');
    expect(nl).to.include('welke beslissingen Praktijk LUX naar aanleiding van de klacht neemt');
    expect(nl).to.include('(art. 17 Wkkgz)');
    expect(nl).not.to.include('bindend');
  });

  it('when the term is extended, then the letter gives the law: once, at most four weeks, further only with consent', () => {
    const nl = render('extension-notice', 'nl').text.replace(/\s+/g, ' ');
    expect(nl).to.include('nu uiterlijk maandag 1 februari 2027 (+4 weken)');
    expect(nl).to.include('één keer met ten hoogste vier weken wordt verlengd');
    expect(nl).to.include('Reden: een zorgvuldig onderzoek');
  });

  it('when the report is written, then its terms state their unit and it ends with the geschilleninstantie', () => {
    const nl = render('verslag', 'nl').text.replace(/\s+/g, ' ');
    expect(nl).to.include('afhandeling van de klacht (art. 17 Wkkgz): 6 weken vanaf maandag 23 november 2026, uiterlijk maandag 4 januari 2027');
    expect(nl).to.include('(art. 18 Wkkgz)');
    expect(nl).not.to.include('Beroep (art. 13)');
  });
});

/**
 * Defects a walk of the two-practice demo found (`npm run demo -- --practices`, one neomutt per
 * person): each letter as its recipient read it.
 */
describe('the Wkkgz letters as the walk read them', () => {
  const wk = practice('wk', { preset: 'wkkgz' });
  const renderer = new LetterRenderer(TEMPLATES_DIR, [wk]);
  const render = (name: string, lang: 'nl' | 'en', extra: Record<string, unknown> = {}) => {
    const { name: template, model } = sampleForProcedure(name, 'wkkgz');
    return renderer.render(template, lang, { ...model, ...extra }, { practiceId: 'wk' }).text.replace(/\s+/g, ' ');
  };

  it('when the klager is told of the extension, then she hears by how much, the law\'s ground with the note, and "your consent", not "the klager\'s"', () => {
    const nl = render('extension-notice', 'nl');
    expect(nl).to.include('worden verlengd met 4 weken');
    expect(nl).to.include('Reden: een zorgvuldig onderzoek van uw klacht vraagt meer tijd: het horen van een tweede behandelaar.');
    expect(nl).to.include('Verder verlengen kan alleen met uw schriftelijke instemming').and.include('dat doe ik met deze brief');
    expect(nl).not.to.include('van de klager').and.not.to.include('Reden: onderzoek');
    // What the walk's klager got for a bare `#verleng 4 weken onderzoek`: "Reden: onderzoek".
    expect(render('extension-notice', 'nl', { reason: 'onderzoek', reasonNote: '' })).to.include('Reden: een zorgvuldig onderzoek van uw klacht vraagt meer tijd.');
    const en = render('extension-notice', 'en');
    expect(en).to.include('are extended by 4 weeks').and.include('Reason: a careful investigation of your complaint needs more time: het horen')
      .and.include('needs your written consent');
  });

  it('when the extension was agreed, then the letter says so (the overlay had lost the line), to the klager as "u" and to the beklaagde of the klager', () => {
    expect(render('extension-notice', 'nl', { consent: true })).to.include('U heeft met deze verlenging ingestemd.');
    expect(render('extension-notice', 'en', { consent: true })).to.include('You agreed to this extension.');
    const beklaagde = render('extension-notice', 'nl', { consent: true, forKlager: false, recipientName: 'P. de Vries' });
    expect(beklaagde).to.include('De klager heeft met deze verlenging ingestemd.').and.include('de klager krijgt daarvan').and.include('Reden: een zorgvuldig onderzoek van de klacht');
    expect(beklaagde).not.to.include('uw klacht');
  });

  it('when the case closes after the ruling (no appeal), then the klager hears why, where she can go, and that the practice\'s decisions still follow', () => {
    const nl = render('case-closed:no-appeal', 'nl');
    expect(nl).to.include('Binnen deze klachtenregeling staat daartegen geen beroep open');
    expect(nl).to.include('het geschil voorleggen aan De Geschillencommissie Zorg, de geschilleninstantie waarbij Praktijk LUX is aangesloten (art. 18 Wkkgz)');
    expect(nl).to.include('volgen nog').and.include('Volgende stap: de beslissingen van Praktijk LUX naar aanleiding van de klacht');
    expect(nl).not.to.include('geen; de zaak is gesloten');
    expect(render('case-closed:no-appeal', 'en')).to.include('the disputes body Praktijk LUX is affiliated with (Wkkgz art. 18)');
    expect(render('case-closed:no-appeal', 'nl', { forKlager: false })).not.to.include('geschil voorleggen');
    // Closed otherwise (#sluit), nothing of this.
    expect(render('case-closed', 'nl')).to.include('geen; de zaak is gesloten').and.not.include('volgen nog');
  });

  const overviewRow = (caseNumber: string, practiceId: string | null) => ({
    caseNumber, klagerName: 'P. de Vries', state: 'acknowledged', practiceId, next: { kind: 'present', date: '2026-12-17', daysLeft: 10 },
  });

  it('when #overzicht lists a Wkkgz case beside a seed case, then each term is named as its own practice\'s letters name it', () => {
    const { model } = sampleForProcedure('command-reply', 'lux');
    const out = renderer.render('command-reply', 'nl', { ...model, hasCase: false, status: null, help: null, overview: [overviewRow('ZRG-2026-0002', 'wk'), overviewRow('KL-2026-0001', null)], overviewCount: 2 }).text;
    expect(out).to.match(/ZRG-2026-0002 .* voorleggen aan beklaagde uiterlijk/).and.not.match(/ZRG-2026-0002 .*\(art\. 6\)/);
    expect(out).to.match(/KL-2026-0001 .* voorleggen aan beklaagde \(art\. 6\) uiterlijk/);
  });

  it('when the digest and the weekly overview list a Wkkgz case, then its term cites no article of the seed', () => {
    const { model: digest } = sampleForProcedure('commissioner-digest', 'lux');
    const line = { caseNumber: 'ZRG-2026-0002', klagerName: 'P. de Vries', state: 'acknowledged', practiceId: 'wk', kind: 'handle', date: '2026-12-17', wd: 3 };
    const d = renderer.render('commissioner-digest', 'nl', { ...digest, overdue: [], today: [], before: [line] }).text;
    expect(d).to.include('ZRG-2026-0002 (P. de Vries): afhandeling van de klacht (art. 17 Wkkgz), uiterlijk');
    const { model: weekly } = sampleForProcedure('weekly-overview', 'lux');
    const w = renderer.render('weekly-overview', 'en', { ...weekly, cases: [{ ...line, receivedDate: '2026-12-03', next: { kind: 'handle', date: '2027-01-14', wd: 20 } }] }).text;
    expect(seedArticles(w)).to.deep.equal([]);
  });

  it('when #status shows a Wkkgz case, then its handling term is in weeks, not "6 werkdagen"', () => {
    const { model } = sampleForProcedure('command-reply', 'lux');
    const status = { ...(model.status as object), deadlines: [{ kind: 'handle', date: '2027-01-14', wd: 6, unit: 'weeks', status: 'open' }, { kind: 'present', date: '2026-12-17', wd: 10, unit: 'wd', status: 'open' }] };
    const nl = renderer.render('command-reply', 'nl', { ...model, status }, { practiceId: 'wk' }).text;
    expect(nl).to.include('uiterlijk donderdag 14 januari 2027 (6 weken)').and.include('(10 werkdagen)').and.not.include('6 werkdagen');
    expect(renderer.render('command-reply', 'en', { ...model, status }, { practiceId: 'wk' }).text).to.include('(6 weeks)');
  });

  it('when a new complaint is announced to her on a desk of several practices, then the notice says for which practice', () => {
    const { model } = sampleForProcedure('new-complaint-notice', 'wkkgz');
    expect(renderer.render('new-complaint-notice', 'nl', { ...model, practiceName: 'Zorgpraktijk De Linde' }, { practiceId: 'wk' }).text)
      .to.include('Er is een nieuwe klacht binnengekomen voor Zorgpraktijk De Linde.');
    expect(renderer.render('new-complaint-notice', 'en', { ...model, practiceName: 'Zorgpraktijk De Linde' }).text).to.include('A new complaint has arrived for Zorgpraktijk De Linde.');
  });
});
