/** The words of the annual report, Dutch and English. Numbers and dates are formatted per language. */
import type { Result } from './report-cases.js';
import type { ReportStep } from './annual-report.js';

export type ReportLanguage = 'nl' | 'en';

export interface ReportLabels {
  title: (year: number) => string;
  generated: (date: string) => string;
  source: string;
  keyFigures: string;
  count: string;
  received: string;
  closed: string;
  openAtYearEnd: (year: number) => string;
  perMonth: string;
  month: string;
  months: readonly string[];
  outcomes: (year: number) => string;
  outcome: string;
  results: Record<Result, string>;
  durations: string;
  durationsNote: string;
  step: string;
  term: string;
  done: string;
  medianWd: string;
  maxWd: string;
  withinTerm: string;
  withinExtendedTerm: string;
  steps: Record<ReportStep, string>;
  extensions: string;
  extensionsSummary: (cases: number, commands: number, wd: number) => string;
  origin: string;
  reason: string;
  times: string;
  workingDays: string;
  origins: Record<'extension' | 'absence', string>;
  noReason: string;
  none: string;
  hearingsExpertsAppeals: string;
  cases: string;
  total: string;
  hearings: string;
  experts: string;
  appealed: string;
  admissible: string;
  inadmissible: string;
  undecided: string;
  destruction: string;
  destroyed: (year: number) => string;
  onSchedule: (grace: number) => string;
  late: string;
  overdue: string;
  legalHolds: (year: number) => string;
  chartTitle: (year: number) => string;
  notes: readonly string[];
  /** Several practices (issue 16). */
  termWeeks: (n: number) => string;
  termVaries: string;
  handleFromReceipt: string;
  handleFromEither: string;
  byPractice: string;
  byPracticeNote: string;
  practice: string;
  noPractice: string;
  handleTerm: string;
  rulings: string;
  rulingsWithinTerm: string;
  destroyedCount: string;
  allPracticesNote: string;
}

const nlMonths = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const enMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const LABELS: Record<ReportLanguage, ReportLabels> = {
  nl: {
    title: (y) => `Jaarverslag klachtenregeling ${y}`,
    generated: (d) => `opgesteld op ${d}`,
    source: 'Bron: de klachtenregistratie, met de anonieme statistiek van vernietigde dossiers. Dit verslag bevat geen namen, adressen of teksten.',
    keyFigures: 'Kerncijfers',
    count: 'aantal',
    received: 'Ontvangen klachten',
    closed: 'Gesloten zaken',
    openAtYearEnd: (y) => `Open op 31 december ${y}`,
    perMonth: 'Per maand',
    month: 'maand',
    months: nlMonths,
    outcomes: (y) => `Uitkomsten van de klachten ontvangen in ${y}`,
    outcome: 'uitkomst',
    results: {
      gegrond: 'gegrond', 'deels-gegrond': 'deels gegrond', ongegrond: 'ongegrond', 'niet-ontvankelijk': 'niet-ontvankelijk',
      'geen-klacht': 'geen klacht', ingetrokken: 'ingetrokken', lopend: 'nog in behandeling', overig: 'anders afgesloten',
    },
    durations: 'Doorlooptijden in werkdagen',
    durationsNote: 'Over de klachten ontvangen in dit jaar die de stap hebben gezet. De startdag telt niet mee.',
    step: 'stap',
    term: 'termijn',
    done: 'gezet',
    medianWd: 'mediaan',
    maxWd: 'max',
    withinTerm: 'binnen termijn',
    withinExtendedTerm: 'binnen verlengde termijn',
    steps: {
      ack: 'Ontvangstbevestiging (ontvangst → bevestiging)',
      present: 'Voorleggen aan beklaagde (bevestiging → voorleggen)',
      response: 'Schriftelijke reactie (voorleggen → reactie)',
      handle: 'Uitspraak (bevestiging → uitspraak)',
    },
    extensions: 'Verlengingen en afwezigheid',
    extensionsSummary: (c, n, wd) => `${c} ${c === 1 ? 'zaak' : 'zaken'}, ${n} keer, samen ${wd} werkdagen.`,
    origin: 'soort',
    reason: 'reden',
    times: 'keer',
    workingDays: 'werkdagen',
    origins: { extension: 'verlenging (#verleng)', absence: 'afwezigheid (#afwezig)' },
    noReason: '(geen reden opgegeven)',
    none: 'Geen.',
    hearingsExpertsAppeals: 'Hoorzittingen, deskundigen en beroep',
    cases: 'zaken',
    total: 'totaal',
    hearings: 'Hoorzittingen',
    experts: 'Deskundigen',
    appealed: 'Beroep ingesteld',
    admissible: 'ontvankelijk',
    inadmissible: 'niet-ontvankelijk',
    undecided: 'nog niet beslist',
    destruction: 'Vernietiging van dossiers (art. 14)',
    destroyed: (y) => `Vernietigd in ${y}`,
    onSchedule: (g) => `waarvan op tijd (binnen ${g} werkdagen na de bewaartermijn)`,
    late: 'waarvan te laat',
    overdue: 'Bewaartermijn verstreken, nog niet vernietigd',
    legalHolds: (y) => `Bewaarplicht ingesteld in ${y} (niet vernietigen, bv. voor een geschilleninstantie of rechter)`,
    chartTitle: (y) => `Ontvangen en gesloten per maand, ${y}`,
    notes: [
      'Ontvangen: klachten met een ontvangstdatum in het jaar. Gesloten: zaken gesloten in het jaar, ongeacht wanneer ontvangen.',
      'Uitkomsten, doorlooptijden, verlengingen, hoorzittingen, deskundigen en beroep gaan over de klachten ontvangen in het jaar, met wat er nu van bekend is.',
      'Binnen termijn: de stap is gezet op of voor de oorspronkelijke termijn; binnen verlengde termijn: op of voor de termijn na verlenging of afwezigheid.',
    ],
    termWeeks: (n) => `${n} ${n === 1 ? 'week' : 'weken'}`,
    termVaries: 'per praktijk',
    handleFromReceipt: 'Uitspraak (ontvangst → uitspraak)',
    handleFromEither: 'Uitspraak (begin van de termijn → uitspraak)',
    byPractice: 'Per praktijk',
    byPracticeNote: 'Elke zaak is gemeten aan de termijn van haar eigen praktijk, zoals die voor haar gold (met verlenging of afwezigheid). Doorlooptijden zijn werkdagen, ook bij een termijn in weken.',
    practice: 'praktijk',
    noPractice: 'nog geen praktijk',
    handleTerm: 'termijn uitspraak',
    rulings: 'uitspraken',
    rulingsWithinTerm: 'uitspraak binnen termijn',
    destroyedCount: 'vernietigd',
    allPracticesNote: 'Alle praktijken samen.',
  },
  en: {
    title: (y) => `Complaints procedure: annual report ${y}`,
    generated: (d) => `drawn up on ${d}`,
    source: 'Source: the complaints register, including the anonymous statistics of destroyed files. This report holds no names, addresses or texts.',
    keyFigures: 'Key figures',
    count: 'count',
    received: 'Complaints received',
    closed: 'Cases closed',
    openAtYearEnd: (y) => `Open on 31 December ${y}`,
    perMonth: 'Per month',
    month: 'month',
    months: enMonths,
    outcomes: (y) => `Outcomes of the complaints received in ${y}`,
    outcome: 'outcome',
    results: {
      gegrond: 'well-founded', 'deels-gegrond': 'partly well-founded', ongegrond: 'unfounded', 'niet-ontvankelijk': 'inadmissible',
      'geen-klacht': 'not a complaint', ingetrokken: 'withdrawn', lopend: 'still running', overig: 'closed otherwise',
    },
    durations: 'Working days per step',
    durationsNote: 'Over the complaints received in the year that took the step. The start day does not count.',
    step: 'step',
    term: 'term',
    done: 'taken',
    medianWd: 'median',
    maxWd: 'max',
    withinTerm: 'within term',
    withinExtendedTerm: 'within extended term',
    steps: {
      ack: 'Acknowledgement (receipt → acknowledgement)',
      present: 'Presentation to the person complained about (acknowledgement → presentation)',
      response: 'Written response (presentation → response)',
      handle: 'Ruling (acknowledgement → ruling)',
    },
    extensions: 'Extensions and absences',
    extensionsSummary: (c, n, wd) => `${c} ${c === 1 ? 'case' : 'cases'}, ${n} times, ${wd} working days in all.`,
    origin: 'kind',
    reason: 'reason',
    times: 'times',
    workingDays: 'working days',
    origins: { extension: 'extension (#extend)', absence: 'absence (#absent)' },
    noReason: '(no reason given)',
    none: 'None.',
    hearingsExpertsAppeals: 'Hearings, experts and appeals',
    cases: 'cases',
    total: 'total',
    hearings: 'Hearings',
    experts: 'Experts',
    appealed: 'Appeals',
    admissible: 'admissible',
    inadmissible: 'inadmissible',
    undecided: 'not yet decided',
    destruction: 'Destruction of files (art. 14)',
    destroyed: (y) => `Destroyed in ${y}`,
    onSchedule: (g) => `of which on schedule (within ${g} working days of the end of retention)`,
    late: 'of which late',
    overdue: 'Retention ended, not yet destroyed',
    legalHolds: (y) => `Legal holds placed in ${y} (not to be destroyed, e.g. for a disputes body or a court)`,
    chartTitle: (y) => `Received and closed per month, ${y}`,
    notes: [
      'Received: complaints with a date of receipt in the year. Closed: cases closed in the year, whenever received.',
      'Outcomes, working days, extensions, hearings, experts and appeals concern the complaints received in the year, as far as known now.',
      'Within term: the step was taken on or before the original deadline; within extended term: on or before the deadline after extensions and absences.',
    ],
    termWeeks: (n) => `${n} ${n === 1 ? 'week' : 'weeks'}`,
    termVaries: 'per practice',
    handleFromReceipt: 'Ruling (receipt → ruling)',
    handleFromEither: 'Ruling (start of the term → ruling)',
    byPractice: 'Per practice',
    byPracticeNote: 'Each case is measured against the term of its own practice, as it applied to it (with extensions or absences). Durations are working days, also where a term is in weeks.',
    practice: 'practice',
    noPractice: 'no practice yet',
    handleTerm: 'term of the ruling',
    rulings: 'rulings',
    rulingsWithinTerm: 'ruling within term',
    destroyedCount: 'destroyed',
    allPracticesNote: 'All practices together.',
  },
};
