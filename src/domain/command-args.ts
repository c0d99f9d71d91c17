/**
 * The arguments of each commissioner command (SPEC §6), one parser per command. Pure, no I/O.
 * A parser gets the rest of the command line (trimmed) and returns the typed command or a
 * problem in Dutch and English; commands.ts adds the usage line and the free-text parts
 * (the grounds of `#uitspraak`, the body of `#notitie`).
 */
import type { Command, CommandName, Outcome } from './commands.js';
import { EXTENSION_WD, EXTENSION_WEEKS } from './extension-reasons.js';

/** What is wrong with the arguments; commands.ts turns it into a CommandError. */
export interface ArgProblem {
  problem: string;
  problemEn: string;
}

export type ArgParser = (args: string) => Command | ArgProblem;

export function isProblem(x: Command | ArgProblem): x is ArgProblem {
  return 'problem' in x;
}

const problem = (nl: string, en: string): ArgProblem => ({ problem: nl, problemEn: en });

/** Quote a fragment of what she wrote in a reply, shortened so a pasted paragraph stays readable. */
function shown(text: string): string {
  return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

/** Text after the arguments, or null when there is none. */
const optional = (text: string): string | null => (text.trim() === '' ? null : text.trim());

// Addresses

/**
 * A practical address check, not RFC 5322's full grammar: a dot-atom local part and a domain of
 * at least two labels. Quoted local parts and IP literals are refused; nobody names a party so.
 */
const EMAIL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@([\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}][\p{L}\p{N}-]*[\p{L}\p{N}]$/u;

export function isValidEmail(address: string): boolean {
  return address.length <= 254 && EMAIL.test(address);
}

/**
 * `Naam Achternaam <email>`, `"Achternaam, Naam" <email>`, `Naam Achternaam email` or `email`.
 * The address is lower-cased, as everywhere in the service. The name may not hold `<`, `>` or `"`
 * once its outer quotes are gone: it ends up in letters and in address headers.
 */
export function parseNameAndEmail(args: string): { partyName: string; email: string } | ArgProblem {
  if (args === '') return problem('naam en e-mailadres ontbreken', 'name and e-mail address are missing');
  let name: string;
  let email: string;
  const bracketed = /^(.*?)<\s*(?:mailto:)?([^<>\s]*)\s*>$/i.exec(args);
  if (bracketed) {
    name = bracketed[1] ?? '';
    email = bracketed[2] ?? '';
  } else if (/[<>]/.test(args)) {
    return problem(`${shown(args)} is niet te lezen als Naam <e-mailadres>`, `${shown(args)} cannot be read as Name <e-mail address>`);
  } else {
    const words = args.split(/\s+/);
    email = (words.pop() ?? '').replace(/^mailto:/i, '');
    name = words.join(' ');
  }
  name = name.trim().replace(/^"(.*)"$/, '$1').trim().replace(/\s+/g, ' ');
  if (email === '') return problem('e-mailadres ontbreekt', 'e-mail address is missing');
  if (!isValidEmail(email)) return problem(`${shown(email)} is geen geldig e-mailadres`, `${shown(email)} is not a valid e-mail address`);
  // Outlook's plain text turns a link into "jan@example.nl<mailto:jan@example.nl>".
  if (name.toLowerCase() === email.toLowerCase()) name = '';
  if (/[<>"]/.test(name) || name.length > 200) {
    return problem(`de naam ${shown(name)} bevat tekens die niet kunnen (<, > of ")`, `the name ${shown(name)} holds characters that are not allowed (<, > or ")`);
  }
  return { partyName: name, email: email.toLowerCase() };
}

// Dates and times

/** A real calendar date in `YYYY-MM-DD` form: 2026-02-30 is refused, not rolled over into March. */
export function parseIsoDate(text: string): string | ArgProblem {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return problem(`${shown(text)} is geen datum in de vorm JJJJ-MM-DD`, `${shown(text)} is not a date of the form YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return problem(`${text} is geen bestaande datum`, `${text} is not an existing date`);
  }
  return text;
}

/** `HH:MM` from 00:00 to 23:59; `9:30` and the Dutch `9.30` are read as `09:30`. */
export function parseTime(text: string): string | ArgProblem {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text);
  const [h, min] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(h >= 0 && h <= 23 && min >= 0 && min <= 59)) {
    return problem(`${shown(text)} is geen tijd tussen 00:00 en 23:59`, `${shown(text)} is not a time between 00:00 and 23:59`);
  }
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

// Word lists

const OUTCOMES: Record<string, Outcome> = {
  gegrond: 'gegrond',
  ongegrond: 'ongegrond',
  'deels-gegrond': 'deels-gegrond',
  'niet-ontvankelijk': 'niet-ontvankelijk',
  upheld: 'gegrond',
  rejected: 'ongegrond',
  'partly-upheld': 'deels-gegrond',
  'partially-upheld': 'deels-gegrond',
  inadmissible: 'niet-ontvankelijk',
};

const MODES: Record<string, 'samen' | 'apart'> = { samen: 'samen', apart: 'apart', together: 'samen', separately: 'apart' };

const LANGUAGES: Record<string, 'nl' | 'en'> = { nl: 'nl', nederlands: 'nl', dutch: 'nl', en: 'en', engels: 'en', english: 'en' };

/** Split off the first whitespace-separated word. */
function firstWord(text: string): [string, string] {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return m ? [m[1] ?? '', m[2] ?? ''] : ['', ''];
}

// Per-command parsers

const noArgs =
  (command: Command): ArgParser =>
  (args) =>
    args === '' ? command : problem(`deze opdracht neemt geen argumenten, maar er stond ${shown(args)}`, `this command takes no arguments, but found ${shown(args)}`);

const reasonOnly =
  (make: (reason: string | null) => Command): ArgParser =>
  (args) =>
    make(optional(args));

const party =
  (name: 'nieuw' | 'beklaagde' | 'deskundige'): ArgParser =>
  (args) => {
    const parsed = parseNameAndEmail(args);
    return 'problem' in parsed ? parsed : { name, ...parsed };
  };

function hoorzitting(args: string): Command | ArgProblem {
  const [dateText, rest1] = firstWord(args);
  const [timeText, rest2] = firstWord(rest1);
  const [modeText, place] = firstWord(rest2);
  if (dateText === '') return problem('datum, tijd en samen|apart ontbreken', 'date, time and together|separately are missing');
  const date = parseIsoDate(dateText);
  if (typeof date !== 'string') return date;
  if (timeText === '') return problem('tijd ontbreekt', 'time is missing');
  const time = parseTime(timeText);
  if (typeof time !== 'string') return time;
  const mode = MODES[modeText.toLowerCase()];
  if (!mode) {
    return modeText === ''
      ? problem('samen of apart ontbreekt', 'together or separately is missing')
      : problem(`${shown(modeText)}: kies samen of apart`, `${shown(modeText)}: choose together or separately`);
  }
  return { name: 'hoorzitting', date, time, mode, place: optional(place) };
}

/** The unit after the number: working days (the default) or weeks (a legal term, Wkkgz art. 17). */
const EXTENSION_UNIT = /^(?:(werkdagen|werkdag|wd|working\s+days?)|(weken|week|wk|weeks))(?=[\s,.:;-]|$)[\s,.:;-]*/i;
/** The klager agreed to an extension beyond the procedure's limit (Wkkgz: beyond once, four weeks). */
const CONSENT = /^(?:met\s+|with\s+(?:the\s+)?)?(?:instemming|toestemming|consent)(?:\s+(?:van\s+(?:de\s+)?klager|of\s+the\s+complainant))?(?=[\s,.:;-]|$)[\s,.:;-]*/i;

/**
 * `#verleng N [werkdagen|weken] [instemming] [reden]`. Without a unit N is working days, as before
 * issue 16; `weken` extends in weeks (a Wkkgz term is one); `instemming` records that the klager
 * agreed to go beyond what the procedure allows on the practice's own say.
 */
function verleng(args: string): Command | ArgProblem {
  const [countText, rest] = firstWord(args);
  if (countText === '') return problem('het aantal werkdagen ontbreekt', 'the number of working days is missing');
  const n = /^\d{1,3}$/.test(countText) ? Number(countText) : NaN;
  const unit = EXTENSION_UNIT.exec(rest);
  const weeks = unit?.[2] !== undefined;
  const range = weeks ? EXTENSION_WEEKS : EXTENSION_WD;
  if (!(n >= range.min && n <= range.max)) {
    return problem(
      `${shown(countText)} is geen heel getal van ${range.min} tot en met ${range.max}${weeks ? ' (weken)' : ''}`,
      `${shown(countText)} is not a whole number from ${range.min} to ${range.max}${weeks ? ' (weeks)' : ''}`,
    );
  }
  // "#verleng 5 werkdagen wegens ziekte": the unit is not part of the reason, nor is the consent.
  let reason = unit ? rest.slice(unit[0].length) : rest;
  const consent = CONSENT.exec(reason);
  if (consent) reason = reason.slice(consent[0].length);
  return { name: 'verleng', days: n, reason: optional(reason), ...(weeks ? { unit: 'weeks' as const } : {}), ...(consent ? { consent: true as const } : {}) };
}

function afwezig(args: string): Command | ArgProblem {
  const [fromText, rest1] = firstWord(args);
  // Two dates, optionally joined as people write them: "t/m", "tot en met", "-", "to", "through".
  const rest = rest1.replace(/^(t\/m|tot\s+en\s+met|-|–|to|through)\s+/i, '');
  const [toText, reason] = firstWord(rest);
  if (fromText === '' || toText === '') return problem('twee datums nodig: van en tot en met', 'two dates needed: from and to (inclusive)');
  const from = parseIsoDate(fromText);
  if (typeof from !== 'string') return from;
  const to = parseIsoDate(toText);
  if (typeof to !== 'string') return to;
  if (from > to) return problem(`de begindatum ${from} ligt na de einddatum ${to}`, `the start date ${from} is after the end date ${to}`);
  return { name: 'afwezig', from, to, reason: optional(reason) };
}

/** The explicit confirmation that a ruling may come before the planned hearing (art. 7). */
const WITHOUT_HEARING = /(?:^|\s)(zonder[\s-]+hoorzitting|without[\s-]+hearing)\s*$/i;

function uitspraak(args: string): Command | ArgProblem {
  const withoutHearing = WITHOUT_HEARING.test(args);
  // "deels gegrond" and "niet ontvankelijk" are written with a space as often as with a hyphen.
  const key = args.replace(WITHOUT_HEARING, '').trim().toLowerCase().replace(/\s+/g, '-');
  if (key === '') return problem('de uitkomst ontbreekt', 'the outcome is missing');
  const outcome = OUTCOMES[key];
  if (!outcome) {
    return problem(
      `${shown(args)} is geen uitkomst; kies gegrond, ongegrond, deels-gegrond of niet-ontvankelijk (de motivering komt in de tekst eronder)`,
      `${shown(args)} is not an outcome; choose upheld, rejected, partly-upheld or inadmissible (the grounds go in the text below)`,
    );
  }
  return { name: 'uitspraak', outcome, grounds: '', withoutHearing };
}

function beroep(args: string): Command | ArgProblem {
  const m = /^(ontvankelijk|admissible|niet[\s-]+ontvankelijk|inadmissible)(?=\s|$)\s*([\s\S]*)$/i.exec(args);
  if (!m) {
    const what = args === '' ? '' : `${shown(args)}: `;
    return problem(`${what}kies ontvankelijk of niet-ontvankelijk`, `${what}choose admissible or inadmissible`);
  }
  const word = (m[1] ?? '').toLowerCase();
  return { name: 'beroep', admissible: word === 'ontvankelijk' || word === 'admissible', reason: optional(m[2] ?? '') };
}

function splits(args: string): Command | ArgProblem {
  const m = /^(\d{1,12})$/.exec(args.trim());
  if (!m) return problem(`${args === '' ? 'het nummer van de e-mail ontbreekt' : `${shown(args)} is geen nummer`}; het staat in de melding van die e-mail`, `${args === '' ? 'the number of the mail is missing' : `${shown(args)} is not a number`}; it is in the notice of that mail`);
  return { name: 'splits', messageRef: Number(m[1]) };
}

function taal(args: string): Command | ArgProblem {
  const language = LANGUAGES[args.trim().toLowerCase()];
  const what = args === '' ? '' : `${shown(args)}: `;
  return language ? { name: 'taal', language } : problem(`${what}kies nl of en`, `${what}choose nl or en`);
}

/** `#bewaar [tot JJJJ-MM-DD] reden`: a legal hold, open-ended or until a date; the reason is required. */
function bewaar(args: string): Command | ArgProblem {
  const m = /^(?:(?:tot|until)\s+(\S+)\s*)?([\s\S]*)$/i.exec(args.trim())!;
  const until = m[1] ?? null;
  if (until !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(`${until}T00:00:00Z`)))) {
    return problem(`${shown(until)} is geen datum JJJJ-MM-DD`, `${shown(until)} is not a date YYYY-MM-DD`);
  }
  const reason = (m[2] ?? '').trim();
  if (reason === '') return problem('de reden ontbreekt (bv. "geschilleninstantie vraagt het dossier")', 'the reason is missing (e.g. "requested by the disputes body")');
  return { name: 'bewaar', until, reason };
}

function inzage(args: string): Command | ArgProblem {
  const email = args.trim().replace(/^<|>$/g, '').toLowerCase();
  return isValidEmail(email) ? { name: 'inzage', email } : problem(`${shown(args)} is geen e-mailadres`, `${shown(args)} is not an e-mail address`);
}

/** `#praktijk lux`: one practice id, as PRACTICES_FILE spells it (lower case); whether it exists is the handler's business. */
function praktijk(args: string): Command | ArgProblem {
  const id = args.trim().toLowerCase();
  if (id === '') return problem('de praktijk ontbreekt: schrijf haar id, bv. #praktijk lux', 'the practice is missing: write its id, e.g. #practice lux');
  if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(id)) return problem(`${shown(args)} is geen id van een praktijk (één woord)`, `${shown(args)} is not the id of a practice (one word)`);
  return { name: 'praktijk', practiceId: id };
}

/** `#overzicht [praktijk]`: one word, the practice's code (whether the desk has it is the handler's to say). */
function overzicht(args: string): Command | ArgProblem {
  if (args === '') return { name: 'overzicht', practice: null };
  return /^[\p{L}\p{N}_-]{1,40}$/u.test(args) ? { name: 'overzicht', practice: args.toLowerCase() }
    : problem(`${shown(args)} is geen code van een praktijk (één woord, zoals lux)`, `${shown(args)} is not a practice's code (one word, such as lux)`);
}

/** One parser per command name. `#notitie` text and `#uitspraak` grounds are completed by commands.ts. */
export const ARG_PARSERS: Record<CommandName, ArgParser> = {
  ontvangst: noArgs({ name: 'ontvangst' }),
  'geen-klacht': reasonOnly((reason) => ({ name: 'geen-klacht', reason })),
  nieuw: party('nieuw'),
  beklaagde: party('beklaagde'),
  hoorzitting,
  deskundige: party('deskundige'),
  verleng,
  afwezig,
  uitspraak,
  beroep,
  ingetrokken: noArgs({ name: 'ingetrokken' }),
  sluit: reasonOnly((reason) => ({ name: 'sluit', reason })),
  splits,
  notitie: (args) => ({ name: 'notitie', text: args }),
  taal,
  status: noArgs({ name: 'status' }),
  overzicht,
  // #help with words after it ("#help hoorzitting") still just gets the table: no harm in that.
  help: () => ({ name: 'help' }),
  bewaar,
  'bewaar-opheffen': noArgs({ name: 'bewaar-opheffen' }),
  inzage,
  'inzage-verzonden': (args) => {
    const r = inzage(args);
    return isProblem(r) ? r : { name: 'inzage-verzonden', email: (r as { email: string }).email };
  },
  dossier: noArgs({ name: 'dossier' }),
  praktijk,
};
