/**
 * The letters of the terms work, rendered with the facts their use-cases write (see
 * move-deadlines.ts, remind-beklaagde.ts, send-digest.ts, close-expired-appeals.ts): each states
 * the stored dates, in both languages, with nothing left empty.
 */
import { expect } from 'chai';
import { LetterRenderer, LANGS } from '../../src/mail-out/render.js';
import { TEMPLATES_DIR } from '../../src/paths.js';

const renderer = new LetterRenderer(TEMPLATES_DIR);
const caseFacts = {
  caseNumber: 'KL-2026-0007', letterDate: '2026-03-04', receivedDate: '2026-03-02', complaintSubject: 'Klacht', klagerName: 'Jan Jansen',
  klagerEmail: 'jan@example.nl', practiceName: 'Praktijk LUX', commissionerName: 'M. Roozmond', recipientName: 'Jan Jansen',
  deadlines: { present: { kind: 'present', date: '2026-03-23', wd: 10, status: 'open' }, handle: { kind: 'handle', date: '2026-04-22', wd: 30, status: 'open' } },
};
const moves = [{ kind: 'present', from: '2026-03-16', to: '2026-03-23', wd: 5 }, { kind: 'handle', from: '2026-04-15', to: '2026-04-22', wd: 5 }];
const EMPTY = /undefined|\[object Object\]|NaN|\(\s*\)|^(Beste|Dear) ,/m;

describe('letters of the terms (extension, reminders, digest, overview, closing)', () => {
  for (const lang of LANGS) {
    it(`${lang}: the extension notice states the reason and every old and new date`, () => {
      const out = renderer.render('extension-notice', lang, { ...caseFacts, origin: 'extension', days: 5, reason: 'vakantie', moves, deadline: caseFacts.deadlines.present });
      expect(out.subject).to.equal(lang === 'nl' ? 'Termijnen verlengd' : 'Terms extended');
      expect(out.text).to.match(lang === 'nl' ? /was maandag 16 maart 2026, nu uiterlijk maandag 23 maart 2026/ : /was Monday, 16 March 2026, now by Monday, 23 March 2026/);
      expect(out.text).to.include(lang === 'nl' ? 'woensdag 22 april 2026' : 'Wednesday, 22 April 2026').and.include('vakantie').and.not.match(EMPTY);
      expect(out.html).to.include('vakantie');
    });

    it(`${lang}: the absence notice names the absence period`, () => {
      const out = renderer.render('extension-notice', lang, { ...caseFacts, origin: 'absence', from: '2026-03-09', to: '2026-03-13', reason: '', moves, deadline: null });
      expect(out.text).to.include(lang === 'nl' ? 'maandag 9 maart 2026 tot en met vrijdag 13 maart 2026' : 'Monday, 9 March 2026 up to and including Friday, 13 March 2026');
      expect(out.text).not.to.match(/Reden|Reason/).and.not.match(EMPTY);
    });

    it(`${lang}: the beklaagde's reminder states the response date and the days left`, () => {
      const out = renderer.render('reminder-beklaagde', lang, { ...caseFacts, recipientName: 'P. de Vries', deadline: { kind: 'response', date: '2026-03-18', wd: 10, status: 'open' }, wdLeft: 2 });
      expect(out.subject).to.include(lang === 'nl' ? 'woensdag 18 maart 2026' : 'Wednesday, 18 March 2026');
      expect(out.text).to.include('P. de Vries').and.include(lang === 'nl' ? '2 werkdagen' : '2 working days').and.not.match(EMPTY);
    });

    it(`${lang}: the digest lists overdue, today and coming deadlines of several cases in one mail`, () => {
      const item = (caseNumber: string, kind: string, date: string, wd: number) => ({ caseNumber, klagerName: 'J. J.', state: 'acknowledged', kind, date, wd });
      const out = renderer.render('commissioner-digest', lang, {
        date: '2026-03-11', letterDate: '2026-03-11', practiceName: 'Praktijk LUX', commissionerName: 'M. Roozmond', count: 3, wdBefore: 3,
        overdue: [item('KL-2026-0001', 'handle', '2026-03-06', 3)], today: [item('KL-2026-0002', 'ack', '2026-03-11', 0)], before: [item('KL-2026-0003', 'present', '2026-03-16', 3)],
      });
      expect(out.subject).to.equal(lang === 'nl' ? 'Termijnen woensdag 11 maart 2026: 3 termijnen vragen aandacht' : 'Terms Wednesday, 11 March 2026: 3 terms need attention');
      for (const n of ['KL-2026-0001', 'KL-2026-0002', 'KL-2026-0003']) expect(out.text).to.include(n);
      expect(out.text).to.match(lang === 'nl' ? /VERLOPEN[\s\S]*VANDAAG[\s\S]*BINNENKORT/ : /OVERDUE[\s\S]*TODAY[\s\S]*COMING UP/);
      expect(out.text).not.to.match(EMPTY);
    });

    it(`${lang}: the weekly overview lists each open case with its state and next term`, () => {
      const out = renderer.render('weekly-overview', lang, {
        weekOf: '2026-03-09', letterDate: '2026-03-09', practiceName: 'Praktijk LUX', count: 2,
        cases: [
          { caseNumber: 'KL-2026-0001', klagerName: 'J. J.', state: 'presented', receivedDate: '2026-03-02', next: { kind: 'response', date: '2026-03-18', wd: 7 } },
          { caseNumber: 'KL-2026-0002', klagerName: '', state: 'decided', receivedDate: '2026-01-05', next: null },
        ],
      });
      expect(out.text).to.include('KL-2026-0001').and.include('KL-2026-0002').and.include(lang === 'nl' ? 'voorgelegd aan beklaagde' : 'presented');
      expect(out.text).not.to.match(EMPTY);
    });

    it(`${lang}: the case-closed letter says why and until when the file is kept`, () => {
      const auto = renderer.render('case-closed', lang, { ...caseFacts, autoReason: 'appeal-term-passed', reason: '', closedDate: '2026-03-31', keptUntil: '2028-03-31' });
      expect(auto.text).to.include('art. 13').and.include(lang === 'nl' ? 'vrijdag 31 maart 2028' : 'Friday, 31 March 2028').and.not.match(EMPTY);
      const byCommand = renderer.render('case-closed', lang, { ...caseFacts, reason: 'afgehandeld' });
      expect(byCommand.text).to.include('afgehandeld').and.not.include('art. 13');
      const toCommissioner = renderer.render('case-closed', lang, { ...caseFacts, autoReason: 'appeal-term-passed', keptUntil: '2028-03-31', forCommissioner: true });
      expect(toCommissioner.text).not.to.match(/^(Beste|Dear)/m);
    });
  }
});
