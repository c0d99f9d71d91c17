import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { COMMAND_TABLE, parseCommands, stripQuoted, type Command, type CommandName } from '../../src/domain/commands.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const reply = (name: string): string => readFileSync(join(PROJECT_ROOT, 'test/fixtures/replies', name), 'utf8');

const TAG = '[KL-2026-0007]';
const GROUNDS = 'De praktijk heeft de afspraak niet nagekomen.';

/** Each command once in Dutch and once in English, with the command it must yield. */
const VALID: { nl: string; en: string; want: Command }[] = [
  { nl: '#ontvangst', en: '#acknowledge', want: { name: 'ontvangst' } },
  { nl: '#geen-klacht', en: '#dismiss', want: { name: 'geen-klacht', reason: null } },
  { nl: '#geen-klacht vraag om informatie', en: '#dismiss vraag om informatie', want: { name: 'geen-klacht', reason: 'vraag om informatie' } },
  { nl: '#nieuw B. Bakker <B.Bakker@Example.com>', en: '#new B. Bakker <b.bakker@example.com>', want: { name: 'nieuw', partyName: 'B. Bakker', email: 'b.bakker@example.com' } },
  { nl: '#beklaagde Piet de Vries <piet@praktijk.nl>', en: '#accused Piet de Vries <piet@praktijk.nl>', want: { name: 'beklaagde', partyName: 'Piet de Vries', email: 'piet@praktijk.nl' } },
  { nl: '#beklaagde piet@praktijk.nl', en: '#accused <piet@praktijk.nl>', want: { name: 'beklaagde', partyName: '', email: 'piet@praktijk.nl' } },
  { nl: '#beklaagde "Vries, Piet de" <piet@praktijk.nl>', en: '#accused Vries, Piet de piet@praktijk.nl', want: { name: 'beklaagde', partyName: 'Vries, Piet de', email: 'piet@praktijk.nl' } },
  { nl: '#hoorzitting 2026-03-04 10:00 samen', en: '#hearing 2026-03-04 10:00 together', want: { name: 'hoorzitting', date: '2026-03-04', time: '10:00', mode: 'samen', place: null } },
  { nl: '#hoorzitting 2026-03-04 9.30 apart Spreekkamer 3, Utrecht', en: '#hearing 2026-03-04 9:30 separately Spreekkamer 3, Utrecht', want: { name: 'hoorzitting', date: '2026-03-04', time: '09:30', mode: 'apart', place: 'Spreekkamer 3, Utrecht' } },
  { nl: '#deskundige Dr. K. Smit <k.smit@deskundigen.example>', en: '#expert Dr. K. Smit <k.smit@deskundigen.example>', want: { name: 'deskundige', partyName: 'Dr. K. Smit', email: 'k.smit@deskundigen.example' } },
  { nl: '#verleng 10', en: '#extend 10', want: { name: 'verleng', days: 10, reason: null } },
  { nl: '#verleng 5 werkdagen wegens ziekte', en: '#extend 5 working days wegens ziekte', want: { name: 'verleng', days: 5, reason: 'wegens ziekte' } },
  { nl: '#verleng 4 weken onderzoek', en: '#extend 4 weeks onderzoek', want: { name: 'verleng', days: 4, unit: 'weeks', reason: 'onderzoek' } },
  { nl: '#verleng 2 weken instemming onderzoek duurt langer', en: '#extend 2 weeks consent onderzoek duurt langer', want: { name: 'verleng', days: 2, unit: 'weeks', consent: true, reason: 'onderzoek duurt langer' } },
  { nl: '#verleng 10 met instemming van de klager overig', en: '#extend 10 working days with consent of the complainant overig', want: { name: 'verleng', days: 10, consent: true, reason: 'overig' } },
  { nl: '#verleng 1 week weekendwerk', en: '#extend 1 weeks weekendwerk', want: { name: 'verleng', days: 1, unit: 'weeks', reason: 'weekendwerk' } },
  { nl: '#afwezig 2026-07-20 2026-08-07 vakantie', en: '#absent 2026-07-20 to 2026-08-07 vakantie', want: { name: 'afwezig', from: '2026-07-20', to: '2026-08-07', reason: 'vakantie' } },
  { nl: '#afwezig 2026-07-20 t/m 2026-07-20', en: '#absent 2026-07-20 2026-07-20', want: { name: 'afwezig', from: '2026-07-20', to: '2026-07-20', reason: null } },
  { nl: '#uitspraak gegrond', en: '#decision upheld', want: { name: 'uitspraak', outcome: 'gegrond', grounds: GROUNDS, withoutHearing: false } },
  { nl: '#uitspraak ongegrond', en: '#decision rejected', want: { name: 'uitspraak', outcome: 'ongegrond', grounds: GROUNDS, withoutHearing: false } },
  { nl: '#uitspraak deels gegrond', en: '#decision partly-upheld', want: { name: 'uitspraak', outcome: 'deels-gegrond', grounds: GROUNDS, withoutHearing: false } },
  { nl: '#uitspraak niet-ontvankelijk', en: '#decision inadmissible', want: { name: 'uitspraak', outcome: 'niet-ontvankelijk', grounds: GROUNDS, withoutHearing: false } },
  { nl: '#uitspraak gegrond zonder-hoorzitting', en: '#decision upheld without-hearing', want: { name: 'uitspraak', outcome: 'gegrond', grounds: GROUNDS, withoutHearing: true } },
  { nl: '#splits 42', en: '#split 42', want: { name: 'splits', messageRef: 42 } },
  { nl: '#beroep ontvankelijk', en: '#appeal admissible', want: { name: 'beroep', admissible: true, reason: null } },
  { nl: '#beroep niet-ontvankelijk geen nieuwe feiten', en: '#appeal inadmissible geen nieuwe feiten', want: { name: 'beroep', admissible: false, reason: 'geen nieuwe feiten' } },
  { nl: '#ingetrokken', en: '#withdrawn', want: { name: 'ingetrokken' } },
  { nl: '#sluit', en: '#close', want: { name: 'sluit', reason: null } },
  { nl: '#sluit afgehandeld', en: '#close afgehandeld', want: { name: 'sluit', reason: 'afgehandeld' } },
  { nl: '#notitie klager gebeld', en: '#note klager gebeld', want: { name: 'notitie', text: 'klager gebeld' } },
  { nl: '#taal en', en: '#language EN', want: { name: 'taal', language: 'en' } },
  { nl: '#taal nl', en: '#language dutch', want: { name: 'taal', language: 'nl' } },
  { nl: '#status', en: '#STATUS', want: { name: 'status' } },
  { nl: '#overzicht', en: '#overview', want: { name: 'overzicht', practice: null } },
  { nl: '#overzicht LUX', en: '#overview lux', want: { name: 'overzicht', practice: 'lux' } },
  { nl: '#help', en: '#Help', want: { name: 'help' } },
  { nl: '#bewaar tot 2027-01-31 geschilleninstantie', en: '#hold until 2027-01-31 geschilleninstantie', want: { name: 'bewaar', until: '2027-01-31', reason: 'geschilleninstantie' } },
  { nl: '#bewaar-opheffen', en: '#release', want: { name: 'bewaar-opheffen' } },
  { nl: '#inzage anna@example.nl', en: '#access anna@example.nl', want: { name: 'inzage', email: 'anna@example.nl' } },
  { nl: '#inzage-verzonden <Anna@Example.nl>', en: '#access-sent anna@example.nl', want: { name: 'inzage-verzonden', email: 'anna@example.nl' } },
  { nl: '#dossier', en: '#file', want: { name: 'dossier' } },
  { nl: '#praktijk lux', en: '#practice LUX', want: { name: 'praktijk', practiceId: 'lux' } },
];

describe('parseCommands: every command, Dutch and English, subject and body', () => {
  for (const { nl, en, want } of VALID) {
    for (const line of [nl, en]) {
      // #uitspraak takes its grounds from the body; every other command is tested with an empty body.
      const body = want.name === 'uitspraak' ? GROUNDS : '';
      it(`subject "${TAG} ${line}"`, () => {
        const parsed = parseCommands(`Re: ${TAG} ${line}`, body);
        expect(parsed.errors).to.deep.equal([]);
        expect(parsed.commands).to.deep.equal([want]);
        expect(parsed.caseNumber).to.equal('KL-2026-0007');
      });
      it(`body "${line}"`, () => {
        const parsed = parseCommands(`Re: ${TAG} Uw brief`, `${line}\n\n${body}\n\nMet vriendelijke groet,\nAnna`.replace(/\n\n\n\n/, '\n\n'));
        expect(parsed.errors).to.deep.equal([]);
        const got = parsed.commands[0];
        expect(parsed.commands).to.have.length(1);
        if (got?.name === 'uitspraak') expect(got.grounds).to.equal(`${GROUNDS}\n\nMet vriendelijke groet,\nAnna`);
        else if (got?.name === 'notitie') expect(got.text).to.equal('klager gebeld\n\nMet vriendelijke groet,\nAnna');
        else expect(got).to.deep.equal(want);
      });
    }
  }

  it('covers every command of COMMAND_TABLE', () => {
    const tested = new Set(VALID.map((v) => v.want.name));
    expect(COMMAND_TABLE.map((c) => c.name).filter((n) => !tested.has(n))).to.deep.equal([]);
  });
});

/** Malformed arguments: each must yield one error that names the problem and shows the usage. */
const MALFORMED: { line: string; name: CommandName; problem: RegExp; problemEn: RegExp }[] = [
  { line: '#nieuw', name: 'nieuw', problem: /naam en e-mailadres ontbreken/, problemEn: /missing/ },
  { line: '#praktijk', name: 'praktijk', problem: /de praktijk ontbreekt/, problemEn: /practice is missing/ },
  { line: '#praktijk lux zorg', name: 'praktijk', problem: /"lux zorg" is geen id van een praktijk/, problemEn: /not the id of a practice/ },
  { line: '#nieuw B. Bakker', name: 'nieuw', problem: /"Bakker" is geen geldig e-mailadres/, problemEn: /not a valid e-mail/ },
  { line: '#beklaagde Piet <piet@praktijk>', name: 'beklaagde', problem: /"piet@praktijk" is geen geldig e-mailadres/, problemEn: /not a valid/ },
  { line: '#beklaagde Piet <piet@praktijk.nl> extra', name: 'beklaagde', problem: /niet te lezen als Naam <e-mailadres>/, problemEn: /cannot be read/ },
  { line: '#beklaagde Pi<e>t <piet@praktijk.nl>', name: 'beklaagde', problem: /niet te lezen|tekens die niet kunnen/, problemEn: /./ },
  { line: '#deskundige Dr. Smit <>', name: 'deskundige', problem: /e-mailadres ontbreekt/, problemEn: /missing/ },
  { line: '#hoorzitting', name: 'hoorzitting', problem: /datum, tijd en samen\|apart ontbreken/, problemEn: /missing/ },
  { line: '#hoorzitting 2026-02-30 10:00 samen', name: 'hoorzitting', problem: /2026-02-30 is geen bestaande datum/, problemEn: /not an existing date/ },
  { line: '#hoorzitting 4-3-2026 10:00 samen', name: 'hoorzitting', problem: /geen datum in de vorm JJJJ-MM-DD/, problemEn: /YYYY-MM-DD/ },
  { line: '#hoorzitting 2026-03-04', name: 'hoorzitting', problem: /tijd ontbreekt/, problemEn: /time is missing/ },
  { line: '#hoorzitting 2026-03-04 24:00 samen', name: 'hoorzitting', problem: /"24:00" is geen tijd tussen 00:00 en 23:59/, problemEn: /not a time/ },
  { line: '#hoorzitting 2026-03-04 10:60 samen', name: 'hoorzitting', problem: /geen tijd/, problemEn: /not a time/ },
  { line: '#hoorzitting 2026-03-04 10:00', name: 'hoorzitting', problem: /samen of apart ontbreekt/, problemEn: /together or separately/ },
  { line: '#hoorzitting 2026-03-04 10:00 online', name: 'hoorzitting', problem: /"online": kies samen of apart/, problemEn: /choose together or separately/ },
  { line: '#verleng', name: 'verleng', problem: /aantal werkdagen ontbreekt/, problemEn: /missing/ },
  { line: '#verleng 0', name: 'verleng', problem: /"0" is geen heel getal van 1 tot en met 60/, problemEn: /whole number/ },
  { line: '#verleng 61', name: 'verleng', problem: /geen heel getal/, problemEn: /1 to 60/ },
  { line: '#verleng 2.5', name: 'verleng', problem: /geen heel getal/, problemEn: /whole number/ },
  { line: '#verleng tien', name: 'verleng', problem: /"tien" is geen heel getal/, problemEn: /whole number/ },
  { line: '#verleng 13 weken onderzoek', name: 'verleng', problem: /"13" is geen heel getal van 1 tot en met 12 \(weken\)/, problemEn: /1 to 12 \(weeks\)/ },
  { line: '#afwezig 2026-07-20', name: 'afwezig', problem: /twee datums nodig/, problemEn: /two dates/ },
  { line: '#afwezig 2026-08-07 2026-07-20', name: 'afwezig', problem: /begindatum 2026-08-07 ligt na de einddatum 2026-07-20/, problemEn: /after the end date/ },
  { line: '#afwezig 2026-07-20 2026-13-01', name: 'afwezig', problem: /2026-13-01 is geen bestaande datum/, problemEn: /not an existing date/ },
  { line: '#uitspraak', name: 'uitspraak', problem: /uitkomst ontbreekt/, problemEn: /outcome is missing/ },
  { line: '#uitspraak terecht', name: 'uitspraak', problem: /"terecht" is geen uitkomst/, problemEn: /not an outcome/ },
  { line: '#uitspraak gegrond, zie hieronder', name: 'uitspraak', problem: /geen uitkomst/, problemEn: /not an outcome/ },
  { line: '#beroep', name: 'beroep', problem: /kies ontvankelijk of niet-ontvankelijk/, problemEn: /choose admissible or inadmissible/ },
  { line: '#beroep gegrond', name: 'beroep', problem: /"gegrond": kies ontvankelijk/, problemEn: /admissible/ },
  { line: '#taal', name: 'taal', problem: /kies nl of en/, problemEn: /choose nl or en/ },
  { line: '#taal de', name: 'taal', problem: /"de": kies nl of en/, problemEn: /choose nl or en/ },
  { line: '#ontvangst nu meteen', name: 'ontvangst', problem: /neemt geen argumenten/, problemEn: /no arguments/ },
  { line: '#status KL-2026-0007', name: 'status', problem: /neemt geen argumenten/, problemEn: /no arguments/ },
  { line: '#ingetrokken per brief', name: 'ingetrokken', problem: /neemt geen argumenten/, problemEn: /no arguments/ },
  { line: '#overzicht lux en wkkgz', name: 'overzicht', problem: /geen code van een praktijk/, problemEn: /not a practice's code/ },
  { line: '#notitie', name: 'notitie', problem: /tekst van de notitie ontbreekt/, problemEn: /text of the note is missing/ },
];

describe('parseCommands: malformed arguments', () => {
  for (const m of MALFORMED) {
    it(`"${m.line}" → error with usage`, () => {
      const parsed = parseCommands(`${TAG} Zaak`, `${m.line}\n`);
      const usage = COMMAND_TABLE.find((c) => c.name === m.name)!;
      expect(parsed.commands).to.deep.equal([]);
      expect(parsed.errors).to.have.length(1);
      const err = parsed.errors[0]!;
      expect(err.name).to.equal(m.name);
      expect(err.word).to.equal(m.line.slice(1).split(/\s/)[0]);
      expect(err.problem).to.match(m.problem);
      expect(err.problemEn).to.match(m.problemEn);
      expect(err.usage).to.equal(usage.usage);
      expect(err.usageEn).to.equal(usage.usageEn);
    });
  }

  it('the English word is kept in the error, with the usage of its command', () => {
    const [err] = parseCommands(`${TAG} #hearing 2026-02-30 10:00 together`, '').errors;
    expect(err).to.include({ word: 'hearing', name: 'hoorzitting', usage: '#hoorzitting JJJJ-MM-DD UU:MM samen|apart [plaats]' });
    expect(err!.usageEn).to.equal('#hearing YYYY-MM-DD HH:MM together|separately [place]');
  });

  it('a ruling without grounds is refused, not sent empty', () => {
    const parsed = parseCommands(`${TAG} #uitspraak gegrond`, '\n\n-- \nAnna Jansen\n');
    expect(parsed.commands).to.deep.equal([]);
    expect(parsed.errors).to.have.length(1);
    expect(parsed.errors[0]).to.include({ word: 'uitspraak', name: 'uitspraak' });
    expect(parsed.errors[0]!.problem).to.match(/motivering ontbreekt/);
  });
});

describe('parseCommands: unknown words and prose', () => {
  it('an unknown #word at the start of a line is an error, with a suggestion for a typo', () => {
    const parsed = parseCommands(`${TAG} Zaak`, '#hoorzittng 2026-03-04 10:00 samen');
    expect(parsed.commands).to.deep.equal([]);
    expect(parsed.errors).to.have.length(1);
    expect(parsed.errors[0]).to.include({ word: 'hoorzittng', name: null, usage: '#hoorzitting JJJJ-MM-DD UU:MM samen|apart [plaats]' });
    expect(parsed.errors[0]!.problem).to.match(/#hoorzittng is geen bekende opdracht; bedoelde u #hoorzitting\?/);
    expect(parsed.errors[0]!.problemEn).to.match(/did you mean #hearing\?/);
  });

  it('an unknown word far from any command points to #help', () => {
    const [err] = parseCommands(`${TAG} #vergadering`, '').errors;
    expect(err).to.include({ word: 'vergadering', name: null, usage: '#help', usageEn: '#help' });
  });

  it('trailing punctuation makes the word unknown rather than guessing', () => {
    const [err] = parseCommands(`${TAG} Zaak`, '#sluit.').errors;
    expect(err!.word).to.equal('sluit.');
    expect(err!.problem).to.match(/bedoelde u #sluit\?/);
  });

  it('a # inside prose, or #3, or a subject with # after other words, is no command', () => {
    const parsed = parseCommands(`Re: ${TAG} Vraag over punt #2 en #sluit`, 'Zie punt #3 van de klacht.\n#3 is niet duidelijk.\nIk mail #later.');
    expect(parsed.commands).to.deep.equal([]);
    expect(parsed.errors).to.deep.equal([]);
    expect(parsed.freeText).to.equal('Zie punt #3 van de klacht.\n#3 is niet duidelijk.\nIk mail #later.');
  });

  it('a colon after the word is allowed; indentation and CRLF too', () => {
    const parsed = parseCommands(`${TAG} Zaak`, '  #notitie: gebeld\r\n\t#taal: en\r\n');
    expect(parsed.errors).to.deep.equal([]);
    expect(parsed.commands).to.deep.equal([{ name: 'notitie', text: 'gebeld' }, { name: 'taal', language: 'en' }]);
  });
});

describe('parseCommands: subject', () => {
  const cases: [string, string | null, Command | null][] = [
    [`RE: ${TAG} #sluit`, 'KL-2026-0007', { name: 'sluit', reason: null }],
    [`AW: Antw: Fwd: ${TAG} #status`, 'KL-2026-0007', { name: 'status' }],
    [`Re[2]: ${TAG} Re: #status`, 'KL-2026-0007', { name: 'status' }],
    ['#overzicht', null, { name: 'overzicht', practice: null }],
    ['Re: #overzicht wkkgz', null, { name: 'overzicht', practice: 'wkkgz' }],
    ['Re: #help', null, { name: 'help' }],
    [`Re: ${TAG} Uw klacht`, 'KL-2026-0007', null],
    ['Klacht over #sluit', null, null],
  ];
  for (const [subject, caseNumber, want] of cases) {
    it(`"${subject}"`, () => {
      const parsed = parseCommands(subject, '');
      expect(parsed.errors).to.deep.equal([]);
      expect(parsed.caseNumber).to.equal(caseNumber);
      expect(parsed.commands).to.deep.equal(want ? [want] : []);
    });
  }

  it('needsCase is false only for #nieuw, #overzicht, #help, #inzage and #inzage-verzonden', () => {
    expect(COMMAND_TABLE.filter((c) => !c.needsCase).map((c) => c.name)).to.deep.equal(['nieuw', 'overzicht', 'help', 'inzage', 'inzage-verzonden']);
  });
});

describe('parseCommands: several commands, grounds and notes', () => {
  it('takes the subject command first, then the body commands, in order', () => {
    const parsed = parseCommands(`Re: ${TAG} #beklaagde Piet <piet@praktijk.nl>`, '#taal en\n#verleng 5 drukte\n');
    expect(parsed.errors).to.deep.equal([]);
    expect(parsed.commands).to.deep.equal([
      { name: 'beklaagde', partyName: 'Piet', email: 'piet@praktijk.nl' },
      { name: 'taal', language: 'en' },
      { name: 'verleng', days: 5, reason: 'drukte' },
    ]);
  });

  it('reports every error of a mail, next to the commands that were fine', () => {
    const parsed = parseCommands(`${TAG} #taal en`, '#verleng 0\n#hoorzitting 2026-02-30 10:00 samen\n#status');
    expect(parsed.commands.map((c) => c.name)).to.deep.equal(['taal', 'status']);
    expect(parsed.errors.map((e) => e.name)).to.deep.equal(['verleng', 'hoorzitting']);
  });

  it('#uitspraak in the subject takes the body text as grounds', () => {
    const parsed = parseCommands(`Re: ${TAG} #uitspraak deels-gegrond`, 'Overwegingen:\n\n1. De wachttijd was te lang.\n2. De behandeling was correct.\n');
    expect(parsed.commands).to.deep.equal([
      { name: 'uitspraak', outcome: 'deels-gegrond', grounds: 'Overwegingen:\n\n1. De wachttijd was te lang.\n2. De behandeling was correct.', withoutHearing: false },
    ]);
  });

  it('a note never leaks into the grounds of a ruling', () => {
    const body = '#notitie Intern: twijfelgeval, overlegd met collega.\n\n#uitspraak gegrond\nDe klacht is gegrond.\n';
    const parsed = parseCommands(`${TAG} Uitspraak`, body);
    expect(parsed.commands).to.deep.equal([
      { name: 'notitie', text: 'Intern: twijfelgeval, overlegd met collega.' },
      { name: 'uitspraak', outcome: 'gegrond', grounds: 'De klacht is gegrond.', withoutHearing: false },
    ]);
    expect(parsed.freeText).to.equal('De klacht is gegrond.');
  });

  it('text below #notitie belongs to the note; a ruling left without grounds is refused', () => {
    const parsed = parseCommands(`${TAG} #uitspraak gegrond`, '#notitie memo\nDit is het memo.\n');
    expect(parsed.commands).to.deep.equal([{ name: 'notitie', text: 'memo\nDit is het memo.' }]);
    expect(parsed.errors.map((e) => e.name)).to.deep.equal(['uitspraak']);
  });

  it('#notitie in the subject takes the body as its text', () => {
    const parsed = parseCommands(`${TAG} #notitie telefoon`, 'Klager belde om 10:00.\n');
    expect(parsed.commands).to.deep.equal([{ name: 'notitie', text: 'telefoon\nKlager belde om 10:00.' }]);
    expect(parsed.freeText).to.equal('');
  });
});

/** Real replies: a command on top, quoted text below holding command lines that must not count. */
const FIXTURES: { file: string; commands: Command[]; freeText: string; quoted: RegExp }[] = [
  { file: 'outlook-nl.txt', commands: [{ name: 'beklaagde', partyName: 'Dr. P. de Vries', email: 'p.devries@praktijk-voorbeeld.nl' }], freeText: 'Met vriendelijke groet,\n\nmr. A. (Anna) Jansen\nKlachtencommissaris\nT 030 123 45 67', quoted: /^Van: Klachtenregeling/ },
  { file: 'outlook-en.txt', commands: [{ name: 'hoorzitting', date: '2026-02-17', time: '14:30', mode: 'apart', place: 'Room 2, Main Street 1, Utrecht' }, { name: 'taal', language: 'en' }], freeText: 'Kind regards,\nAnna Jansen', quoted: /^-----Original Message-----/ },
  { file: 'outlook-web-nl.txt', commands: [{ name: 'verleng', days: 10, reason: 'wegens ziekte van de beklaagde' }], freeText: 'Groet, Anna', quoted: /^_{10,}/ },
  { file: 'gmail-nl.txt', commands: [{ name: 'hoorzitting', date: '2026-03-04', time: '10:00', mode: 'samen', place: 'Praktijk Voorbeeld, spreekkamer 3' }], freeText: 'Anna', quoted: /^Op ma 2 feb 2026/ },
  { file: 'gmail-en.txt', commands: [{ name: 'uitspraak', outcome: 'deels-gegrond', grounds: 'The complaint is upheld as far as the waiting time is concerned: the practice did not keep\nthe agreed appointment of 12 December 2025 and did not inform the complainant.\n\nIt is rejected as to the treatment itself, which followed the applicable guideline.\n\nAnna Jansen\nComplaints commissioner', withoutHearing: false }], freeText: 'The complaint is upheld as far as the waiting time is concerned: the practice did not keep\nthe agreed appointment of 12 December 2025 and did not inform the complainant.\n\nIt is rejected as to the treatment itself, which followed the applicable guideline.\n\nAnna Jansen\nComplaints commissioner', quoted: /^On Mon, Feb 16, 2026/ },
  { file: 'apple-mail-nl.txt', commands: [{ name: 'sluit', reason: 'afgehandeld na uitspraak' }], freeText: 'Verstuurd vanaf mijn iPhone', quoted: /het volgende geschreven:/ },
  { file: 'apple-mail-forward.txt', commands: [{ name: 'nieuw', partyName: 'Mevrouw B. Bakker', email: 'b.bakker@example.com' }, { name: 'taal', language: 'nl' }], freeText: 'Deze klacht kwam per post/mail bij mij binnen.', quoted: /^Begin doorgestuurd bericht:[\s\S]*Hierbij dien ik een klacht in/ },
  { file: 'thunderbird-nl.txt', commands: [{ name: 'deskundige', partyName: 'Dr. K. Smit', email: 'k.smit@deskundigen.example' }], freeText: '', quoted: /^Op 10-03-2026 om 09:30 schreef/ },
  { file: 'thunderbird-forward.txt', commands: [{ name: 'notitie', text: 'Klager belde, wil graag uitstel van de hoorzitting.\nIk heb gezegd dat ik dat na de reactie van de beklaagde bekijk.' }], freeText: '', quoted: /^-------- Doorgestuurd bericht --------/ },
  { file: 'signature-dash.txt', commands: [{ name: 'status' }], freeText: '', quoted: /^--\s*\nmr\. A\. Jansen/ },
];

describe('parseCommands: replies from real clients (quoted commands never count)', () => {
  for (const f of FIXTURES) {
    it(f.file, () => {
      const parsed = parseCommands(`Re: ${TAG} Brief`, reply(f.file));
      expect(parsed.errors).to.deep.equal([]);
      expect(parsed.commands).to.deep.equal(f.commands);
      expect(parsed.freeText).to.equal(f.freeText);
      expect(parsed.quotedText).to.match(f.quoted);
      // Each fixture's quoted part holds #uitspraak / #sluit lines (or their aliases) that must not count.
      expect(parsed.quotedText).to.match(/^\s*>?\s*#(uitspraak|sluit|close|decision)\b/m);
    });
  }
});

describe('stripQuoted', () => {
  const cases: [string, string, string][] = [
    ['> quote', 'Ja.\n> #sluit', 'Ja.'],
    ['indented > quote', 'Ja.\n   > #sluit', 'Ja.'],
    ['wrapped Gmail attribution', 'Ja.\n\nOp ma 5 jan 2026 om 10:12 schreef Klachten <\nklachten@example.nl>:\n\n> x', 'Ja.'],
    ['German attribution', 'Ja.\nAm 05.01.2026 um 10:12 schrieb Klachten:\n> x', 'Ja.'],
    ['Outlook nl separator', 'Ja.\n-----Oorspronkelijk bericht-----\nVan: x', 'Ja.'],
    ['Thunderbird separator', 'Ja.\n-------- Original Message --------\n#sluit', 'Ja.'],
    ['Gmail forward', 'Ja.\n---------- Forwarded message ---------\nFrom: x', 'Ja.'],
    ['English header block', 'Ja.\nFrom: Klachten <k@example.nl>\nSent: Monday\nTo: Anna\nSubject: x\n#sluit', 'Ja.'],
    ['bold header block', 'Ja.\n*From:* Klachten <k@example.nl>\n*Date:* Monday\n*Subject:* x\n#sluit', 'Ja.'],
    ['Outlook Web underscores above a header block', 'Ja.\n________________________________\nVan: K\nVerzonden: ma\nAan: A\n#sluit', 'Ja.'],
    ['underscores alone are a divider', 'Ja.\n______________\nNog iets.', 'Ja.\n______________\nNog iets.'],
    ['a grounds sentence "Op <datum> schreef …:" is prose', 'Op 5 januari 2026 schreef de klager:\nDe afspraak ging niet door.', 'Op 5 januari 2026 schreef de klager:\nDe afspraak ging niet door.'],
    ['…but with a > quote below it is an attribution', 'Ja.\nOp 5 januari 2026 schreef de klager:\n\n> #sluit', 'Ja.'],
    ['a "Van:" and one more header line in prose is not a header block', 'Van: de klager\nAan: de praktijk\nDe brief kwam nooit aan.', 'Van: de klager\nAan: de praktijk\nDe brief kwam nooit aan.'],
    ['Apple forward', 'Ja.\nBegin forwarded message:\n\n#sluit', 'Ja.'],
    ['signature without trailing space', 'Ja.\n--\nAnna', 'Ja.'],
    ['prose "Van:" without a header block', 'Van: de klager hoorde ik niets.\nDat is alles.', 'Van: de klager hoorde ik niets.\nDat is alles.'],
    ['prose "On … wrote:" without a date', 'On the phone she wrote:\nniets.', 'On the phone she wrote:\nniets.'],
    ['nothing quoted', 'Ja.\n\nAnna\n\n', 'Ja.\n\nAnna'],
  ];
  for (const [title, body, want] of cases) {
    it(title, () => expect(stripQuoted(body)).to.equal(want));
  }
});
