/**
 * Letters in their own voice (issue 13): a Dutch letter carries no English of ours (labels, texts
 * built in code, template words), and a letter to the commissioner never tells her where her own
 * answers go. Every letter and every preview variant is rendered with the preview sample; what
 * came from a mail or from her own words (subjects, texts, grounds, reasons) is data in any
 * language and is taken out before the words are checked.
 */
import { expect } from 'chai';
import { LetterRenderer } from '../../src/mail-out/render.js';
import { LETTERS } from '../../src/mail-out/letters.js';
import { PREVIEW_VARIANTS, SAMPLED_LETTERS, sampleFor, sampleForProcedure } from '../../src/cli/templates-preview.js';
import { TEMPLATES_DIR } from '../../src/paths.js';
import { practice, ZON_TEMPLATES } from '../support/practices.js';

/** Facts that hold what people wrote, or mail headers: never ours to translate. */
const DATA_KEYS = new Set(['mailText', 'mailSubject', 'complaintText', 'complaintSubject', 'responseText', 'grounds', 'reason', 'detail',
  'fromName', 'fromEmail', 'recipientName', 'klagerName', 'subject', 'text', 'name', 'email', 'place', 'senderEmail', 'recipient', 'filename', 'quarantineMailbox']);

/** Words that are English and never Dutch (whole words, case-insensitive). */
const ENGLISH = ['the', 'and', 'with', 'from', 'new', 'mail', 'case', 'complainant', 'reply', 'replies', 'please', 'your', 'this',
  'which', 'will', 'received', 'appeal', 'ruling', 'report', 'term', 'deadline', 'hearing', 'none', 'attachment', 'attachments'];
const ENGLISH_WORD = new RegExp(`(?<![\\p{L}#@._-])(${ENGLISH.join('|')})(?![\\p{L}@_-])`, 'giu');

/** Where her answers go, in either language: the line the parties' letters end with. */
const ANSWERS_GO = /antwoord(en)? op deze e-mail (komt|komen) bij de klachtencommissaris|repl(y|ies) to this e-mail reach(es)? the complaints commissioner/i;

function dataValues(x: unknown, key = '', out: string[] = []): string[] {
  if (typeof x === 'string' && DATA_KEYS.has(key) && x.trim() !== '') out.push(x);
  else if (Array.isArray(x)) for (const v of x) dataValues(v, key, out);
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) dataValues(v, k, out);
  return out;
}

function withoutData(text: string, model: Record<string, unknown>): string {
  let t = text;
  for (const v of dataValues(model).sort((a, b) => b.length - a.length)) {
    for (const line of v.split('\n')) if (line.trim()) t = t.split(line.trim()).join(' ');
  }
  return t.replace(/<[^>]+@[^>]+>/g, ' ').replace(/\S+@\S+/g, ' ');
}

describe('letters in their own voice', () => {
  const renderer = new LetterRenderer(TEMPLATES_DIR);
  const names = [...SAMPLED_LETTERS, ...PREVIEW_VARIANTS].filter((n) => n.split(':')[0] !== 'verslag' || n === 'verslag');

  for (const name of names) {
    it(`when nl/${name} is rendered, then it holds no English word of ours`, () => {
      const { name: template, model } = sampleFor(name);
      const out = renderer.render(template, 'nl', model);
      const found = [...withoutData(`${out.subject}\n${out.text}`, model).matchAll(ENGLISH_WORD)].map((m) => m[0]);
      expect(found, `English in nl/${name}`).to.deep.equal([]);
    });
  }

  for (const [name, spec] of Object.entries(LETTERS)) {
    if (!spec.audience.includes('commissioner')) continue;
    for (const lang of ['nl', 'en'] as const) {
      it(`when ${lang}/${name} goes to the commissioner, then it does not tell her where her answers go`, () => {
        const { model } = sampleFor(name);
        const out = renderer.render(name, lang, { ...model, forCommissioner: true });
        expect(out.text).not.to.match(ANSWERS_GO);
        expect(out.html.replace(/\s+/g, ' ')).not.to.match(ANSWERS_GO);
      });
    }
  }

  // A party reads a letter, not a manual: no command of the desk's CLI (`complaint-desk …`) in it.
  for (const name of names) {
    const spec = LETTERS[name.split(':')[0]!];
    if (!spec || spec.audience.every((r) => r === 'commissioner')) continue;
    for (const lang of ['nl', 'en'] as const) {
      it(`when ${lang}/${name} goes to a party, then it names no CLI command`, () => {
        const { name: template, model } = sampleFor(name);
        const out = renderer.render(template, lang, model);
        expect(`${out.text}\n${out.html}`).not.to.match(/complaint-desk\s+[a-z]/);
      });
    }
  }

  // The overlays (issue 16): every procedure's (templates/procedures/*) and a practice's own folder
  // (the fixture of test/fixtures/practice-templates), each letter as that practice's case renders it.
  const layered = new LetterRenderer(TEMPLATES_DIR, [practice('wk', { preset: 'wkkgz' }), practice('zon', { preset: 'wkkgz', templatesDir: ZON_TEMPLATES })]);
  for (const practiceId of ['wk', 'zon']) {
    for (const name of names) {
      const { name: template, model } = sampleForProcedure(name, 'wkkgz');
      const spec = LETTERS[template];
      it(`when nl/${name} of a Wkkgz practice${practiceId === 'zon' ? ' with its own templates' : ''} is rendered, then it holds no English word of ours`, () => {
        const out = layered.render(template, 'nl', model, { practiceId });
        const found = [...withoutData(`${out.subject}\n${out.text}`, model).matchAll(ENGLISH_WORD)].map((m) => m[0]);
        expect(found, `English in nl/${name} (${practiceId})`).to.deep.equal([]);
      });
      for (const lang of ['nl', 'en'] as const) {
        if (spec?.audience.includes('commissioner')) {
          it(`when ${lang}/${name} of a Wkkgz practice (${practiceId}) goes to the commissioner, then it does not tell her where her answers go`, () => {
            const out = layered.render(template, lang, { ...model, forCommissioner: true }, { practiceId });
            expect(out.text).not.to.match(ANSWERS_GO);
          });
        }
        if (spec && !spec.audience.every((r) => r === 'commissioner')) {
          it(`when ${lang}/${name} of a Wkkgz practice (${practiceId}) goes to a party, then it names no CLI command`, () => {
            const out = layered.render(template, lang, model, { practiceId });
            expect(`${out.text}\n${out.html}`).not.to.match(/complaint-desk\s+[a-z]/);
          });
        }
      }
    }
  }

  it('when a letter goes to a party, then it does tell where the answers go (the check above can fail)', () => {
    const { model } = sampleFor('acknowledgement');
    expect(renderer.render('acknowledgement', 'nl', model).text.replace(/\s+/g, ' ')).to.match(ANSWERS_GO);
    expect(renderer.render('acknowledgement', 'en', model).text.replace(/\s+/g, ' ')).to.match(ANSWERS_GO);
  });

  it('when English creeps into a Dutch sentence, then the word check finds it (the check can fail)', () => {
    expect([...'Nieuwe post (new mail from the complainant of this open case).'.matchAll(ENGLISH_WORD)].map((m) => m[0]))
      .to.include.members(['new', 'mail', 'from', 'the', 'complainant', 'this', 'case']);
  });
});
