/**
 * The annual report laid out once, as titled tables of already formatted cells, so that the
 * Markdown and the HTML say exactly the same. Every cell is a number, a date or one of our own
 * labels; the only words that come from the store are extension reasons, already cut down by
 * reasonLabel.
 */
import type { TermRule } from '../domain/procedure.js';
import { REPORT_STEPS, type AnnualReport, type StepFigures } from './annual-report.js';
import { LABELS, type ReportLabels, type ReportLanguage } from './labels.js';
import { RESULTS } from './report-cases.js';

export interface Table {
  head: string[];
  /** 'l' or 'r' per column. */
  align: ('l' | 'r')[];
  rows: string[][];
}

export interface Section {
  title: string;
  /** Lines of text before the table. */
  text?: string[];
  table?: Table;
  /** The HTML places the monthly chart in this section. */
  chart?: boolean;
}

export interface ReportLayout {
  title: string;
  subtitle: string;
  source: string;
  sections: Section[];
  notes: readonly string[];
  labels: ReportLabels;
}

/** Number formatting per language: 2,5 in Dutch, 2.5 in English. */
export function formatNumber(n: number, lang: ReportLanguage): string {
  return new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1, useGrouping: false }).format(n);
}

function part(n: number, share: number | null, lang: ReportLanguage): string {
  return share === null ? '–' : `${n} (${formatNumber(Math.round(share * 1000) / 10, lang)}%)`;
}

/** A term as the table shows it: working days as a number (the table is in working days), weeks in words. */
function termCell(t: TermRule | null, L: ReportLabels): string {
  if (t === null) return L.termVaries;
  return t.unit === 'weeks' ? L.termWeeks(t.length) : String(t.length);
}

function stepRow(label: string, s: StepFigures, lang: ReportLanguage): string[] {
  const num = (v: number | null) => (v === null ? '–' : formatNumber(v, lang));
  return [label, termCell(s.term, LABELS[lang]), String(s.done), num(s.medianWd), num(s.maxWd), part(s.withinTerm, s.shareWithinTerm, lang),
    part(s.withinExtendedTerm, s.shareWithinExtendedTerm, lang)];
}

/** The report's sections in the given language. `practiceName` is the organisation, never a person. */
export function layoutReport(r: AnnualReport, lang: ReportLanguage, practiceName: string): ReportLayout {
  const L = LABELS[lang];
  const y = r.year;
  const sections: Section[] = [
    {
      title: L.keyFigures,
      table: { head: ['', L.count], align: ['l', 'r'], rows: [[L.received, String(r.received)], [L.closed, String(r.closed)], [L.openAtYearEnd(y), String(r.openAtYearEnd)]] },
    },
    {
      title: L.perMonth, chart: true,
      table: {
        head: [L.month, ...L.months, L.total], align: ['l', ...L.months.map(() => 'r' as const), 'r'],
        rows: [
          [L.received, ...r.months.map((m) => String(m.received)), String(r.months.reduce((n, m) => n + m.received, 0))],
          [L.closed, ...r.months.map((m) => String(m.closed)), String(r.months.reduce((n, m) => n + m.closed, 0))],
        ],
      },
    },
    {
      title: L.outcomes(y),
      table: { head: [L.outcome, L.count], align: ['l', 'r'], rows: RESULTS.filter((k) => k !== 'overig' || r.outcomes.overig > 0).map((k) => [L.results[k], String(r.outcomes[k])]) },
    },
    {
      title: L.durations, text: [L.durationsNote],
      table: {
        head: [L.step, L.term, L.done, L.medianWd, L.maxWd, L.withinTerm, L.withinExtendedTerm], align: ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
        rows: REPORT_STEPS.map((s) => stepRow(stepLabel(r, s, L), r.steps[s], lang)),
      },
    },
    ...practiceSection(r, lang),
    {
      title: L.extensions,
      text: [r.extensions.commands === 0 ? L.none : L.extensionsSummary(r.extensions.cases, r.extensions.commands, r.extensions.workingDays)],
      table: r.extensions.byReason.length === 0 ? undefined : {
        head: [L.origin, L.reason, L.times, L.workingDays], align: ['l', 'l', 'r', 'r'],
        rows: r.extensions.byReason.map((e) => [L.origins[e.origin], e.reason || L.noReason, String(e.commands), String(e.workingDays)]),
      },
    },
    {
      title: L.hearingsExpertsAppeals,
      table: {
        head: ['', L.cases, L.total], align: ['l', 'r', 'r'],
        rows: [
          [L.hearings, String(r.hearings.cases), String(r.hearings.hearings)],
          [L.experts, String(r.experts.cases), String(r.experts.experts)],
          [L.appealed, String(r.appeals.appealed), String(r.appeals.appealed)],
          [`– ${L.admissible}`, String(r.appeals.admissible), ''],
          [`– ${L.inadmissible}`, String(r.appeals.inadmissible), ''],
          [`– ${L.undecided}`, String(r.appeals.undecided), ''],
        ],
      },
    },
    {
      title: L.destruction,
      table: {
        head: ['', L.count], align: ['l', 'r'],
        rows: [
          [L.destroyed(y), String(r.destruction.destroyed)],
          [`– ${L.onSchedule(r.destruction.graceWd)}`, String(r.destruction.onSchedule)],
          [`– ${L.late}`, String(r.destruction.late)],
          [L.overdue, String(r.destruction.overdue)],
          [L.legalHolds(y), String(r.destruction.legalHolds)],
        ],
      },
    },
  ];
  const whom = r.practice?.id === '' ? L.noPractice : practiceName;
  return { title: L.title(y), subtitle: `${whom} · ${L.generated(r.generatedOn)}`, source: L.source, sections, notes: L.notes, labels: L };
}

/** The ruling's step names where its term starts: at the receipt in the Wkkgz (issue 16). */
function stepLabel(r: AnnualReport, s: (typeof REPORT_STEPS)[number], L: ReportLabels): string {
  if (s !== 'handle' || !r.handleFrom || r.handleFrom === 'acknowledgement') return L.steps[s];
  return r.handleFrom === 'receipt' ? L.handleFromReceipt : L.handleFromEither;
}

/** A combined report of several practices: one row per practice, each against its own terms. */
function practiceSection(r: AnnualReport, lang: ReportLanguage): Section[] {
  if (!r.byPractice) return [];
  const L = LABELS[lang];
  return [{
    title: L.byPractice, text: [L.byPracticeNote],
    table: {
      head: [L.practice, L.received, L.closed, L.openAtYearEnd(r.year), L.handleTerm, L.rulings, L.rulingsWithinTerm, L.destroyedCount],
      align: ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      rows: r.byPractice.map((p) => [
        p.id ? `${p.name} (${p.id})` : L.noPractice, String(p.received), String(p.closed), String(p.openAtYearEnd),
        p.id ? termCell(p.handle.term, L) : '–', String(p.handle.done), part(p.handle.withinTerm, p.handle.shareWithinTerm, lang), String(p.destroyed),
      ]),
    },
  }];
}
