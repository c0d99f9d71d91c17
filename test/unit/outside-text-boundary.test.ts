/** Issue 14 §3: the one rule for outside text also at the output boundary: letters, web pages, CLI. */
import { expect } from 'chai';
import { safeText } from '../../src/cli/common.js';
import { harmlessFields, outsideName } from '../../src/domain/outside-text.js';
import { LetterRenderer } from '../../src/mail-out/render.js';
import { TEMPLATES_DIR } from '../../src/paths.js';

const ROWS = [
  { field: 'klagerName', raw: 'Eve\u202Erevilo', shown: 'Eve\uFFFDrevilo' },
  { field: 'name', raw: 'Mallory "Ev il" <x@evil>', shown: 'Mallory "Ev il"' },
  { field: 'subject', raw: 'factuur\u202Efdp.exe', shown: 'factuur\uFFFDfdp.exe' },
  { field: 'filename', raw: 'scan\u2066.pdf', shown: 'scan\uFFFD.pdf' },
];

describe('outside text at the output boundary (rows stored before the ingest rule)', () => {
  for (const r of ROWS) {
    it(`when a stored ${r.field} is ${JSON.stringify(r.raw)}, then letters, web and CLI show ${JSON.stringify(r.shown)}`, () => {
      const model = harmlessFields({ [r.field]: r.raw, parties: [{ [r.field]: r.raw }], text: 'body \u202E kept' });
      expect(model[r.field]).to.equal(r.shown);
      expect((model.parties as Record<string, string>[])[0]![r.field]).to.equal(r.shown);
      expect(model.text).to.equal('body \u202E kept');
      const cli = r.field.toLowerCase().endsWith('name') ? safeText(outsideName(r.raw)) : safeText(r.raw);
      expect(cli).to.equal(r.shown);
    });
  }

  it('when a letter is rendered from facts with an old hostile subject, then the rendered letter carries none of the controls', () => {
    const renderer = new LetterRenderer(TEMPLATES_DIR);
    const letter = renderer.render('acknowledgement', 'nl', {
      caseNumber: 'KL-2026-0001', subject: 'factuur\u202Efdp.exe', klagerName: 'Eve\u202Erevilo', letterDate: '2026-03-12', receivedDate: '2026-03-10',
      deadlines: {}, attachments: [{ filename: 'a\u202Eb.pdf', size: 1 }],
    });
    expect(letter.text + letter.html + letter.subject).not.to.match(/[\u202a-\u202e\u2066-\u2069]/);
  });
});
