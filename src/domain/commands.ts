/**
 * Commissioner mail → typed commands (SPEC §6). Pure, no I/O: whether the sender may command at
 * all (SPEC §7) and whether the case's state allows a step are the caller's business.
 *
 * A command is `#word args`: in the subject right after the case tag (`Re: [KL-2026-0007] #sluit`),
 * or on a line of its own in the leading block of the body. Words are case-insensitive; the Dutch
 * word is canonical and the English alias works too. One command per line; the subject holds at
 * most one. Text that is neither a command line nor quoted is free text: the grounds of
 * `#uitspraak`, or, right below a `#notitie` line, the rest of the note.
 *
 * Two rules keep a quoted `#word` from ever running. The quote is cut off where quoted-text.ts
 * finds it. And, whether or not the quote was recognised, commands are read only from the leading
 * block: the subject and the body's first lines, up to the first line of prose. Below that a
 * `#word` line is text (listed in `ignored`), so an unrecognised quote below the commissioner's
 * own words can never command, however its header is written.
 */
import { ARG_PARSERS, isProblem } from './command-args.js';
import { caseNumberInSubject } from './case-number.js';
import { EXTENSION_WD, EXTENSION_WEEKS } from './extension-reasons.js';
import { bodyLines, quoteStart } from './quoted-text.js';

export { stripQuoted } from './quoted-text.js';

export type Outcome = 'gegrond' | 'ongegrond' | 'deels-gegrond' | 'niet-ontvankelijk';

export type Command =
  | { name: 'ontvangst' }
  | { name: 'geen-klacht'; reason: string | null }
  | { name: 'nieuw'; partyName: string; email: string }
  | { name: 'beklaagde'; partyName: string; email: string }
  | { name: 'hoorzitting'; date: string /* YYYY-MM-DD */; time: string /* HH:MM */; mode: 'samen' | 'apart'; place: string | null }
  | { name: 'deskundige'; partyName: string; email: string }
  | { name: 'verleng'; /** The number she wrote: working days, or weeks with `unit`. */ days: number; reason: string | null; unit?: 'weeks'; /** `instemming`: the klager agreed to go beyond the procedure's limit. */ consent?: true }
  | { name: 'afwezig'; from: string; to: string; reason: string | null }
  | { name: 'uitspraak'; outcome: Outcome; grounds: string; /** `zonder-hoorzitting`: rule although a planned hearing has not yet taken place (art. 7). */ withoutHearing: boolean }
  | { name: 'beroep'; admissible: boolean; reason: string | null }
  | { name: 'ingetrokken' }
  | { name: 'sluit'; reason: string | null }
  | { name: 'splits'; messageRef: number }
  | { name: 'notitie'; text: string }
  | { name: 'taal'; language: 'nl' | 'en' }
  | { name: 'status' }
  | { name: 'overzicht'; /** `#overzicht ID`: only that practice's cases (issue 16); null: every practice. */ practice: string | null }
  | { name: 'help' }
  | { name: 'bewaar'; until: string | null /* YYYY-MM-DD */; reason: string }
  | { name: 'bewaar-opheffen' }
  | { name: 'inzage'; email: string }
  | { name: 'inzage-verzonden'; email: string }
  | { name: 'dossier' }
  | { name: 'praktijk'; practiceId: string };

export type CommandName = Command['name'];

/** A command that could not be read. Nothing should be done for a mail that has any (SPEC §6). */
export interface CommandError {
  /** The word as written, without `#`, lower-cased (e.g. `hearing`, or the unknown `hoorzittng`). */
  word: string;
  /** What is wrong, in Dutch. */
  problem: string;
  problemEn: string;
  /** The correct form in Dutch, e.g. `#hoorzitting JJJJ-MM-DD UU:MM samen|apart [plaats]`; for an unknown word, the nearest command's or `#help`. */
  usage: string;
  /** The same in English. */
  usageEn: string;
  /** The command the word stands for; null for an unknown word. */
  name: CommandName | null;
}

export interface ParsedCommands {
  /** The case number from the subject's `[KL-2026-0007]` tag, or null. */
  caseNumber: string | null;
  /** In the order written: the subject's first, then the body's. */
  commands: Command[];
  errors: CommandError[];
  /** Body text that is neither a command line nor quoted (nor part of a `#notitie`): the grounds of #uitspraak, the text of a filed mail. */
  freeText: string;
  /** The body from the first quote marker on (see quoted-text.ts), e.g. the complaint below a `#nieuw` line in a forwarded mail; '' when none. */
  quotedText: string;
  /** `#word` lines below the first line of prose, as written: not obeyed, kept as text, for the receipt to mention. */
  ignored: string[];
  /** Lines of the quoted part that read as one of our commands (`#uitspraak …`, quote markers aside): never obeyed, mentioned in the receipt. */
  quotedCommands: string[];
}

/**
 * Command lines inside the quote: `>` markers aside, a line that starts (unindented) with one of
 * our command words. Indented lines are left out: our own receipts list the commands indented, and
 * a reply to a receipt quotes them.
 */
function quotedCommandLines(quoted: string): string[] {
  return quoted.split('\n')
    .map((l) => l.replace(/^(?:>[ \t]?)+/, '').trimEnd())
    .filter((l) => /^#(\p{L}\S*)/u.test(l) && WORDS.has((/^#(\p{L}\S*)/u.exec(l)![1] ?? '').toLowerCase().replace(/:$/, '')));
}

/** One row per command: for `#help`, for error replies and for the executor (needsCase). */
export interface CommandInfo {
  name: CommandName;
  /** The English word, without `#`. */
  alias: string;
  usage: string;
  usageEn: string;
  effectNl: string;
  effectEn: string;
  /** False when the command may come without a case tag. */
  needsCase: boolean;
}

const REASON_NL = 'de reden begint met een categorie (ziekte, vakantie, deskundige, overig), daarna mag een toelichting voor het dossier';
const REASON_EN = 'the reason starts with a category (ziekte, vakantie, deskundige, overig), an explanation for the file may follow';

/** SPEC §6's table. */
export const COMMAND_TABLE: readonly CommandInfo[] = [
  row('ontvangst', 'acknowledge', '#ontvangst', '#acknowledge', 'stuur nu de ontvangstbevestiging', 'send the acknowledgement now'),
  row('geen-klacht', 'dismiss', '#geen-klacht [reden]', '#dismiss [reason]', 'geen klacht: geen brieven, zaak afgedaan', 'not a complaint: no letters, case dismissed'),
  row('nieuw', 'new', '#nieuw Naam <e-mailadres>', '#new Name <e-mail address>', 'open een zaak voor een klacht die via een andere weg binnenkwam (doorgestuurde e-mail)', 'open a case for a complaint that arrived another way (forwarded mail)', false),
  row('beklaagde', 'accused', '#beklaagde Naam <e-mailadres>', '#accused Name <e-mail address>', 'leg de klacht met bijlagen voor aan de beklaagde en vraag een schriftelijke reactie', 'present the complaint with its attachments to the person complained about and ask for a written response'),
  row('hoorzitting', 'hearing', '#hoorzitting JJJJ-MM-DD UU:MM samen|apart [plaats]', '#hearing YYYY-MM-DD HH:MM together|separately [place]', 'nodig beide partijen uit voor de hoorzitting, met agenda-uitnodiging', 'invite both parties to the hearing, with a calendar invitation'),
  row('deskundige', 'expert', '#deskundige Naam <e-mailadres>', '#expert Name <e-mail address>', 'voeg een deskundige toe en stuur de geheimhoudingsverklaring', 'add an expert and send the confidentiality notice'),
  row('verleng', 'extend', '#verleng N [weken] [instemming] [reden]', '#extend N [weeks] [consent] [reason]', `verleng de lopende termijnen met N werkdagen (${EXTENSION_WD.min}-${EXTENSION_WD.max}) of N weken (${EXTENSION_WEEKS.min}-${EXTENSION_WEEKS.max}; een wettelijke termijn in weken, zoals die van de Wkkgz, alleen zo) en informeer de partijen; 'instemming': de klager stemt in met meer dan de procedure toestaat; ${REASON_NL}`, `extend the running deadlines by N working days (${EXTENSION_WD.min}-${EXTENSION_WD.max}) or N weeks (${EXTENSION_WEEKS.min}-${EXTENSION_WEEKS.max}; a legal term in weeks, as the Wkkgz's, only so) and inform the parties; 'consent': the complainant agreed to more than the procedure allows; ${REASON_EN}`),
  row('afwezig', 'absent', '#afwezig JJJJ-MM-DD JJJJ-MM-DD [reden]', '#absent YYYY-MM-DD YYYY-MM-DD [reason]', `meld afwezigheid: de termijnen die erin vallen schuiven op, de partijen worden geïnformeerd; ${REASON_NL}`, `declare an absence: the deadlines it touches move, the parties are informed; ${REASON_EN}`),
  row('uitspraak', 'decision', '#uitspraak gegrond|ongegrond|deels-gegrond|niet-ontvankelijk [zonder-hoorzitting], met de motivering als tekst eronder', '#decision upheld|rejected|partly-upheld|inadmissible [without-hearing], with the grounds as text below', 'stuur het bindende oordeel met verslag aan klager, beklaagde en eigenaar; de beroepstermijn gaat lopen (na een toegelaten beroep: de nieuwe uitspraak)', 'send the binding ruling with the report to complainant, respondent and owner; the appeal term starts (after an admitted appeal: the new ruling)'),
  row('beroep', 'appeal', '#beroep ontvankelijk | #beroep niet-ontvankelijk reden', '#appeal admissible | #appeal inadmissible reason', 'beslis of een beroep ontvankelijk is; ontvankelijk: de klacht wordt heroverwogen en er volgt een nieuwe uitspraak; niet-ontvankelijk: met de reden, die de klager krijgt', 'decide whether an appeal is admissible; admissible: the complaint is reconsidered and a new ruling follows; inadmissible: with the reason, which the complainant is given'),
  row('splits', 'split', '#splits N', '#split N', 'maak van e-mail N in dit dossier een eigen zaak, met de oorspronkelijke ontvangstdatum', 'make mail N of this file a case of its own, keeping its date of receipt'),
  row('ingetrokken', 'withdrawn', '#ingetrokken', '#withdrawn', 'de klager heeft de klacht ingetrokken', 'the complainant withdrew the complaint'),
  row('sluit', 'close', '#sluit [reden]', '#close [reason]', 'sluit de zaak; de bewaartermijn gaat lopen', 'close the case; the retention term starts'),
  row('notitie', 'note', '#notitie tekst (de tekst eronder hoort er ook bij)', '#note text (the text below belongs to it too)', 'een interne notitie in het dossier', 'an internal note in the file'),
  row('taal', 'language', '#taal nl|en', '#language nl|en', 'de taal van de brieven in deze zaak', 'the language of the letters in this case'),
  row('status', 'status', '#status', '#status', 'stuur een overzicht van de zaak: partijen, stukken en termijnen', 'reply with the case summary: parties, documents and deadlines'),
  row('overzicht', 'overview', '#overzicht [praktijk]', '#overview [practice]', 'stuur alle open zaken met hun volgende termijn, per praktijk; met de code van een praktijk alleen die van die praktijk (geen zaaknummer nodig)', 'reply with all open cases and their next deadlines, by practice; with a practice\'s code only those of that practice (no case number needed)', false),
  row('help', 'help', '#help', '#help', 'stuur deze tabel', 'reply with this table', false),
  row('bewaar', 'hold', '#bewaar [tot JJJJ-MM-DD] reden', '#hold [until YYYY-MM-DD] reason', 'bewaarplicht: het dossier wordt niet vernietigd (bv. voor een geschilleninstantie of rechter)', 'legal hold: the file is not destroyed (e.g. for a disputes body or a court)'),
  row('bewaar-opheffen', 'release', '#bewaar-opheffen', '#release', 'hef de bewaarplicht op; de bewaartermijn loopt vanaf vandaag of de oorspronkelijke datum, de latere', 'lift the legal hold; retention runs from today or the original date, whichever is later'),
  row('inzage', 'access', '#inzage e-mailadres', '#access e-mail address', 'verzoek om inzage (art. 15 AVG): legt het verzoek vast met een termijn van een maand; de inzage-pdf komt als bijlage bij het antwoord aan u', 'access request (GDPR art. 15): logs it with a term of one month; the access PDF comes attached to the reply to you', false),
  row('inzage-verzonden', 'access-sent', '#inzage-verzonden e-mailadres', '#access-sent e-mail address', 'u hebt de identiteit gecontroleerd en de inzage verstuurd: het verzoek is beantwoord', 'you checked the identity and sent the access export: the request is answered', false),
  row('praktijk', 'practice', '#praktijk ID', '#practice ID', 'wijs een klacht waarvan de praktijk niet bekend is toe aan praktijk ID: zij krijgt een nummer van die praktijk en de klager de ontvangstbevestiging', 'assign a complaint whose practice is not known to practice ID: it gets a number of that practice and the complainant the acknowledgement'),
  row('dossier', 'file', '#dossier', '#file', 'stuur het hele dossier van de zaak als pdf, alleen aan u', 'send the whole case file as a PDF, to you only'),
];

function row(name: CommandName, alias: string, usage: string, usageEn: string, effectNl: string, effectEn: string, needsCase = true): CommandInfo {
  return { name, alias, usage, usageEn, effectNl, effectEn, needsCase };
}

/** Every accepted word → command: the Dutch word, the English alias, and a few synonyms from SPEC §1. */
const WORDS: ReadonlyMap<string, CommandName> = new Map<string, CommandName>([
  ...COMMAND_TABLE.flatMap((c): [string, CommandName][] => [[c.name, c.name], [c.alias, c.name]]),
  ['aangeklaagde', 'beklaagde'],
  ['hulp', 'help'],
]);

/** `Re:`, `AW:`, `Antw:`, `Fwd:`, `FW:`, `WG:`, `Doorst:`… possibly repeated, possibly counted (`Re[2]:`). */
const REPLY_PREFIX = /^(\s*(re|aw|antw|fwd?|wg|doorst|tr|sv|vs)\s*(\[\d+\])?\s*:)+\s*/i;

/** A line that starts with `#` and a letter is a command line (a `#` later in a line is prose, `#3` too). */
const COMMAND_LINE = /^\s*#(\p{L}\S*)\s*(.*)$/u;

/**
 * Read the commands in a commissioner's mail. Never throws. Command lines in quoted text (see
 * quoted-text.ts) are ignored; an unknown `#word` at the start of a line is an error, so a typo
 * never silently does nothing. Whether a command needs a case tag is left to the caller (see
 * COMMAND_TABLE's needsCase): a reply is matched to its case by In-Reply-To as well.
 */
export function parseCommands(subject: string, body: string): ParsedCommands {
  const caseNumber = caseNumberInSubject(subject);
  const lines: string[] = [];
  const subjectLine = subjectCommandLine(subject, caseNumber);
  if (subjectLine !== null) lines.push(subjectLine);
  const bodyAll = bodyLines(body);
  const cut = quoteStart(bodyAll);
  lines.push(...bodyAll.slice(0, cut));
  const quotedText = trimBlankLines(bodyAll.slice(cut));

  const found: { command: Command; word: string }[] = [];
  const errors: CommandError[] = [];
  const free: string[] = [];
  const ignored: string[] = [];
  let note: { text: string } | null = null; // the #notitie now collecting the lines below it
  let leading = true; // still in the leading block, where command lines count

  for (const line of lines) {
    const m = COMMAND_LINE.exec(line);
    if (m && !leading) ignored.push(line.trim());
    if (!m || !leading) {
      if (line.trim() !== '') leading = false;
      if (note) note.text += `\n${line}`;
      else free.push(line);
      continue;
    }
    note = null;
    const word = (m[1] ?? '').toLowerCase().replace(/:$/, '');
    const name = WORDS.get(word);
    if (!name) {
      errors.push(unknownWord(word));
      continue;
    }
    const result = ARG_PARSERS[name]((m[2] ?? '').trim());
    if (isProblem(result)) {
      errors.push(commandError(word, name, result.problem, result.problemEn));
      continue;
    }
    found.push({ command: result, word });
    if (result.name === 'notitie') note = result;
  }

  const freeText = trimBlankLines(free);
  const commands: Command[] = [];
  for (const { command, word } of found) {
    // A note's text never joins freeText: it is internal and must not end up in a ruling's grounds.
    if (command.name === 'notitie') command.text = trimBlankLines(command.text.split('\n'));
    if (command.name === 'uitspraak') command.grounds = freeText;
    // A ruling without grounds, or a note without text, is refused rather than sent or filed empty.
    if (command.name === 'uitspraak' && command.grounds === '') {
      errors.push(commandError(word, command.name, 'de motivering ontbreekt: schrijf die als tekst onder de regel met #uitspraak', 'the grounds are missing: write them as text below the #uitspraak line'));
    } else if (command.name === 'notitie' && command.text === '') {
      errors.push(commandError(word, command.name, 'de tekst van de notitie ontbreekt', 'the text of the note is missing'));
    } else {
      commands.push(command);
    }
  }
  return { caseNumber, commands, errors, freeText, quotedText, ignored, quotedCommands: quotedCommandLines(quotedText) };
}

/**
 * The subject's command, if any: the text right after the case tag (or, without a tag, after the
 * reply prefixes) when it starts with `#`. A `#` further on in a subject is prose.
 */
function subjectCommandLine(subject: string, caseNumber: string | null): string | null {
  let rest = subject.replace(/[\r\n]+/g, ' ');
  if (caseNumber !== null) {
    const tag = `[${caseNumber}]`;
    rest = rest.slice(rest.indexOf(tag) + tag.length);
  }
  rest = rest.replace(REPLY_PREFIX, '').trim();
  return rest.startsWith('#') ? rest : null;
}

function commandError(word: string, name: CommandName, problem: string, problemEn: string): CommandError {
  const info = COMMAND_TABLE.find((c) => c.name === name);
  return { word, name, problem, problemEn, usage: info?.usage ?? '#help', usageEn: info?.usageEn ?? '#help' };
}

/** An unknown word, with the nearest known command as a suggestion when it is a likely typo. */
function unknownWord(word: string): CommandError {
  const near = nearestCommand(word);
  const info = near ? COMMAND_TABLE.find((c) => c.name === near) : undefined;
  return {
    word,
    name: null,
    problem: `#${word} is geen bekende opdracht${info ? `; bedoelde u #${info.name}?` : ''} (#help geeft de lijst)`,
    problemEn: `#${word} is not a known command${info ? `; did you mean #${info.alias}?` : ''} (#help gives the list)`,
    usage: info?.usage ?? '#help',
    usageEn: info?.usageEn ?? '#help',
  };
}

function nearestCommand(word: string): CommandName | null {
  let best: { name: CommandName; distance: number } | null = null;
  for (const [known, name] of WORDS) {
    const distance = editDistance(word, known);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}

/** Levenshtein distance; the words are short, so the plain table is fine. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Lines joined with `\n`, trailing spaces and leading/trailing blank lines removed. */
function trimBlankLines(lines: readonly string[]): string {
  return lines
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}
