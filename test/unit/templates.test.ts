import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LetterRenderer, LANGS, type Lang } from '../../src/mail-out/render.js';
import { LETTERS } from '../../src/mail-out/letters.js';
import { formatLocalDate } from '../../src/domain/text-format.js';
import { PREVIEW_VARIANTS, SAMPLED_LETTERS, previewLetter, sampleFor } from '../../src/cli/templates-preview.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { responseNoticeText } from '../../src/use-cases/party-mail.js';
import { taggedSubject, withoutCaseTag } from '../../src/domain/case-number.js';

/** Every letter of the table, and the report (verslag), which is a document in the case file. */
const NAMES = [...Object.keys(LETTERS), 'verslag'];
const CONFIDENTIAL: Record<Lang, string> = { nl: 'Vertrouwelijk:', en: 'Confidential:' };
/** Words of the templates themselves (not of the sample data) that must not show up in the other language. */
const FOREIGN: Record<Lang, RegExp> = {
  nl: /\b(Dear|Kind regards|Complaints commissioner|working days?|Case number|Next step)\b/,
  en: /\b(Beste|Klachtencommissaris|werkdagen|uiterlijk|Zaaknummer|Volgende stap)\b/,
};
const SCRIPT = '<script>alert(1)</script>';

function isCaseDocument(name: string): boolean {
  return name === 'verslag' || LETTERS[name]!.caseLetter;
}

/** The date a letter states as its own: the letter date, or for the report the date of the report. */
function ownDate(name: string, model: Record<string, unknown>): string {
  return (name === 'verslag' ? model.reportDate : model.letterDate) as string;
}

/** The same data with every string made hostile: markup appended, line breaks inside. */
function hostile(v: unknown): unknown {
  if (typeof v === 'string') return `${v}\r\nBcc: x@example.test ${SCRIPT}`;
  if (Array.isArray(v)) return v.map(hostile);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, hostile(x)]));
  return v;
}

function keysOf(o: unknown, prefix = ''): string[] {
  if (!o || typeof o !== 'object') return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe('letter templates with the preview sample', () => {
  const renderer = new LetterRenderer(TEMPLATES_DIR);

  it('when loaded, then every letter and the report have text and HTML in nl and en', () => {
    expect(renderer.names()).to.include.members(NAMES);
  });

  it('when labels are compared, then en has every label nl has', () => {
    const nl = JSON.parse(readFileSync(join(TEMPLATES_DIR, 'nl', 'labels.json'), 'utf8'));
    const en = JSON.parse(readFileSync(join(TEMPLATES_DIR, 'en', 'labels.json'), 'utf8'));
    expect(keysOf(en)).to.include.members(keysOf(nl));
  });

  it('when an HTML template inserts data, then it escapes it (no triple-stash)', () => {
    for (const lang of LANGS) {
      for (const dir of [join(TEMPLATES_DIR, lang), join(TEMPLATES_DIR, lang, 'partials')]) {
        for (const f of readdirSync(dir).filter((x) => x.endsWith('.html.hbs'))) {
          expect(readFileSync(join(dir, f), 'utf8'), `${lang}/${f}`).not.to.include('{{{');
        }
      }
    }
  });

  for (const name of NAMES) {
    for (const lang of LANGS) {
      describe(`${lang}/${name}`, () => {
        const { model } = sampleFor(name);

        it('renders the sample with a one-line subject', () => {
          const out = renderer.render(name, lang, model);
          expect(out.subject).to.be.a('string').and.not.equal('');
          expect(out.subject).not.to.match(/[\r\n]/);
          for (const body of [out.text, out.html]) {
            expect(body).not.to.match(/undefined|\[object Object\]|NaN/);
          }
          expect(out.text).not.to.match(FOREIGN[lang]);
          expect(out.html).not.to.match(FOREIGN[lang]);
          expect(out.html).to.match(/^<!DOCTYPE html>/);
        });

        if (SAMPLED_LETTERS.includes(name)) {
          it('gets every fact it uses from the sample (no empty slots)', () => {
            const out = renderer.render(name, lang, model);
            expect(out.subject).not.to.match(/ {2}|[:(]\s*$|\(\s*\)/);
            expect(out.text).not.to.match(/:[ \t]+$|\(\s*\)|^(Beste|Dear) ,/m);
          });
        }

        if (isCaseDocument(name)) {
          it('states the case number and its own date', () => {
            const out = renderer.render(name, lang, model);
            const date = formatLocalDate(ownDate(name, model), lang);
            for (const body of [out.text, out.html]) {
              expect(body).to.include(model.caseNumber as string);
              expect(body).to.include(date);
            }
          });
        }

        it('has a confidentiality notice and the letter date wherever the Dutch letter has them', () => {
          const nl = renderer.render(name, 'nl', model);
          const out = renderer.render(name, lang, model);
          if (name !== 'verslag' && LETTERS[name]!.caseLetter) expect(nl.text).to.include(CONFIDENTIAL.nl);
          if (nl.text.includes(CONFIDENTIAL.nl)) {
            expect(out.text).to.include(CONFIDENTIAL[lang]);
            expect(out.html).to.include(CONFIDENTIAL[lang]);
          }
          if (nl.text.includes(formatLocalDate(ownDate(name, model), 'nl'))) {
            expect(out.text).to.include(formatLocalDate(ownDate(name, model), lang));
            expect(out.html).to.include(formatLocalDate(ownDate(name, model), lang));
          }
        });

        it('escapes <script> and keeps the subject on one line when every sample string is hostile', () => {
          const out = renderer.render(name, lang, hostile(model) as Record<string, unknown>);
          expect(out.html).not.to.match(/<script/i);
          // Shown escaped, or (in a name, by the one rule of outside-text.ts) without its angle brackets and address.
          expect(out.html).to.satisfy((h: string) => h.includes('&lt;script&gt;') || !/x@example\.test/.test(h));
          expect(out.subject).not.to.match(/[\r\n]/);
        });

        it('previews as text and HTML', () => {
          const text = previewLetter(name, lang, 'text');
          expect(text.split('\n')[0]).to.match(/^Subject: \S/);
          if (name !== 'verslag' && LETTERS[name]!.caseLetter) expect(text.split('\n')[0]).to.include(`[${model.caseNumber as string}]`);
          expect(previewLetter(name, lang, 'html')).to.match(/<\/html>\s*$/);
        });
      });
    }
  }

  for (const variant of PREVIEW_VARIANTS) {
    for (const lang of LANGS) {
      it(`when the variant ${variant} is previewed in ${lang}, then it renders and differs from the plain sample`, () => {
        const text = previewLetter(variant, lang, 'text');
        expect(text).not.to.match(/undefined|\[object Object\]/);
        expect(text).not.to.equal(previewLetter(variant.split(':')[0]!, lang, 'text'));
      });
    }
  }

  it('when a ruling goes to the practice owner, then it addresses the owner and still carries the report', () => {
    const nl = previewLetter('ruling:owner', 'nl', 'text');
    const en = previewLetter('ruling:owner', 'en', 'text');
    expect(nl).to.include('Beste eigenaar van Praktijk LUX').and.include('art. 9').and.include('VERSLAG');
    expect(en).to.include('Dear owner of Praktijk LUX').and.include('art. 9').and.include('REPORT');
  });

  it('when the beklaagde answers above the quoted request, then her notice shows only his new text and says the full mail is in the file', () => {
    const { model } = sampleFor('response-received');
    const mail = 'Ik herken mij niet in de klacht.\r\n\r\nP. de Vries\r\n\r\n'
      + 'On Tue, 1 Dec 2026 at 10:12, M. Roozmond <klachten@praktijklux.nl> wrote:\r\n> Beste P. de Vries,\r\n> Hierbij leg ik u de klacht voor.\r\n';
    const facts = { ...model, ...responseNoticeText(mail) };
    for (const [lang, says] of [['nl', 'De volledige e-mail staat in het dossier'], ['en', 'The full e-mail is in the case file']] as const) {
      const out = renderer.render('response-received', lang, facts);
      for (const body of [out.text, out.html]) {
        expect(body).to.include('Ik herken mij niet in de klacht.').and.include(says);
        expect(body).not.to.match(/wrote:|Hierbij leg ik u de klacht voor/);
      }
    }
    expect(responseNoticeText('Alleen mijn eigen tekst.\n')).to.deep.equal({ responseText: 'Alleen mijn eigen tekst.', responseQuoteCut: false });
  });

  it('when the klager appeals by replying to the ruling, then her notice says so in its subject, with the tag once, and no brackets inside brackets', () => {
    const { model } = sampleFor('correspondence-notice');
    const n = model.caseNumber as string;
    const mailSubject = `Re: [${n}] Uitspraak op de klacht: gegrond`;
    const appeal = { ...model, mailReason: 'appeal', appealNothingNew: false, mailSubject, mailSubjectUntagged: withoutCaseTag(mailSubject, n) };
    const want = { nl: ['Beroep ingesteld door de klager', 'beroep van de klager (art. 13).'], en: ['Appeal lodged by the complainant', 'appeal by the complainant (art. 13).'] };
    for (const lang of LANGS) {
      const out = renderer.render('correspondence-notice', lang, appeal);
      expect(out.subject).to.equal(want[lang][0]);
      expect(renderer.render('correspondence-notice', lang, { ...appeal, appealNothingNew: true }).subject).to.match(new RegExp(`^${want[lang][0]}, `));
      expect(out.text).to.include(`${n}: ${want[lang][1]}`);
      expect(out.html).to.include(`${n}</strong>: ${want[lang][1]}`);
      for (const body of [out.text, out.html]) expect(body, 'brackets inside brackets').not.to.match(/\([^()]*\(/);
      // Other mail keeps its subject, without the tag the letter's own subject already carries.
      const other = renderer.render('correspondence-notice', lang, { ...appeal, mailReason: 'reply' }).subject;
      expect(taggedSubject(n, other).split(`[${n}]`)).to.have.length(2);
      expect(other).to.include('Re: Uitspraak op de klacht: gegrond');
    }
  });

  it('when the case is closed, then the subject does not repeat the case number its tag already carries', () => {
    const { model } = sampleFor('case-closed');
    for (const lang of LANGS) {
      for (const variant of [model, { ...model, forCommissioner: true }]) {
        const subject = taggedSubject(model.caseNumber as string, renderer.render('case-closed', lang, variant).subject);
        expect(subject.split(model.caseNumber as string), subject).to.have.length(2);
      }
    }
    expect(renderer.render('case-closed', 'nl', sampleFor('case-closed').model).subject).to.equal('De klachtzaak is gesloten');
    expect(renderer.render('case-closed', 'en', sampleFor('case-closed').model).subject).to.equal('The complaint case is closed');
  });

  it('when the owner has a name (PRACTICE_OWNER_NAME), then her ruling and the admitted appeal greet her by it', () => {
    for (const name of ['ruling:owner', 'appeal-decision:owner']) {
      const { name: template, model } = sampleFor(name);
      for (const [lang, greeting] of [['nl', 'Beste Emma Hafkamp,'], ['en', 'Dear Emma Hafkamp,']] as const) {
        const out = renderer.render(template, lang, { ...model, practiceOwnerName: 'Emma Hafkamp' });
        expect(out.text, `${lang}/${name}`).to.include(greeting).and.not.match(/(eigenaar|owner) van Praktijk LUX,|owner of Praktijk LUX,/);
        expect(out.html, `${lang}/${name}`).to.include(greeting);
        expect(renderer.render(template, lang, model).text).to.match(lang === 'nl' ? /Beste eigenaar van Praktijk LUX,/ : /Dear owner of Praktijk LUX,/);
      }
    }
  });

  it('when the acknowledgement is rendered with the sample, then no wrapped line is left much shorter than the lines of its paragraph', () => {
    for (const name of ['acknowledgement', 'acknowledgement:no-attachments']) {
      for (const lang of LANGS) {
        const { name: template, model } = sampleFor(name);
        // The letter's own text: after the greeting, before the facts block.
        const body = renderer.render(template, lang, model).text.split(/^-{10,}$/m)[0]!.split('\n').slice(2);
        const paragraphs: string[][] = [];
        // A paragraph ends at a blank line; a list item starts one, and its indented lines continue it.
        let prev = '';
        for (const line of body) {
          if (line.trim() === '') { prev = ''; continue; }
          const starts = prev === '' || /^- /.test(line) || /^\s/.test(line) !== /^(- |\s)/.test(prev);
          if (starts) paragraphs.push([line]);
          else paragraphs.at(-1)!.push(line);
          prev = line;
        }
        for (const p of paragraphs) {
          const longest = Math.max(...p.map((l) => l.length));
          for (const line of p.slice(0, -1)) expect(line.length, `${lang}/${name}: a ragged line in\n${p.join('\n')}`).to.be.at.least(longest - 15);
        }
      }
    }
  });

  it('when the acknowledgement lists the attachments (or says there were none), then a blank line separates that from the case number', () => {
    for (const name of ['acknowledgement', 'acknowledgement:no-attachments']) {
      const { name: template, model } = sampleFor(name);
      expect(renderer.render(template, 'nl', model).text, name).to.match(/\n\nUw klacht is geregistreerd/);
      expect(renderer.render(template, 'en', model).text, name).to.match(/\n\nIt is registered/);
    }
  });

  it('when a command fails, then the receipt says nothing changed and how to write it', () => {
    const nl = previewLetter('command-reply:errors', 'nl', 'text');
    const en = previewLetter('command-reply:errors', 'en', 'text');
    expect(nl).to.include('NIETS').and.include('#hoorzitting JJJJ-MM-DD');
    expect(en).to.include('NOTHING').and.include('unknown command');
  });

  it('when a receipt carries out nothing (the command stood below her text), then its subject does not say "Uitgevoerd"', () => {
    const { model } = sampleFor('command-reply');
    const nothing = { ...model, ok: true, done: [], errors: [], nothingDone: true, skipped: [{ line: '#beklaagde Piet <p@example.test>', quoted: false }] };
    expect(renderer.render('command-reply', 'nl', nothing).subject).to.include('Niets uitgevoerd');
    expect(renderer.render('command-reply', 'en', nothing).subject).to.include('Nothing done');
    expect(renderer.render('command-reply', 'nl', model).subject).to.match(/Uitgevoerd/).and.not.to.match(/Niets/);
  });

  it('when the hearing lapsed because the ruling was given without it, then the report says it did not take place', () => {
    const { model } = sampleFor('verslag');
    const report = model as { hearing?: Record<string, unknown> };
    expect(report.hearing, 'the sample report has a hearing').to.be.an('object');
    const lapsed = { ...model, hearing: { ...report.hearing, lapsed: true } };
    for (const [lang, words] of [['nl', 'ging niet door'], ['en', 'did not take place']] as const) {
      expect(renderer.render('verslag', lang, lapsed).text).to.include(words);
      expect(renderer.render('verslag', lang, lapsed).html).to.include(words);
      expect(renderer.render('verslag', lang, model).text).not.to.include(words);
    }
  });
});
