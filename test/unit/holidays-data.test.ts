/**
 * src/domain/holidays-nl-table.ts holds the dates date-holidays gives for the Dutch holidays we
 * use, so that the service does not load date-holidays (some 35 MB resident) for them. These
 * tests keep the table equal to date-holidays, year by year, so an upgrade of date-holidays that
 * changes a date, or a change of SELECTED, cannot leave it stale silently.
 *
 * To regenerate the table (after `npx tsc -p .`):
 *   UPDATE_HOLIDAYS_TABLE=1 npx mocha --no-config dist/test/unit/holidays-data.test.js
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { FIRST_HOLIDAY_YEAR, SELECTED, dutchHolidays, selectedDatesFromLibrary } from '../../src/domain/holidays-nl.js';
import { NL_HOLIDAY_DATES } from '../../src/domain/holidays-nl-table.js';

/** The last year the table covers: far past any deadline, retention or report the service computes. */
const LAST_TABLE_YEAR = 2199;
const TABLE_SOURCE = new URL('../../../src/domain/holidays-nl-table.ts', import.meta.url);

/** One table row: the 'MM-DD' dates of the SELECTED rules in `year`, space-separated, as date-holidays gives them. */
function rowFromLibrary(year: number): string {
  return selectedDatesFromLibrary(year).map((d) => d.slice(5)).join(' ');
}

/** The text of holidays-nl-table.ts as generated from date-holidays. */
function tableSource(): string {
  const rows: string[] = [];
  for (let y = FIRST_HOLIDAY_YEAR; y <= LAST_TABLE_YEAR; y++) rows.push(`  ${y}: '${rowFromLibrary(y)}',`);
  return [
    '/**',
    ' * GENERATED from date-holidays; do not edit. Regenerate with (after `npx tsc -p .`):',
    ' *   UPDATE_HOLIDAYS_TABLE=1 npx mocha --no-config dist/test/unit/holidays-data.test.js',
    ' * test/unit/holidays-data.test.ts fails when this table and date-holidays disagree.',
    ' *',
    ' * Per year, the local dates (MM-DD, Europe/Amsterdam) date-holidays (NL) gives for the rules',
    ' * of SELECTED in holidays-nl.ts, in that order:',
    ` * ${SELECTED.map(([, name]) => name).join(', ')}.`,
    ' * holidays-nl.ts asks date-holidays itself for a year not in here.',
    ' */',
    'export const NL_HOLIDAY_DATES: Readonly<Record<number, string>> = {',
    ...rows,
    '};',
    '',
  ].join('\n');
}

describe('holidays-nl-table (generated from date-holidays)', function () {
  this.timeout(120_000);

  before(function () {
    if (process.env.UPDATE_HOLIDAYS_TABLE === '1') {
      writeFileSync(TABLE_SOURCE, tableSource());
      console.log(`    wrote ${fileURLToPath(TABLE_SOURCE)}; rebuild and run again to check it`);
      this.skip();
    }
  });

  it(`covers every year from ${FIRST_HOLIDAY_YEAR} to ${LAST_TABLE_YEAR}, and no other`, () => {
    const years = Object.keys(NL_HOLIDAY_DATES).map(Number);
    expect(years).to.deep.equal(Array.from({ length: LAST_TABLE_YEAR - FIRST_HOLIDAY_YEAR + 1 }, (_, i) => FIRST_HOLIDAY_YEAR + i));
  });

  it('equals what date-holidays gives, year by year', () => {
    for (let y = FIRST_HOLIDAY_YEAR; y <= LAST_TABLE_YEAR; y++) {
      expect(NL_HOLIDAY_DATES[y], `${y} (regenerate: see the top of this test)`).to.equal(rowFromLibrary(y));
    }
  });

  it('after the table, dutchHolidays asks date-holidays', () => {
    for (const y of [LAST_TABLE_YEAR + 1, 2500, 9999]) {
      const dates = selectedDatesFromLibrary(y);
      const expected = SELECTED.map(([, name], i) => ({ date: dates[i], name })).sort((a, b) => (a.date! < b.date! ? -1 : 1));
      expect(dutchHolidays(y, 'yearly'), String(y)).to.deep.equal(expected);
    }
  });

  it('does not load date-holidays for a year in the table', () => {
    const modulePath = fileURLToPath(new URL('../../src/domain/holidays-nl.js', import.meta.url));
    // A resolve hook sees ESM imports of it; require.cache shows a require() of it.
    const hook = `export async function resolve(s, c, next) {
      if (s.startsWith('date-holidays')) throw new Error('imported ' + s);
      return next(s, c);
    }`;
    const script = `
      import { createRequire, register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
      const { dutchHolidays } = await import(${JSON.stringify(modulePath)});
      for (let y = 2014; y <= 2100; y++) dutchHolidays(y, 'lustrum');
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('date-holidays'));
      console.log(JSON.stringify(loaded));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).to.deep.equal([]);
  });
});
