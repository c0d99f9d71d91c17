/**
 * `complaint-desk report --year N [--practice ID] [--format md|html|json] [--lang nl|en] [--output FILE]`:
 * the annual report (jaarverslag, art. 12, SPEC §9) from the store, read-only. Counts only: no
 * name, address or text of any case is in it, so it can be published as it is. On a desk of
 * several practices (issue 16): `--practice ID` makes that practice's report, on its own terms;
 * without it, one combined report with a row per practice.
 */
import { CliError } from '../errors/index.js';
import { writeFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { buildAnnualReport, renderReport, reportPracticeName, REPORT_FORMATS, type ReportFormat } from '../annual-report/build-report.js';
import { choosePractice, practiceIdList } from '../use-cases/practice-filter.js';
import type { ReportLanguage } from '../annual-report/labels.js';
import { calendarOf, openReadOnly, todayIn, type Output } from './common.js';

export interface ReportCommandOptions {
  year?: string;
  format?: string;
  lang?: string;
  output?: string;
  practice?: string;
}

function usage(opts: ReportCommandOptions, config: Config, today: string): { year: number; format: ReportFormat; lang: ReportLanguage } {
  const year = opts.year === undefined ? Number(today.slice(0, 4)) - 1 : Number(opts.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2999) throw new CliError(`--year takes a year such as 2026, not '${opts.year}'`, 2);
  const format = (opts.format ?? 'md') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new CliError(`--format takes ${REPORT_FORMATS.join(', ')}, not '${opts.format}'`, 2);
  const lang = (opts.lang ?? config.defaultLanguage) as ReportLanguage;
  if (lang !== 'nl' && lang !== 'en') throw new CliError(`--lang takes nl or en, not '${opts.lang}'`, 2);
  if (!choosePractice(config.practices, opts.practice)) throw new CliError(`unknown practice '${opts.practice}': use one of ${practiceIdList(config.practices)}`, 2);
  return { year, format, lang };
}

export function runReport(config: Config, opts: ReportCommandOptions, out: Output, clock: Clock = systemClock): void {
  const today = todayIn(config, clock);
  const { year, format, lang } = usage(opts, config, today);
  const store = openReadOnly(config);
  let text: string;
  try {
    const report = buildAnnualReport(store, config, calendarOf(config), year, today, opts.practice);
    text = renderReport(report, format, lang, reportPracticeName(config, opts.practice));
  } finally {
    store.close();
  }
  if (opts.output) {
    writeFileSync(opts.output, text, { mode: 0o644 });
    out.write(`annual report ${year} written to ${opts.output}\n`);
  } else out.write(text);
}
