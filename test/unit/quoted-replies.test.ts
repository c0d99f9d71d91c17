import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { parseCommands } from '../../src/domain/commands.js';

/**
 * Issue 14 §1: every quote shape in test/fixtures/replies/quoted (clients × languages, as their
 * plain-text part or mailparser's rendering of their HTML) holds our letter quoting the klager's
 * `#uitspraak gegrond` and `#sluit`. Whatever the commissioner writes above it, those never count.
 */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}
const DIR = join(projectRoot(), 'test/fixtures/replies/quoted');
const SHAPES = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
const SUBJECT = 'Re: [KL-2026-0007] Nieuwe klacht ontvangen';
const GROUNDS = 'De praktijk handelde volgens de richtlijn.\n\nAnna Jansen';

describe('quoted replies: a command inside a quote never runs (test/fixtures/replies/quoted)', () => {
  it('has many shapes', () => expect(SHAPES.length).to.be.greaterThan(40));

  for (const file of SHAPES) {
    const quote = readFileSync(join(DIR, file), 'utf8');
    describe(file, () => {
      it('holds the quoted commands this table is about', () => expect(quote).to.match(/^>?\s*#uitspraak gegrond$/m));

      it('prose on top: nothing is obeyed', () => {
        const parsed = parseCommands(SUBJECT, `Dank, ik bekijk het morgen.\n\nAnna\n\n${quote}`);
        expect(parsed.commands).to.deep.equal([]);
        expect(parsed.errors).to.deep.equal([]);
      });

      it('a command on top: only that one', () => {
        const parsed = parseCommands(SUBJECT, `#status\n\n${quote}`);
        expect(parsed.commands).to.deep.equal([{ name: 'status' }]);
        expect(parsed.errors).to.deep.equal([]);
      });

      it('a ruling on top: its grounds end where the quote starts', () => {
        const parsed = parseCommands(SUBJECT, `#uitspraak ongegrond\n\n${GROUNDS}\n\n${quote}`);
        expect(parsed.commands).to.deep.equal([{ name: 'uitspraak', outcome: 'ongegrond', withoutHearing: false, grounds: GROUNDS }]);
      });

      it('a note on top does not swallow the quoted mail', () => {
        const parsed = parseCommands(SUBJECT, `#notitie klager gebeld\n\n${quote}`);
        expect(parsed.commands).to.deep.equal([{ name: 'notitie', text: 'klager gebeld' }]);
      });
    });
  }
});

describe('the leading-block rule, which needs no quote marker', () => {
  it('a #word line below the first line of prose is text, listed as ignored', () => {
    const parsed = parseCommands('Re: [KL-2026-0007] Brief', 'Dank voor het doorsturen.\n\nTot ziens schreef hij:\n#uitspraak gegrond\nIk wil excuses.');
    expect(parsed.commands).to.deep.equal([]);
    expect(parsed.ignored).to.deep.equal(['#uitspraak gegrond']);
    expect(parsed.freeText).to.contain('#uitspraak gegrond');
  });

  it('commands separated by blank lines still form the leading block', () => {
    const parsed = parseCommands('Re: [KL-2026-0007] Brief', '#taal en\n\n#verleng 5 drukte\n\nGroet, Anna\n#sluit');
    expect(parsed.commands.map((c) => c.name)).to.deep.equal(['taal', 'verleng']);
    expect(parsed.ignored).to.deep.equal(['#sluit']);
  });

  it('a subject command starts the block; prose in the body ends it', () => {
    const parsed = parseCommands('Re: [KL-2026-0007] #uitspraak gegrond', 'De klacht is gegrond.\n#sluit');
    expect(parsed.commands).to.deep.equal([{ name: 'uitspraak', outcome: 'gegrond', withoutHearing: false, grounds: 'De klacht is gegrond.\n#sluit' }]);
    expect(parsed.ignored).to.deep.equal(['#sluit']);
  });
});
