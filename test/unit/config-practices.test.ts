/**
 * PRACTICES_FILE (issue 16 item 1): a file with every kind of mistake names each one at once, in
 * ConfigError's style; YAML and JSON load alike; the procedures merge over their preset and a
 * Wkkgz practice cannot lengthen the law's term; without the file the environment makes the one
 * practice the desk always had.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config.js';
import { LUX, WKKGZ, luxWithTerms } from '../../src/domain/procedure.js';
import { ConfigError } from '../../src/errors/index.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { problemsOf } from '../support/config-problems.js';

const DESK = {
  IMAP_HOST: 'imap.example.nl', IMAP_USER: 'klachten@example.nl', IMAP_PASSWORD: 'secret', SMTP_HOST: 'smtp.example.nl',
  MAIL_FROM: 'klachten@example.nl', COMMISSIONER_EMAILS: 'maja@roozmondmediation.nl', COMMISSIONER_NAME: 'M. Roozmond',
};


const ONE = (extra = '') => `practices:
  - id: lux
    name: Praktijk LUX
    ownerEmails: eigenaar@praktijklux.nl
    casePrefix: LUX
    procedure: lux
${extra}`;

describe('config: PRACTICES_FILE', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'cd-practices-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const fileWith = (text: string, ext = 'yaml') => {
    const f = join(dir, `p${++n}.${ext}`);
    writeFileSync(f, text);
    return f;
  };
  const load = (text: string, ext = 'yaml', env: Record<string, string> = {}) => loadConfig({ ...DESK, ...env, PRACTICES_FILE: fileWith(text, ext) });
  const problems = (text: string, ext = 'yaml', env: Record<string, string> = {}) => problemsOf({ ...DESK, ...env, PRACTICES_FILE: fileWith(text, ext) });

  it('when the example file of docs/ is read, then it is valid: lux on its preset, zorg on wkkgz with its own folder', () => {
    const c = loadConfig({ ...DESK, PRACTICES_FILE: join(PROJECT_ROOT, 'docs', 'practices.example.yaml') });
    const [lux, zorg] = c.practices.practices;
    expect(c.practices).to.include({ holdPrefix: 'KL', single: false });
    expect(lux).to.deep.include({ id: 'lux', casePrefix: 'LUX', ownerEmails: ['eigenaar@praktijklux.nl'], procedure: LUX });
    expect(lux!.recognise).to.deep.equal({ addresses: ['klachten@praktijklux.nl'], plusTags: ['lux'], folders: [] });
    expect(zorg).to.deep.include({ id: 'zorg', casePrefix: 'ZRG', language: 'nl', disputesBody: 'De Geschillencommissie Zorg' });
    expect(zorg!.procedure).to.deep.equal({ ...WKKGZ, terms: { ...WKKGZ.terms, ack: { length: 5, unit: 'working-days' } } });
    expect(zorg!.recognise.folders).to.deep.equal(['Klachten/De Linde']);
  });

  it('when the same practices are written in JSON, then they load exactly as from YAML', () => {
    const yaml = load(`holdPrefix: NN
practices:
  - id: lux
    name: Praktijk LUX
    ownerEmails: ['"E. Hafkamp" <Eigenaar@PraktijkLux.nl>']
    casePrefix: LUX
    language: en
    procedure: { preset: lux, handle: 20 wd, appeal: none }
    recognise: { addresses: Klachten@PraktijkLux.nl, plusTags: [LUX] }
`);
    const json = load(JSON.stringify({
      holdPrefix: 'NN',
      practices: [{
        id: 'lux', name: 'Praktijk LUX', ownerEmails: ['"E. Hafkamp" <Eigenaar@PraktijkLux.nl>'], casePrefix: 'LUX', language: 'en',
        procedure: { preset: 'lux', handle: { length: 20, unit: 'working-days' }, appeal: 'none' },
        recognise: { addresses: ['Klachten@PraktijkLux.nl'], plusTags: ['LUX'] },
      }],
    }, null, 2), 'json');
    expect(json.practices).to.deep.equal(yaml.practices);
    const p = yaml.practices.practices[0]!;
    expect(p.ownerEmails).to.deep.equal(['eigenaar@praktijklux.nl']);
    expect(p.recognise).to.deep.equal({ addresses: ['klachten@praktijklux.nl'], plusTags: ['lux'], folders: [] });
    expect(p.procedure.terms.handle).to.deep.equal({ length: 20, unit: 'working-days' });
    expect(p.procedure.terms.appeal).to.equal(null);
    expect(p.procedure.terms.ack).to.deep.equal(LUX.terms.ack);
  });

  it('when one file holds every kind of mistake, then each is named in one ConfigError', () => {
    const listed = problems(`holdPrefix: KL
practices:
  - id: Lux!
    name: Praktijk LUX
    ownerEmails: not-an-address
    casePrefix: LUX
    procedure: lux
  - id: zorg
    name: Zorg Noord
    ownerEmails: klachten@example.nl
    casePrefix: KL
    procedure: { preset: wkkgz, handle: 8 weeks }
    recognise:
      addresses: [intake@zorgnoord.nl]
      folders: [Klachten/Verwerkt]
  - id: zorg
    name: Zorg Zuid
    ownerEmails: maja@roozmondmediation.nl
    casePrefix: LUX
    procedure: { preset: nhg }
    templatesDir: ./missing-templates
    recognise:
      addresses: [Intake@ZorgNoord.nl]
  - id: derde
    name: Derde
    ownerEmails: e@derde.nl
    casePrefix: DRD
    casPrefix: DRD
    procedure: { preset: lux, ack: ten days }
`);
    const expected: [string, RegExp][] = [
      ['bad id', /^PRACTICES_FILE practices\[1\] \(Lux!\)\.id: must be 1-32 lower-case letters.* \(got 'Lux!'\) at line 3$/],
      ['bad owner address', /^PRACTICES_FILE practices\[1\] \(Lux!\)\.ownerEmails: must be an e-mail address.*\(got 'not-an-address'\) at line 5$/],
      ['owner = own address', /^PRACTICES_FILE practices\[2\] \(zorg\)\.ownerEmails: klachten@example\.nl is the service's own address/],
      ['prefix = holdPrefix', /^PRACTICES_FILE practices\[2\] \(zorg\)\.casePrefix: must differ from holdPrefix KL/],
      ['wkkgz handle lengthened', /^PRACTICES_FILE practices\[2\] \(zorg\)\.procedure\.handle: may be at most 6 weeks, the law's term \(Wkkgz art\. 17 lid 1\)/],
      ['folder = processed mailbox', /^PRACTICES_FILE practices\[2\] \(zorg\)\.recognise\.folders\[1\]: Klachten\/Verwerkt is IMAP_PROCESSED_MAILBOX/],
      ['duplicate id', /^PRACTICES_FILE practices\[3\] \(zorg\)\.id: 'zorg' is also the id of practices\[2\] \(zorg\) at line 16$/],
      ['owner = commissioner', /^PRACTICES_FILE practices\[3\] \(zorg\)\.ownerEmails: maja@roozmondmediation\.nl is a commissioner's address/],
      ['duplicate prefix', /^PRACTICES_FILE practices\[3\] \(zorg\)\.casePrefix: LUX is also the prefix of practices\[1\] \(Lux!\)/],
      ['unknown preset', /^PRACTICES_FILE practices\[3\] \(zorg\)\.procedure\.preset: must be lux or wkkgz .*\(got 'nhg'\)/],
      ['templatesDir missing', /^PRACTICES_FILE practices\[3\] \(zorg\)\.templatesDir: .*missing-templates does not exist/],
      ['duplicate recognition address', /^PRACTICES_FILE practices\[3\] \(zorg\)\.recognise\.addresses\[1\]: intake@zorgnoord\.nl is also recognised for practices\[2\] \(zorg\)/],
      ['unknown key', /^PRACTICES_FILE practices\[4\] \(derde\)\.casPrefix: is not a key here \(known: id, name, ownerEmails, ownerName, casePrefix,.*\) at line 28$/],
      ['bad term string', /^PRACTICES_FILE practices\[4\] \(derde\)\.procedure\.ack: must be a term such as '10 wd' or '6 weeks'.*\(got 'ten days'\) at line 29$/],
    ];
    for (const [what, re] of expected) expect(listed.some((p) => re.test(p)), `${what} in\n${listed.join('\n')}`).to.equal(true);
    expect(listed, listed.join('\n')).to.have.length(expected.length);
  });

  describe('each kind of mistake alone, in an otherwise good file, is the one problem named', () => {
    type P = Record<string, unknown>;
    const good = (): { holdPrefix?: string; practices: P[] } => ({
      practices: [
        { id: 'lux', name: 'Praktijk LUX', ownerEmails: 'eigenaar@praktijklux.nl', casePrefix: 'LUX', procedure: 'lux', recognise: { addresses: ['klachten@praktijklux.nl'], plusTags: ['lux'] } },
        { id: 'zorg', name: 'Zorg Noord', ownerEmails: ['directie@zorgnoord.nl'], casePrefix: 'ZRG', procedure: { preset: 'wkkgz' }, recognise: { folders: ['Klachten/Zorg'] } },
      ],
    });
    const table: [string, (f: ReturnType<typeof good>) => void, RegExp][] = [
      ['bad id', (f) => (f.practices[1]!.id = 'zorg praktijk'), /^PRACTICES_FILE practices\[2\] \(zorg praktijk\)\.id: must be 1-32 lower-case/],
      ['id none (it stands for the cases of no practice)', (f) => (f.practices[1]!.id = 'none'), /^PRACTICES_FILE practices\[2\] \(none\)\.id: may not be none/],
      ['duplicate id', (f) => (f.practices[1]!.id = 'lux'), /^PRACTICES_FILE practices\[2\] \(lux\)\.id: 'lux' is also the id of practices\[1\] \(lux\)/],
      ['duplicate name', (f) => (f.practices[1]!.name = 'praktijk lux'), /^PRACTICES_FILE practices\[2\] \(zorg\)\.name: 'praktijk lux' is also the name of practices\[1\] \(lux\)/],
      ['duplicate prefix', (f) => (f.practices[1]!.casePrefix = 'LUX'), /^PRACTICES_FILE practices\[2\] \(zorg\)\.casePrefix: LUX is also the prefix of practices\[1\] \(lux\)/],
      ['prefix = holdPrefix', (f) => (f.holdPrefix = 'ZRG'), /^PRACTICES_FILE practices\[2\] \(zorg\)\.casePrefix: must differ from holdPrefix ZRG/],
      ['bad holdPrefix', (f) => (f.holdPrefix = 'k-l'), /^PRACTICES_FILE holdPrefix: must be 1-8 capitals\/digits, e\.g\. KL \(got 'k-l'\)/],
      ['bad owner address', (f) => (f.practices[1]!.ownerEmails = ['directie@zorgnoord.nl', 'directie at zorgnoord']), /^PRACTICES_FILE practices\[2\] \(zorg\)\.ownerEmails\[2\]: must be an e-mail address/],
      ['no owner', (f) => delete f.practices[0]!.ownerEmails, /^PRACTICES_FILE practices\[1\] \(lux\)\.ownerEmails: is required \(the owner's address/],
      ['owner = MAILBOX_ADDRESS', (f) => (f.practices[0]!.ownerEmails = 'Intake@Example.nl'), /^PRACTICES_FILE practices\[1\] \(lux\)\.ownerEmails: intake@example\.nl is the service's own address/],
      ['unknown preset', (f) => (f.practices[0]!.procedure = 'nhg'), /^PRACTICES_FILE practices\[1\] \(lux\)\.procedure\.preset: must be lux or wkkgz/],
      ['unknown key', (f) => (f.practices[0]!.owner = 'x@y.nl'), /^PRACTICES_FILE practices\[1\] \(lux\)\.owner: is not a key here \(known: id, name, ownerEmails/],
      ['unknown top-level key', (f) => Object.assign(f, { practises: [] }), /^PRACTICES_FILE practises: is not a key here \(known: holdPrefix, practices\)/],
      ['unknown key in the procedure', (f) => (f.practices[1]!.procedure = { preset: 'wkkgz', handling: '4 weeks' }), /^PRACTICES_FILE practices\[2\] \(zorg\)\.procedure\.handling: is not a key here \(known: preset, ack/],
      ['bad term string', (f) => (f.practices[0]!.procedure = { preset: 'lux', handle: '30' }), /^PRACTICES_FILE practices\[1\] \(lux\)\.procedure\.handle: must be a term such as '10 wd'/],
      ['wkkgz handle lengthened', (f) => (f.practices[1]!.procedure = { preset: 'wkkgz', handle: '7 weeks' }), /^PRACTICES_FILE practices\[2\] \(zorg\)\.procedure\.handle: may be at most 6 weeks/],
      ['duplicate recognition address', (f) => (f.practices[1]!.recognise = { addresses: 'KLACHTEN@praktijklux.nl' }), /^PRACTICES_FILE practices\[2\] \(zorg\)\.recognise\.addresses: klachten@praktijklux\.nl is also recognised for practices\[1\] \(lux\)/],
      ['folder = processed mailbox', (f) => (f.practices[1]!.recognise = { folders: ['Klachten/Verwerkt'] }), /^PRACTICES_FILE practices\[2\] \(zorg\)\.recognise\.folders\[1\]: Klachten\/Verwerkt is IMAP_PROCESSED_MAILBOX/],
      ['folder = INBOX, in any case', (f) => (f.practices[1]!.recognise = { folders: ['inbox'] }), /^PRACTICES_FILE practices\[2\] \(zorg\)\.recognise\.folders\[1\]: inbox is IMAP_MAILBOX/],
      ['templatesDir missing', (f) => (f.practices[0]!.templatesDir = 'lux-letters'), /^PRACTICES_FILE practices\[1\] \(lux\)\.templatesDir: .*lux-letters does not exist/],
      ['a name of two lines', (f) => (f.practices[0]!.name = 'Praktijk\nLUX'), /^PRACTICES_FILE practices\[1\] \(lux\)\.name: must be one line of text/],
      ['empty practices list', (f) => (f.practices = []), /^PRACTICES_FILE practices: must hold at least one practice/],
    ];
    it('when the good file is read, then it has no problem', () => {
      expect(load(stringify(good())).practices.practices.map((p) => p.id)).to.deep.equal(['lux', 'zorg']);
    });
    for (const [what, spoil, re] of table) {
      it(`when ${what}, then that alone is named`, () => {
        const f = good();
        spoil(f);
        const listed = problems(stringify(f), 'yaml', { MAILBOX_ADDRESS: 'intake@example.nl' });
        expect(listed, listed.join('\n')).to.have.length(1);
        expect(listed[0]).to.match(re);
      });
    }
  });

  it('when a casePrefix is in lower case, then the line says so in the style of the environment keys', () => {
    expect(problems(ONE().replace('casePrefix: LUX', 'casePrefix: lux'))).to.deep.equal([
      "PRACTICES_FILE practices[1] (lux).casePrefix: must be 1-8 capitals/digits, e.g. KL (got 'lux') at line 5",
    ]);
  });

  it('when the practices list is empty or missing, then that is the problem', () => {
    expect(problems('practices: []\n')).to.deep.equal(['PRACTICES_FILE practices: must hold at least one practice at line 1']);
    expect(problems('holdPrefix: KL\n')[0]).to.match(/^PRACTICES_FILE practices: is required \(one or more practices\)/);
    expect(problems('')).to.deep.equal(['PRACTICES_FILE (the file): must be a mapping with practices: (and optionally holdPrefix:)']);
  });

  it('when the YAML is not well-formed, then each error names its line and column', () => {
    const listed = problems('practices:\n  - id: lux\n    name: "Praktijk LUX\n');
    expect(listed).to.have.length.greaterThan(0);
    expect(listed[0]).to.match(/^PRACTICES_FILE .*p\d+\.yaml line 4, column 1: Missing closing "quote$/);
    expect(problems('practices:\n  - id: lux\n    id: zorg\n')[0]).to.match(/line 3, column 5: Map keys must be unique$/);
    expect(problems(`${ONE()}---\n${ONE()}`)[0]).to.match(/line 7, column 1: a second document begins here \(---\); the practices are one document$/);
    // An alias that expands a thousandfold is refused, not expanded.
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 8; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    expect(problems(bomb)).to.have.length(1).and.satisfy((l: string[]) => /^PRACTICES_FILE .*: Excessive alias count/.test(l[0]!));
  });

  it('when JSON is not well-formed, then its line and column are named too', () => {
    expect(problems('{\n  "practices": [,]\n}\n', 'json')[0]).to.match(/^PRACTICES_FILE .*\.json line 2, column \d+: /);
  });

  it('when the file is missing, a folder, or not YAML or JSON, then one line says so', () => {
    expect(problemsOf({ ...DESK, PRACTICES_FILE: join(dir, 'nowhere.yaml') })).to.deep.equal([`PRACTICES_FILE: cannot read ${join(dir, 'nowhere.yaml')}: there is no such file`]);
    mkdirSync(join(dir, 'folder.yaml'));
    expect(problemsOf({ ...DESK, PRACTICES_FILE: join(dir, 'folder.yaml') })).to.deep.equal([`PRACTICES_FILE: cannot read ${join(dir, 'folder.yaml')}: it is a folder`]);
    expect(problemsOf({ ...DESK, PRACTICES_FILE: 'practices.toml' })).to.deep.equal(["PRACTICES_FILE: must name a .yaml, .yml or .json file (got 'practices.toml')"]);
  });

  it('when a Wkkgz practice shortens the law\'s terms, then it may; lengthening, another unit or another start is refused with the reason', () => {
    const wk = (proc: string) => ONE().replace('procedure: lux', `procedure: ${proc}`);
    const shorter = load(wk('{ preset: wkkgz, handle: 4 weeks, extension: { maxTotal: 2 weeks } }')).practices.practices[0]!.procedure;
    expect(shorter.terms.handle).to.deep.equal({ length: 4, unit: 'weeks' });
    expect(shorter.extension).to.deep.equal({ ...WKKGZ.extension, maxTotal: { length: 2, unit: 'weeks' } });
    const refused = problems(wk('{ preset: wkkgz, handle: 30 wd, handleFrom: acknowledgement, extension: { maxTimes: 2, maxTotal: unlimited, beforeDue: false } }'));
    expect(refused.map((p) => p.replace(/:.*/, ''))).to.deep.equal([
      'PRACTICES_FILE practices[1] (lux).procedure.handle', 'PRACTICES_FILE practices[1] (lux).procedure.handleFrom',
      'PRACTICES_FILE practices[1] (lux).procedure.extension.maxTimes', 'PRACTICES_FILE practices[1] (lux).procedure.extension.maxTotal',
      'PRACTICES_FILE practices[1] (lux).procedure.extension.beforeDue',
    ]);
    expect(refused[0]).to.include('a practice may shorten it, not lengthen it');
    // The seed's own procedure is the practice's to set: a longer handling term is its choice.
    expect(load(wk('{ preset: lux, handle: 40 wd }')).practices.practices[0]!.procedure.terms.handle).to.deep.equal({ length: 40, unit: 'working-days' });
  });

  it('when a term is out of range or of an unknown unit, then it is named', () => {
    const t = (v: string) => problems(ONE().replace('procedure: lux', `procedure: { preset: lux, present: ${v} }`))[0];
    expect(t('0 wd')).to.match(/procedure\.present: must be a whole number of working days from 1 to 400/);
    expect(t('81 weeks')).to.match(/procedure\.present: must be a whole number of weeks from 1 to 80/);
    expect(t('3 months')).to.match(/procedure\.present: .*the unit is wd \(working days\) or weeks/);
    expect(t('{ length: 3, unit: wd, from: receipt }')).to.match(/'from' is not a key of a term/);
  });

  it('when a plus-tag or an intake folder is claimed twice, or a recognition address is the desk\'s own, then each is named', () => {
    const listed = problems(`practices:
  - { id: a, name: A, ownerEmails: a@a.nl, casePrefix: AA, procedure: lux, recognise: { plusTags: [Zorg], folders: [Klachten/A] } }
  - { id: b, name: B, ownerEmails: b@b.nl, casePrefix: BB, procedure: lux, recognise: { plusTags: zorg, folders: [klachten/a], addresses: [Klachten@Example.nl] } }
  - { id: c, name: C, ownerEmails: [c@c.nl, "b@x.nl"], casePrefix: CC, procedure: lux, recognise: { addresses: [b@x.nl] } }
`);
    expect(listed).to.deep.equal([
      'PRACTICES_FILE practices[2] (b).recognise.addresses[1]: klachten@example.nl is the desk\'s own address (MAIL_FROM or MAILBOX_ADDRESS), which every complaint is sent to; name an alias or a plus-address at line 3',
      'PRACTICES_FILE practices[2] (b).recognise.plusTags: +zorg is also the plus-tag of practices[1] (a) at line 3',
      'PRACTICES_FILE practices[2] (b).recognise.folders[1]: klachten/a is also the intake folder of practices[1] (a) at line 3',
      'PRACTICES_FILE practices[3] (c).ownerEmails[2]: b@x.nl is an address complaints are recognised by (for practices[3] (c)): it reaches this mailbox, so the owner\'s letters would come back to it at line 4',
    ]);
  });

  it('when a templates folder is named, then it is found relative to the practices file', () => {
    mkdirSync(join(dir, 'sub', 'letters-lux'), { recursive: true });
    const f = join(dir, 'sub', 'practices.yml');
    writeFileSync(f, ONE('    templatesDir: letters-lux\n'));
    expect(loadConfig({ ...DESK, PRACTICES_FILE: f }).practices.practices[0]!.templatesDir).to.equal(join(dir, 'sub', 'letters-lux'));
    writeFileSync(join(dir, 'sub', 'a-file'), 'x');
    writeFileSync(f, ONE('    templatesDir: a-file\n'));
    expect(problemsOf({ ...DESK, PRACTICES_FILE: f })[0]).to.match(/templatesDir: .*a-file is not a folder at line 7$/);
  });

  it('when the environment and the file are both wrong, then every problem of both is in the one ConfigError', () => {
    const listed = problems(ONE().replace('id: lux', 'id: LUX'), 'yaml', { IMAP_PORT: 'x', CASE_PREFIX: 'KL', TERM_HANDLE_WD: '30' });
    expect(listed.some((p) => p.startsWith('IMAP_PORT: must be a whole number'))).to.equal(true);
    expect(listed.some((p) => p.startsWith('PRACTICES_FILE practices[1] (LUX).id:'))).to.equal(true);
    expect(listed).to.include("CASE_PREFIX: is for a desk without PRACTICES_FILE; with the file, each practice's casePrefix, and the holdPrefix of held cases, is written there: leave CASE_PREFIX empty");
    expect(listed).to.include("TERM_HANDLE_WD: is for a desk without PRACTICES_FILE; with the file, each practice's procedure (handle: 30 wd) is written there: leave TERM_HANDLE_WD empty");
  });

  it('when the file is set, then PRACTICE_NAME is optional: the desk is named by it, or by its practices', () => {
    const two = ONE() + `  - { id: zorg, name: Zorg Noord, ownerEmails: z@z.nl, casePrefix: ZRG, procedure: wkkgz }\n`;
    expect(load(two).practiceName).to.equal('Praktijk LUX & Zorg Noord');
    expect(load(two, 'yaml', { PRACTICE_NAME: 'Roozmond Mediation' }).practiceName).to.equal('Roozmond Mediation');
    const one = load(ONE());
    expect(one.practiceName).to.equal('Praktijk LUX');
    // single means "no PRACTICES_FILE": with the file, an unrecognised complaint is held even with one practice.
    expect(one.practices).to.include({ single: false, holdPrefix: 'KL' });
    expect(one.casePrefix).to.equal('KL');
    expect(one.practiceOwnerEmail).to.equal(undefined);
    expect(one.practices.practices[0]!.language).to.equal('nl');
    expect(load(ONE(), 'yaml', { DEFAULT_LANGUAGE: 'en' }).practices.practices[0]!.language).to.equal('en');
  });
});

describe('config: without PRACTICES_FILE, the one practice of the environment', () => {
  it('when only the old keys are set, then config.practices is exactly the desk of today', () => {
    const c = loadConfig({
      ...DESK, PRACTICE_NAME: 'Praktijk LUX', PRACTICE_OWNER_EMAIL: '"E. Hafkamp" <Eigenaar@PraktijkLux.nl>', PRACTICE_OWNER_NAME: 'Emma Hafkamp',
      CASE_PREFIX: 'LUX', DEFAULT_LANGUAGE: 'en', TERM_ACK_WD: '5', TERM_PRESENT_WD: '6', TERM_RESPONSE_WD: '7', TERM_HANDLE_WD: '25', TERM_APPEAL_WD: '15', TERM_APPEAL_HANDLE_WD: '20',
    });
    expect(c.practices).to.deep.equal({
      single: true,
      holdPrefix: 'LUX',
      practices: [{
        id: 'lux', name: c.practiceName, ownerEmails: [c.practiceOwnerEmail], ownerName: c.practiceOwnerName, casePrefix: c.casePrefix,
        language: c.defaultLanguage, procedure: luxWithTerms(c.terms), recognise: { addresses: [], plusTags: [], folders: [] },
      }],
    });
    expect([c.practiceName, c.practiceOwnerEmail, c.practiceOwnerName, c.casePrefix, c.defaultLanguage]).to.deep.equal(['Praktijk LUX', 'eigenaar@praktijklux.nl', 'Emma Hafkamp', 'LUX', 'en']);
    expect(c.practices.practices[0]!.procedure).to.deep.equal({
      ...LUX,
      terms: {
        ack: { length: 5, unit: 'working-days' }, present: { length: 6, unit: 'working-days' }, response: { length: 7, unit: 'working-days' },
        handle: { length: 25, unit: 'working-days' }, appeal: { length: 15, unit: 'working-days' }, appealHandle: { length: 20, unit: 'working-days' },
      },
    });
  });

  it('when the defaults apply, then the practice is kl on the seed\'s procedure, without an owner', () => {
    const c = loadConfig({ ...DESK, PRACTICE_NAME: 'Praktijk LUX' });
    expect(c.practices.practices).to.have.length(1);
    expect(c.practices.practices[0]).to.deep.include({ id: 'kl', casePrefix: 'KL', ownerEmails: [], ownerName: undefined, procedure: LUX });
  });

  it('when PRACTICE_NAME is missing or blank, then it is still required', () => {
    expect(problemsOf(DESK)).to.deep.equal(['PRACTICE_NAME: is required (the practice, as letters name it)']);
    expect(problemsOf({ ...DESK, PRACTICE_NAME: '  ' })).to.deep.equal(['PRACTICE_NAME: is required (the practice, as letters name it)']);
  });
});
