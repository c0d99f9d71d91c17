/**
 * The annual report from a store and the configuration: gather the anonymous case records,
 * count, and render as Markdown, HTML or JSON. Reads only; a store opened read-only will do.
 */
import type { Config } from '../config.js';
import type { LocalDate, WorkingDayCalendar } from '../domain/calendar.js';
import type { Store } from '../store/store.js';
import { annualReport, type AnnualReport } from './annual-report.js';
import type { ReportLanguage } from './labels.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { reportCases } from './report-cases.js';

export type ReportFormat = 'md' | 'html' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'json'];

export function buildAnnualReport(store: Store, config: Config, calendar: WorkingDayCalendar, year: number, today: LocalDate): AnnualReport {
  const cases = reportCases(store, { timeZone: config.timeZone, retentionMonths: config.retentionMonths, calendar });
  const t = config.terms;
  return annualReport(cases, { year, today, calendar, terms: { ack: t.ackWd, present: t.presentWd, response: t.responseWd, handle: t.handleWd },
    legalHoldsPlaced: store.holds.countPlacedIn(year) });
}

export function renderReport(report: AnnualReport, format: ReportFormat, lang: ReportLanguage, practiceName: string): string {
  switch (format) {
    case 'json': return `${JSON.stringify(report, null, 2)}\n`;
    case 'html': return renderHtml(report, lang, practiceName);
    case 'md': return renderMarkdown(report, lang, practiceName);
  }
}
