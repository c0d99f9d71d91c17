/**
 * Reasons of #verleng and #afwezig as categories (issue 14 §5), and the one range of #verleng
 * (issue 14 §6b): a table over what commissioners write, the parser, #help and the README.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommands, COMMAND_TABLE } from '../../src/domain/commands.js';
import { DEFAULT_REASON_CATEGORIES, EXTENSION_WD, isReasonProblem, splitReason } from '../../src/domain/extension-reasons.js';
import { loadConfig } from '../../src/config.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const C = DEFAULT_REASON_CATEGORIES;

describe('extension reasons: a category from the list, the rest for the file only', () => {
  const table: [string | null, string, string][] = [
    ['ziekte van Jan Jansen jan@example.test 0612345678', 'ziekte', 'van Jan Jansen jan@example.test 0612345678'],
    ['Ziekte', 'ziekte', ''],
    ['vakantie: drie weken Frankrijk', 'vakantie', 'drie weken Frankrijk'],
    ['wegens ziekte van de commissaris', 'ziekte', 'van de commissaris'],
    ['i.v.m. vakantie', 'vakantie', ''],
    ['deskundige (rapport laat op zich wachten)', 'deskundige', 'rapport laat op zich wachten)'],
    ['because of illness', 'ziekte', ''],
    ['holiday in Spain', 'vakantie', 'in Spain'],
    ['overig, verhuizing', 'overig', 'verhuizing'],
    [null, 'overig', ''],
    ['   ', 'overig', ''],
  ];
  for (const [text, category, note] of table) {
    it(`when the reason is ${JSON.stringify(text)}, then the category is ${category}`, () => {
      expect(splitReason(text, C)).to.deep.equal({ category, note });
    });
  }

  it('when the reason does not start with a category, then it is a problem that lists the categories', () => {
    const r = splitReason('Jan Jansen is ziek', C);
    expect(isReasonProblem(r)).to.equal(true);
    expect((r as { problem: string }).problem).to.include('ziekte, vakantie, deskundige, overig').and.include('"jan"');
  });

  it('when the practice configures its own list, then only those are categories (an alias of a missing one is not)', () => {
    expect(splitReason('verbouwing van de praktijk', ['verbouwing', 'overig'])).to.deep.equal({ category: 'verbouwing', note: 'van de praktijk' });
    expect(isReasonProblem(splitReason('illness', ['verbouwing', 'overig']))).to.equal(true);
  });

  const env = {
    IMAP_HOST: 'imap.example.test', IMAP_USER: 'k', IMAP_PASSWORD: 'x', SMTP_HOST: 'smtp.example.test', MAIL_FROM: 'klachten@example.test',
    COMMISSIONER_EMAILS: 'c@example.test', COMMISSIONER_NAME: 'C', PRACTICE_NAME: 'P',
  };
  it('when EXTENSION_REASONS is not set, then the four defaults apply; a list without overig is refused', () => {
    expect(loadConfig(env).extensionReasons).to.deep.equal(['ziekte', 'vakantie', 'deskundige', 'overig']);
    expect(loadConfig({ ...env, EXTENSION_REASONS: 'Ziekte, verbouwing,overig' }).extensionReasons).to.deep.equal(['ziekte', 'verbouwing', 'overig']);
    expect(() => loadConfig({ ...env, EXTENSION_REASONS: 'ziekte,vakantie' })).to.throw(/EXTENSION_REASONS: must include 'overig'/);
    expect(() => loadConfig({ ...env, EXTENSION_REASONS: 'ziekte,<b>,overig' })).to.throw(/EXTENSION_REASONS/);
  });
});

describe('#verleng: one range for the parser, #help, the use-case and the README', () => {
  const parse = (n: number) => parseCommands(`[KL-2026-0001] #verleng ${n} ziekte`, '');
  it(`when N is ${EXTENSION_WD.min} or ${EXTENSION_WD.max}, then it parses; one beyond either end is an error`, () => {
    expect(parse(EXTENSION_WD.min).commands).to.have.length(1);
    expect(parse(EXTENSION_WD.max).commands).to.have.length(1);
    for (const n of [EXTENSION_WD.min - 1, EXTENSION_WD.max + 1]) {
      const p = parse(n);
      expect(p.commands, String(n)).to.have.length(0);
      expect(JSON.stringify(p.errors)).to.include(`${EXTENSION_WD.min} tot en met ${EXTENSION_WD.max}`);
    }
  });
  it('when #help and the README describe it, then they give the same range', () => {
    const help = COMMAND_TABLE.find((r) => r.name === 'verleng')!;
    expect(JSON.stringify(help)).to.include(`(${EXTENSION_WD.min}-${EXTENSION_WD.max})`);
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).to.include(`(${EXTENSION_WD.min}–${EXTENSION_WD.max})`);
    expect(readme).not.to.match(/1[-–]100/);
  });
});
