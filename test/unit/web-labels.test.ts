/**
 * The web pages name every letter in the page's language (issue 14 §6g): each letter of
 * src/mail-out/letters.ts has a label in templates/nl/labels.json and templates/en/labels.json
 * (group `letter`), and the web overview shows that label, never the template's code name.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LETTERS } from '../../src/mail-out/letters.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { WebViews } from '../../src/web/views.js';
import { caseNumberParts } from '../../src/web/routes/case-page.js';
import { sortTerms } from '../../src/web/terms-timeline.js';

const LANGS = ['nl', 'en'] as const;
const letterLabels = (lang: string) =>
  ((JSON.parse(readFileSync(join(TEMPLATES_DIR, lang, 'labels.json'), 'utf8')) as { letter?: Record<string, unknown> }).letter ?? {});

describe('web overview: labels in the page\'s language', () => {
  for (const lang of LANGS) {
    it(`when a letter of the table is shown on a ${lang} page, then it has its own ${lang} label, not its code name`, () => {
      const labels = letterLabels(lang);
      const views = new WebViews(TEMPLATES_DIR, lang, 'Praktijk');
      const missing = Object.keys(LETTERS).filter((name) => typeof labels[name] !== 'string' || !(labels[name] as string).trim());
      expect(missing, `letters without a ${lang} label in templates/${lang}/labels.json "letter"`).to.deep.equal([]);
      for (const name of Object.keys(LETTERS)) {
        // Found (label() answers the key itself when there is none) and not a code name; the
        // English "acknowledgement" happens to be spelled like its template.
        const shown = views.label('letter', name);
        expect(shown, name).to.equal(labels[name]);
        expect(shown, name).not.to.match(/^[a-z]+(-[a-z]+)+$/);
      }
    });

    it(`when the ${lang} letter labels are read, then each belongs to a letter that exists`, () => {
      expect(Object.keys(letterLabels(lang)).filter((name) => !(name in LETTERS))).to.deep.equal([]);
    });
  }

  it('when the Dutch and English labels of a letter are compared, then the Dutch one is Dutch', () => {
    const nl = letterLabels('nl');
    const en = letterLabels('en');
    const same = Object.keys(LETTERS).filter((n) => nl[n] === en[n]);
    expect(same).to.deep.equal([]);
  });

  it('when a subject holds a case number, then it is cut out whole, and the text is unchanged', () => {
    const parts = caseNumberParts('Re: [KL-2026-0002] Ontvangstbevestiging (zie ook KL-2025-0110)');
    expect(parts.filter((p) => p.cn).map((p) => p.subject)).to.deep.equal(['KL-2026-0002', 'KL-2025-0110']);
    expect(parts.map((p) => p.subject).join('')).to.equal('Re: [KL-2026-0002] Ontvangstbevestiging (zie ook KL-2025-0110)');
    expect(caseNumberParts('')).to.deep.equal([{ subject: '', cn: false }]);
  });

  it('when terms are listed, then they go by due date, then in the procedure\'s order', () => {
    const terms = [
      { kind: 'handle', due: '2026-12-01' }, { kind: 'response', due: '2026-11-20' }, { kind: 'ack', due: '2026-11-20' },
      { kind: 'present', due: '2026-11-10' },
    ];
    expect(sortTerms(terms).map((t) => t.kind)).to.deep.equal(['present', 'ack', 'response', 'handle']);
  });
});
