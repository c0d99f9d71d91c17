/**
 * The annual report from a store and the configuration: gather the anonymous case records,
 * count, and render as Markdown, HTML or JSON. Reads only; a store opened read-only will do.
 * On a desk of several practices (issue 16): the report of one practice (`practiceId`), on its
 * own procedure's terms, or the combined report of all of them with a row per practice.
 */
import type { Config } from '../config.js';
import type { LocalDate, WorkingDayCalendar } from '../domain/calendar.js';
import type { PracticeSet } from '../domain/practice.js';
import type { Procedure, TermRule } from '../domain/procedure.js';
import type { Store } from '../store/store.js';
import { choosePractice } from '../use-cases/practice-filter.js';
import { practiceOfCase } from '../use-cases/practice-of.js';
import { annualReport, REPORT_STEPS, type AnnualReport, type PracticeFigures, type ReportStep } from './annual-report.js';
import type { ReportLanguage } from './labels.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { reportCases, type ReportCase } from './report-cases.js';

export type ReportFormat = 'md' | 'html' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'json'];

type Terms = Record<ReportStep, TermRule | null>;

const termsOf = (p: Procedure): Terms => ({ ack: p.terms.ack, present: p.terms.present, response: p.terms.response, handle: p.terms.handle });

/** Each step's term where every practice has the same; null where they differ. */
function commonTerms(set: PracticeSet): Terms {
  const each = set.practices.map((p) => termsOf(p.procedure));
  const same = (a: TermRule | null, b: TermRule | null) => a?.length === b?.length && a?.unit === b?.unit;
  return Object.fromEntries(REPORT_STEPS.map((s) => [s, each.every((t) => same(t[s], each[0]![s])) ? each[0]![s] : null])) as Terms;
}

/**
 * The report of `year`: of practice `practiceId` (its id, or `none` for the cases held under no
 * practice), or without it of the whole desk. Unknown ids are the caller's to refuse (the CLI does).
 */
export function buildAnnualReport(store: Store, config: Config, calendar: WorkingDayCalendar, year: number, today: LocalDate, practiceId?: string): AnnualReport {
  const set = config.practices;
  const all = reportCases(store, {
    timeZone: config.timeZone, retentionMonths: config.retentionMonths, calendar,
    practiceOf: (c) => practiceOfCase({ config }, c)?.id ?? null,
  });
  const report = (cases: readonly ReportCase[], terms: Terms, holdsOfCases: boolean) => annualReport(cases, {
    year, today, calendar, terms, legalHoldsPlaced: store.holds.countPlacedIn(year, holdsOfCases ? cases.map((c) => c.caseId) : undefined),
  });
  const choice = choosePractice(set, practiceId);
  if (!choice) throw new Error(`no practice '${practiceId}'`);
  if (choice.practiceIds) {
    const ids = choice.practiceIds;
    const p = choice.practice;
    const r = report(all.filter((c) => ids.includes(c.practiceId)), p ? termsOf(p.procedure) : commonTerms(set), true);
    return { ...r, practice: p ? { id: p.id, name: p.name } : { id: '', name: '' }, handleFrom: p ? p.procedure.handleFrom : handleFromOf(set) };
  }
  const r = report(all, commonTerms(set), false);
  if (set.single) return r;
  const byPractice = [
    ...set.practices.map((p) => practiceFigures(p.id, p.name, report(all.filter((c) => c.practiceId === p.id), termsOf(p.procedure), true))),
    practiceFigures('', '', report(all.filter((c) => c.practiceId === null), commonTerms(set), true)),
  ].filter((f) => f.id !== '' || f.received + f.closed + f.openAtYearEnd + f.destroyed > 0);
  return { ...r, practice: null, byPractice, handleFrom: handleFromOf(set) };
}

function handleFromOf(set: PracticeSet): AnnualReport['handleFrom'] {
  const from = new Set(set.practices.map((p) => p.procedure.handleFrom));
  return from.size === 1 ? [...from][0] : 'either';
}

function practiceFigures(id: string, name: string, r: AnnualReport): PracticeFigures {
  const h = r.steps.handle;
  return {
    id, name, received: r.received, closed: r.closed, openAtYearEnd: r.openAtYearEnd, destroyed: r.destruction.destroyed,
    handle: { term: h.term, done: h.done, medianWd: h.medianWd, withinTerm: h.withinTerm, shareWithinTerm: h.shareWithinTerm },
  };
}

/** Whom the report is of, for its title: the practice's name, or on a combined report all of theirs. */
export function reportPracticeName(config: Config, practiceId?: string): string {
  const set = config.practices;
  const choice = choosePractice(set, practiceId);
  if (choice?.practice) return choice.practice.name;
  if (set.single) return config.practiceName;
  return set.practices.map((p) => p.name).join(', ');
}

export function renderReport(report: AnnualReport, format: ReportFormat, lang: ReportLanguage, practiceName: string): string {
  switch (format) {
    case 'json': return `${JSON.stringify(report, null, 2)}\n`;
    case 'html': return renderHtml(report, lang, practiceName);
    case 'md': return renderMarkdown(report, lang, practiceName);
  }
}
