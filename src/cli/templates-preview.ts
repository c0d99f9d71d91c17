/**
 * `complaint-desk templates preview NAME`: render a letter with sample data, for template editors.
 *
 * SAMPLE holds one fictitious case with every fact any letter uses; PER_LETTER adjusts it where a
 * letter is written at another moment of the case or to another person (the facts each use case
 * passes: see src/use-cases/commands/*.ts, party-mail.ts, commissioner-mail.ts, report.ts).
 * A NAME may carry a variant after a colon, e.g. `ruling:owner` or `command-reply:errors`
 * (see PREVIEW_VARIANTS), to show the other branch of a letter.
 */
import { LetterRenderer, type Lang } from '../mail-out/render.js';
import { LETTERS } from '../mail-out/letters.js';
import { TEMPLATES_DIR } from '../paths.js';
import { taggedSubject } from '../domain/case-number.js';
import { COMMAND_TABLE } from '../domain/commands.js';
import type { Practice } from '../domain/practice.js';
import { PRESETS, type ProcedurePreset } from '../domain/procedure.js';

const deadlines = {
  ack: { kind: 'ack', date: '2026-12-07', wd: 10, status: 'met' },
  present: { kind: 'present', date: '2026-12-09', wd: 10, status: 'met' },
  response: { kind: 'response', date: '2026-12-15', wd: 10, status: 'met' },
  handle: { kind: 'handle', date: '2027-01-08', wd: 30, status: 'open' },
  appeal: { kind: 'appeal', date: '2027-02-03', wd: 20, status: 'open' },
};

const hearing = { date: '2026-12-17', time: '14:00', mode: 'samen', together: true, place: 'Praktijk LUX, Dorpsstraat 12, Utrecht' };

const grounds =
  'Uit de klacht, de schriftelijke reactie en de hoorzitting blijkt dat de uitleg over de behandeling op 12 november onvolledig was.\n\n' +
  'Het deel van de klacht over de uitleg is daarom gegrond. Het deel over de wachttijd is ongegrond: de wachttijd lag binnen wat redelijk is.';

const report = {
  caseNumber: 'KL-2026-0007',
  receivedDate: '2026-11-23',
  reportDate: '2027-01-06',
  klager: [{ name: 'Jan Jansen', email: 'jan.jansen@example.nl' }],
  beklaagde: [{ name: 'P. de Vries', email: 'p.devries@example.nl' }],
  experts: [{ name: 'Dr. A. Bakker' }],
  steps: [
    { date: '2026-11-23', step: 'received', state: 'received' },
    { date: '2026-11-25', step: 'acknowledge', state: 'acknowledged' },
    { date: '2026-12-01', step: 'present', state: 'presented' },
    { date: '2026-12-10', step: 'respond', state: 'responded' },
    { date: '2026-12-11', step: 'schedule-hearing', state: 'hearing' },
    { date: '2026-12-14', step: 'expert-added', state: '' },
    { date: '2027-01-06', step: 'decide', state: 'decided' },
  ],
  deadlines: [
    { kind: 'ack', start: '2026-11-23', date: '2026-12-07', wd: 10, status: 'met', doneDate: '2026-11-25' },
    { kind: 'present', start: '2026-11-25', date: '2026-12-09', wd: 10, status: 'met', doneDate: '2026-12-01' },
    { kind: 'response', start: '2026-12-01', date: '2026-12-15', wd: 10, status: 'met', doneDate: '2026-12-10' },
    { kind: 'handle', start: '2026-11-25', date: '2027-01-08', wd: 30, status: 'met', doneDate: '2027-01-06' },
    { kind: 'appeal', start: '2027-01-06', date: '2027-02-03', wd: 20, status: 'open', doneDate: '' },
  ],
  hearing: { date: hearing.date, time: hearing.time, mode: hearing.mode, together: hearing.together, place: hearing.place },
  outcome: 'deels-gegrond',
  grounds,
  appealDate: '2027-02-03',
  appealWd: 20,
  headHash: '9f2c4e0b7a1d5c3e8b6f0a2d4c6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e',
};

/** Wkkgz art. 17: six weeks from the receipt on 23 November 2026, to Monday 4 January 2027. */
const wkkgzHandle = { kind: 'handle', date: '2027-01-04', wd: 6, unit: 'weeks', status: 'open' };

const wkkgzReport = {
  ...report,
  deadlines: [
    ...report.deadlines.filter((d) => d.kind !== 'handle' && d.kind !== 'appeal'),
    { kind: 'handle', start: '2026-11-23', date: '2027-01-04', wd: 6, unit: 'weeks', status: 'met', doneDate: '2027-01-04' },
  ],
  reportDate: '2027-01-04',
  appealDate: '',
  practiceName: 'Praktijk LUX',
  disputesBody: 'De Geschillencommissie Zorg',
};

export const SAMPLE: Record<string, unknown> = {
  caseNumber: 'KL-2026-0007',
  letterDate: '2026-11-25',
  receivedDate: '2026-11-23',
  complaintSubject: 'Klacht over de behandeling op 12 november',
  klagerName: 'Jan Jansen',
  klagerEmail: 'jan.jansen@example.nl',
  practiceName: 'Praktijk LUX',
  commissionerName: 'M. Roozmond',
  recipientName: 'Jan Jansen',
  deadlines: { ...deadlines, present: { ...deadlines.present, status: 'open' } },
  deadline: deadlines.handle,
  nextDeadline: { kind: 'present', date: '2026-12-09', wd: 10, status: 'open' },
  held: false,
  complaintText: 'Geachte klachtencommissaris,\n\nIk wil een klacht indienen over ...\n\nMet vriendelijke groet,\nJan Jansen',
  mailText: 'Aanvullende informatie bij mijn klacht.',
  mailSubject: 'Re: [KL-2026-0007] Ontvangstbevestiging van uw klacht',
  mailSubjectUntagged: 'Re: Ontvangstbevestiging van uw klacht',
  fromName: 'Jan Jansen',
  fromEmail: 'jan.jansen@example.nl',
  fromRole: 'klager',
  mailReason: 'reply',
  messageRef: 17,
  attachments: [{ filename: 'factuur.pdf', sizeKb: 84 }],
  reason: 'message could not be parsed',
  sizeKb: 12,
  quarantineMailbox: 'Klachten/Quarantaine',
  blob: '3f9a0c1d2e4b5a6c',
  // The procedure's later letters.
  hearing,
  outcome: 'deels-gegrond',
  grounds,
  report,
  forKlager: true,
  admissible: true,
  responseText: 'Geachte klachtencommissaris,\n\nIn reactie op de klacht van de heer Jansen het volgende ...\n\nMet vriendelijke groet,\nP. de Vries',
  method: 'DKIM',
  // The commissioner's receipt (command-reply): done, errors and the #status, #overzicht and #help sections.
  ok: true,
  hasCase: true,
  state: 'hearing',
  done: [
    {
      nl: 'hoorzitting in zaak KL-2026-0007 op 2026-12-17 om 14:00 (samen); klager en beklaagde uitgenodigd',
      en: 'hearing in case KL-2026-0007 on 2026-12-17 at 14:00 (together); both parties invited',
    },
    { nl: 'status van zaak KL-2026-0007', en: 'status of case KL-2026-0007' },
    { nl: 'overzicht van 2 open zaken', en: 'overview of 2 open cases' },
    { nl: 'overzicht van de opdrachten', en: 'the list of commands' },
  ],
  errors: [
    {
      word: 'hoorzittng', problem: 'onbekende opdracht; bedoelt u #hoorzitting?', problemEn: 'unknown command; did you mean #hearing?',
      usage: '#hoorzitting JJJJ-MM-DD UU:MM samen|apart [plaats]',
    },
  ],
  status: {
    caseNumber: 'KL-2026-0007',
    state: 'hearing',
    receivedDate: '2026-11-23',
    outcome: '',
    parties: [
      { role: 'klager', name: 'Jan Jansen', email: 'jan.jansen@example.nl' },
      { role: 'beklaagde', name: 'P. de Vries', email: 'p.devries@example.nl' },
    ],
    deadlines: Object.values(deadlines).filter((d) => d.kind !== 'appeal'),
    documents: [
      { at: '2026-11-23', direction: 'in', kind: 'complaint', subject: 'Klacht over de behandeling op 12 november', size: 5120 },
      { at: '2026-11-25', direction: 'out', kind: 'acknowledgement', subject: '[KL-2026-0007] Ontvangstbevestiging van uw klacht', size: 4096 },
      { at: '2026-12-01', direction: 'out', kind: 'request-for-response', subject: '[KL-2026-0007] Klacht voorgelegd: verzoek om uw schriftelijke reactie', size: 9216 },
      { at: '2026-12-10', direction: 'in', kind: 'response', subject: 'Re: [KL-2026-0007] Klacht voorgelegd', size: 6144 },
    ],
  },
  overview: [
    { caseNumber: 'KL-2026-0007', state: 'hearing', klagerName: 'Jan Jansen', next: { kind: 'handle', date: '2027-01-08', daysLeft: 18 } },
    { caseNumber: 'KL-2026-0009', state: 'received', klagerName: 'A. El Amrani', next: { kind: 'ack', date: '2026-12-14', daysLeft: 1 } },
  ],
  overviewShown: true,
  overviewCount: 2,
  overviewMore: 0,
  help: COMMAND_TABLE,
};

/** Facts that differ per letter: its moment in the case, its addressee, its own term. */
const PER_LETTER: Record<string, Record<string, unknown>> = {
  'request-for-response': {
    letterDate: '2026-12-01', recipientName: 'P. de Vries', deadlines: { ...deadlines, response: { ...deadlines.response, status: 'open' } },
    deadline: { ...deadlines.response, status: 'open' },
  },
  'response-received': {
    letterDate: '2026-12-10', deadline: deadlines.handle, fromName: 'P. de Vries', fromEmail: 'p.devries@example.nl', fromRole: 'beklaagde',
    responseQuoteCut: true,
  },
  'hearing-invitation': { letterDate: '2026-12-11', deadline: deadlines.handle },
  'dossier-for-commissioner': {
    letterDate: '2027-02-15', documents: 14, sizeKb: 96, filename: 'dossier-KL-2026-0042.pdf',
    headHash: '3f9c0e8a7d1b2c4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789',
  },
  'expert-secrecy-notice': { letterDate: '2026-12-14', recipientName: 'Dr. A. Bakker', deadline: deadlines.handle },
  ruling: { letterDate: '2027-01-06', deadline: deadlines.appeal },
  'appeal-acknowledgement': { letterDate: '2027-01-20', deadline: null, appealNothingNew: false },
  'added-to-case': { letterDate: '2026-11-27', deadline: null, mailSubject: 'Nog een klacht: de rekening', nextDeadline: deadlines.present },
  'response-receipt': { letterDate: '2026-12-10', recipientName: 'P. de Vries', deadline: deadlines.handle },
  'complaint-presented': { letterDate: '2026-12-01', deadline: { ...deadlines.response, status: 'open' } },
  'ruling-delayed': { letterDate: '2027-01-11', deadline: deadlines.handle, onAppeal: false },
  'appeal-out-of-term': { letterDate: '2027-02-08', deadline: deadlines.appeal },
  'appeal-decision': {
    letterDate: '2027-01-27', deadline: { kind: 'appeal-handle', date: '2027-03-10', wd: 30, status: 'open' },
    reason: 'Uw beroep bevat de verklaring van de assistente, die bij de eerdere behandeling niet bekend was.',
  },
  'command-reply': { letterDate: '2026-12-11', nextDeadline: deadlines.handle },
  'security-alert': {
    letterDate: '2026-12-11', fromEmail: 'm.roozmond@praktijklux.nl', mailSubject: 'Re: [KL-2026-0007] #uitspraak gegrond',
    method: 'DKIM', reason: 'dkim=fail (signature did not verify)',
  },
  'extension-notice': {
    letterDate: '2026-12-03', origin: 'extension', days: 5, reason: 'vakantie van de klachtencommissaris', deadline: deadlines.handle,
    moves: [{ kind: 'present', from: '2026-12-09', to: '2026-12-16', wd: 5 }, { kind: 'handle', from: '2027-01-08', to: '2027-01-15', wd: 5 }],
  },
  'reminder-beklaagde': { letterDate: '2026-12-11', recipientName: 'P. de Vries', deadline: { ...deadlines.response, status: 'open' }, wdLeft: 2 },
  'commissioner-digest': {
    date: '2026-12-14', letterDate: '2026-12-14', count: 3, wdBefore: 3,
    overdue: [{ caseNumber: 'KL-2026-0004', klagerName: 'R. Pinas', state: 'acknowledged', kind: 'present', date: '2026-12-10', wd: 2 }],
    today: [{ caseNumber: 'KL-2026-0009', klagerName: 'A. El Amrani', state: 'received', kind: 'ack', date: '2026-12-14', wd: 0 }],
    before: [{ caseNumber: 'KL-2026-0007', klagerName: 'Jan Jansen', state: 'hearing', kind: 'handle', date: '2026-12-17', wd: 3 }],
  },
  'weekly-overview': {
    weekOf: '2026-12-14', letterDate: '2026-12-14', count: 2,
    cases: [
      { caseNumber: 'KL-2026-0007', klagerName: 'Jan Jansen', state: 'hearing', receivedDate: '2026-11-23', next: { kind: 'handle', date: '2027-01-08', wd: 18 } },
      { caseNumber: 'KL-2026-0009', klagerName: 'A. El Amrani', state: 'received', receivedDate: '2026-11-30', next: { kind: 'ack', date: '2026-12-14', wd: 0 } },
    ],
  },
  'practice-question': {
    caseNumber: 'KLH-2026-0003', practiceName: '', forCommissioner: true, deadline: null,
    ackDue: '2026-12-07', wdLeft: 8, past: false, ambiguous: false, candidates: [], sentTo: ['m.roozmond@praktijklux.nl'],
    practices: [{ id: 'lux', name: 'Praktijk LUX' }, { id: 'zorg', name: 'Zorgpraktijk De Linde' }], exampleId: 'lux',
  },
  'case-closed': { letterDate: '2027-02-08', reason: 'afgehandeld', closedDate: '2027-02-08', keptUntil: '2029-02-08', deadline: null },
  'too-large-notice': { letterDate: '2026-11-25', mailSubject: 'Klacht met foto\'s', sizeMb: '31.4', maxMb: 25, receivedDate: '2026-11-25' },
  'flood-notice': { letterDate: '2026-11-25', senderEmail: 'veel@example.nl', count: 40, limit: 3 },
  // Another letter's `status` is a string, not the #status section of command-reply.
  'bounce-alert': {
    letterDate: '2026-12-02', letter: 'request-for-response', recipient: 'p.devries@example.nl', role: 'beklaagde',
    status: '5.1.1', detail: 'mailbox unavailable', permanent: true,
  },
};

/** Other branches of a letter: `templates preview ruling:owner`. */
const VARIANTS: Record<string, Record<string, unknown>> = {
  'new-complaint-notice:held': { held: true, deadline: null },
  'practice-question:ambiguous': { ambiguous: true, candidates: ['Praktijk LUX', 'Zorgpraktijk De Linde'], wdLeft: 0, past: true },
  'commissioner-digest:to-assign': {
    count: 4, practices: [{ id: 'lux', name: 'Praktijk LUX' }, { id: 'zorg', name: 'Zorgpraktijk De Linde' }],
    toAssign: [{ caseNumber: 'KLH-2026-0003', klagerName: 'S. de Groot', receivedDate: '2026-12-10', ackDue: '2026-12-24', wdLeft: 8, past: false }],
  },
  'ruling:owner': { forOwner: true, forKlager: false, recipientName: '' },
  'ruling:beklaagde': { forBeklaagde: true, forKlager: false, recipientName: 'P. de Vries' },
  'ruling:commissioner-copy': { copyForCommissioner: true, forCommissioner: true },
  'ruling:on-appeal': { onAppeal: true, deadline: null, report: { ...report, onAppeal: true, firstOutcome: 'ongegrond', appealReceivedDate: '2027-01-19', appealAdmittedDate: '2027-01-27' } },
  'ruling:without-hearing': { hearingCancelled: '2026-12-17' },
  'correspondence-notice:unreferenced': { mailReason: 'unreferenced', splitCommand: '#splits 17', mailSubject: 'Nog een klacht: de rekening', mailSubjectUntagged: 'Nog een klacht: de rekening' },
  'correspondence-notice:appeal': { mailReason: 'appeal', appealNothingNew: true, attachments: [] },
  'appeal-acknowledgement:nothing-new': { appealNothingNew: true, attachments: [] },
  'appeal-decision:beklaagde': { forKlager: false, recipientName: 'P. de Vries', reason: '' },
  'appeal-decision:owner': { forKlager: false, forOwner: true, recipientName: '', reason: '' },
  'acknowledgement:no-attachments': { attachments: [] },
  'appeal-decision:inadmissible': { admissible: false, reason: 'Het beroep herhaalt de klacht zonder nieuwe feiten.' },
  'command-reply:errors': {
    ok: false, formErrors: true, done: [], status: null, overview: null, help: null, state: 'responded', nextDeadline: deadlines.handle,
  },
  // A Wkkgz case closes at once after its ruling (no appeal); the klager's letter names the disputes body.
  'case-closed:no-appeal': { autoReason: 'no-appeal', reason: '', forKlager: true },
  'hearing-invitation:apart': { hearing: { ...hearing, mode: 'apart', together: false, place: '' } },
};

export const PREVIEW_VARIANTS: readonly string[] = Object.keys(VARIANTS);

/**
 * The letters whose facts SAMPLE and PER_LETTER fully provide (the tests hold these to "no empty
 * slots"). A new letter: add its facts above and its name here.
 */
export const SAMPLED_LETTERS: readonly string[] = [
  'acknowledgement', 'new-complaint-notice', 'correspondence-notice', 'quarantine-notice',
  'request-for-response', 'response-received', 'hearing-invitation', 'expert-secrecy-notice', 'ruling',
  'appeal-acknowledgement', 'appeal-out-of-term', 'appeal-decision', 'added-to-case', 'response-receipt', 'complaint-presented', 'ruling-delayed', 'command-reply', 'security-alert', 'verslag',
  'extension-notice', 'reminder-beklaagde', 'commissioner-digest', 'weekly-overview', 'case-closed', 'too-large-notice', 'flood-notice',
  'dossier-for-commissioner', 'practice-question',
];

/** The template a preview name stands for and the facts it is rendered with. */
export function sampleFor(nameWithVariant: string): { name: string; model: Record<string, unknown> } {
  const name = nameWithVariant.split(':')[0]!;
  const model = { ...SAMPLE, ...PER_LETTER[name], ...VARIANTS[nameWithVariant] };
  // The report is a document of its own (report.ts renders it from the report's facts alone).
  if (name === 'verslag') return { name, model: { ...report } };
  return { name, model };
}

/**
 * A practice of the sample for procedure `preset` (issue 16): the Wkkgz letters come from
 * templates/procedures/wkkgz/, over the defaults.
 */
export function samplePractice(preset: ProcedurePreset): Practice {
  return {
    id: preset, name: 'Praktijk LUX', ownerEmails: ['eigenaar@praktijklux.nl'], casePrefix: 'KL', language: 'nl',
    procedure: PRESETS[preset], recognise: { addresses: [], plusTags: [], folders: [] },
  };
}

/** The sample as a Wkkgz case has it: the handling term six weeks from receipt, no internal appeal. */
const WKKGZ_SAMPLE: Record<string, unknown> = {
  deadlines: { ...SAMPLE.deadlines as object, handle: wkkgzHandle, appeal: undefined },
  report: wkkgzReport,
  practiceDisputesBody: 'De Geschillencommissie Zorg',
};

/** The sample facts of a letter, for procedure `preset`. */
export function sampleForProcedure(nameWithVariant: string, preset: ProcedurePreset): { name: string; model: Record<string, unknown> } {
  const s = sampleFor(nameWithVariant);
  if (preset !== 'wkkgz') return s;
  if (s.name === 'verslag') return { name: s.name, model: { ...wkkgzReport } };
  const model = { ...s.model, ...WKKGZ_SAMPLE };
  const d = model.deadline as { kind?: string } | null | undefined;
  if (d?.kind === 'handle') model.deadline = wkkgzHandle;
  if (d?.kind === 'appeal') model.deadline = null;
  if ((model.report as { onAppeal?: boolean } | undefined)?.onAppeal) model.report = wkkgzReport;
  // Wkkgz art. 17 lid 2: the one extension, by four weeks.
  if (s.name === 'extension-notice' && model.origin === 'extension') {
    model.moves = [{ kind: 'handle', from: '2027-01-04', to: '2027-02-01', wd: 4, unit: 'weeks' }];
    model.deadline = { ...wkkgzHandle, date: '2027-02-01' };
    // As she writes it (`#verleng 4 weken onderzoek …`): the category first, then her note.
    Object.assign(model, { reason: 'onderzoek het horen van een tweede behandelaar', investigation: true, reasonNote: 'het horen van een tweede behandelaar', forKlager: true, days: 4, unit: 'weeks' });
  }
  return { name: s.name, model };
}

export function previewLetter(nameWithVariant: string, lang: Lang, format: 'text' | 'html', preset: ProcedurePreset = 'lux'): string {
  const { name, model } = sampleForProcedure(nameWithVariant, preset);
  const practice = samplePractice(preset);
  const letter = new LetterRenderer(TEMPLATES_DIR, [practice]).render(name, lang, model, { practiceId: practice.id });
  const tagged = LETTERS[name]?.caseLetter || (name === 'command-reply' && model.hasCase);
  const subject = taggedSubject(tagged ? (model.caseNumber as string) : null, letter.subject);
  return format === 'html' ? letter.html : `Subject: ${subject}\n\n${letter.text}`;
}
