import { expect } from 'chai';
import {
  WorkingDayCalendar, addDays, atLocalTime, localDateOf, parseLocalDate, weekday,
  type CalendarOptions, type LocalDate,
} from '../../src/domain/calendar.js';

const AMS = 'Europe/Amsterdam';
const cal = (o: Partial<CalendarOptions> = {}) =>
  new WorkingDayCalendar({ liberationDay: 'yearly', closedDays: [], ...o });
const yearly = cal();
const lustrum = cal({ liberationDay: 'lustrum' });

/** Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm: independent of date-holidays. */
function easter(year: number): LocalDate {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The SPEC §3 list computed from first principles (weekday via Date, Easter above). */
function expectedHolidays(year: number, liberation: 'yearly' | 'lustrum') {
  const e = easter(year);
  const apr27 = `${year}-04-27`;
  const koningsdag = new Date(`${apr27}T00:00Z`).getUTCDay() === 0 ? `${year}-04-26` : apr27;
  return [
    { date: `${year}-01-01`, name: 'Nieuwjaarsdag' },
    { date: addDays(e, -2), name: 'Goede Vrijdag' },
    { date: addDays(e, 1), name: 'Tweede Paasdag' },
    { date: koningsdag, name: 'Koningsdag' },
    ...(liberation === 'yearly' || year % 5 === 0 ? [{ date: `${year}-05-05`, name: 'Bevrijdingsdag' }] : []),
    { date: addDays(e, 39), name: 'Hemelvaartsdag' },
    { date: addDays(e, 50), name: 'Tweede Pinksterdag' },
    { date: `${year}-12-25`, name: 'Eerste Kerstdag' },
    { date: `${year}-12-26`, name: 'Tweede Kerstdag' },
  ].sort((x, y) => (x.date < y.date ? -1 : 1));
}

// Written out by hand (Easter: 2025-04-20, 2026-04-05, 2027-03-28, 2028-04-16, 2029-04-01,
// 2030-04-21, 2031-04-13; then −2, +1, +39, +50 days). Order: Nieuwjaar, Goede Vrijdag, Tweede
// Paasdag, Koningsdag, Bevrijdingsdag, Hemelvaart, Tweede Pinksterdag, Kerst 1 and 2.
const HOLIDAYS: Record<number, string[]> = {
  2025: ['01-01', '04-18', '04-21', '04-26' /* 27th is a Sunday */, '05-05', '05-29', '06-09', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '04-27', '05-05', '05-14', '05-25', '12-25', '12-26'],
  2027: ['01-01', '03-26', '03-29', '04-27', '05-05', '05-06', '05-17', '12-25', '12-26'],
  2028: ['01-01', '04-14', '04-17', '04-27', '05-05', '05-25', '06-05', '12-25', '12-26'],
  2029: ['01-01', '03-30', '04-02', '04-27', '05-05', '05-10', '05-21', '12-25', '12-26'],
  2030: ['01-01', '04-19', '04-22', '04-27' /* a Saturday: not moved */, '05-05', '05-30', '06-10', '12-25', '12-26'],
  2031: ['01-01', '04-11', '04-14', '04-26' /* 27th is a Sunday */, '05-05', '05-22', '06-02', '12-25', '12-26'],
};
const NAMES = ['Nieuwjaarsdag', 'Goede Vrijdag', 'Tweede Paasdag', 'Koningsdag', 'Bevrijdingsdag',
  'Hemelvaartsdag', 'Tweede Pinksterdag', 'Eerste Kerstdag', 'Tweede Kerstdag'];

describe('calendar', () => {
  describe('parseLocalDate', () => {
    for (const ok of ['2026-01-01', '2024-02-29', '2000-02-29', '2026-12-31']) {
      it(`accepts ${ok}`, () => expect(parseLocalDate(ok)).to.equal(ok));
    }
    for (const bad of ['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00',
      '2026-01-32', '26-01-01', '2026-1-1', '20260101', '2026/01/01', ' 2026-01-01', '2026-01-01T00:00', '', '0050-01-01']) {
      it(`rejects '${bad}'`, () => expect(() => parseLocalDate(bad)).to.throw(Error, /YYYY-MM-DD/));
    }
  });

  describe('addDays and weekday', () => {
    const cases: [LocalDate, number, LocalDate, number][] = [
      ['2026-01-01', 0, '2026-01-01', 4], // 1 Jan 2026 is a Thursday
      ['2026-12-31', 1, '2027-01-01', 5],
      ['2024-02-28', 1, '2024-02-29', 4],
      ['2026-03-01', -1, '2026-02-28', 6],
      ['2026-03-29', 1, '2026-03-30', 1], // DST change is irrelevant to date arithmetic
      ['2026-10-25', 7, '2026-11-01', 0],
    ];
    for (const [d, n, want, wd] of cases) {
      it(`${d} ${n >= 0 ? '+' : ''}${n} = ${want} (weekday ${wd})`, () => {
        expect(addDays(d, n)).to.equal(want);
        expect(weekday(want)).to.equal(wd);
      });
    }
  });

  describe('localDateOf', () => {
    const cases: [string, string, LocalDate][] = [
      ['2026-10-24T21:59:00Z', AMS, '2026-10-24'], // 23:59 CEST
      ['2026-10-24T22:00:00Z', AMS, '2026-10-25'], // 00:00 CEST
      ['2026-10-25T00:30:00Z', AMS, '2026-10-25'], // 02:30 CEST, first time
      ['2026-10-25T01:30:00Z', AMS, '2026-10-25'], // 02:30 CET, second time
      ['2026-10-25T22:59:59Z', AMS, '2026-10-25'], // 23:59:59 CET
      ['2026-10-25T23:00:00Z', AMS, '2026-10-26'], // 00:00 CET
      ['2026-03-28T23:00:00Z', AMS, '2026-03-29'], // 00:00 CET
      ['2026-03-29T21:59:59Z', AMS, '2026-03-29'], // 23:59:59 CEST
      ['2026-03-29T22:00:00Z', AMS, '2026-03-30'],
      ['2026-12-31T23:30:00Z', AMS, '2027-01-01'], // New Year arrives an hour early in Amsterdam
      ['2026-12-31T23:30:00Z', 'UTC', '2026-12-31'],
      ['2026-01-01T03:00:00Z', 'America/New_York', '2025-12-31'],
    ];
    for (const [iso, tz, want] of cases) {
      it(`${iso} in ${tz} is ${want}`, () => expect(localDateOf(new Date(iso), tz)).to.equal(want));
    }
    it('rejects an invalid Date and an unknown zone', () => {
      expect(() => localDateOf(new Date('nope'), AMS)).to.throw(Error);
      expect(() => localDateOf(new Date(), 'Europe/Atlantis')).to.throw(RangeError);
    });
  });

  describe('atLocalTime', () => {
    const cases: [LocalDate, number, number, string, string][] = [
      ['2026-03-28', 9, 0, AMS, '2026-03-28T08:00:00.000Z'], // CET, day before spring DST
      ['2026-03-29', 9, 0, AMS, '2026-03-29T07:00:00.000Z'], // CEST, the day itself
      ['2026-10-24', 9, 0, AMS, '2026-10-24T07:00:00.000Z'], // CEST, day before autumn DST
      ['2026-10-25', 9, 0, AMS, '2026-10-25T08:00:00.000Z'], // CET, the day itself
      ['2026-03-29', 2, 30, AMS, '2026-03-29T01:30:00.000Z'], // skipped hour: becomes 03:30 CEST
      ['2026-10-25', 2, 30, AMS, '2026-10-25T00:30:00.000Z'], // happens twice: the earlier one
      ['2026-10-25', 0, 0, AMS, '2026-10-24T22:00:00.000Z'],
      ['2026-06-01', 23, 59, 'UTC', '2026-06-01T23:59:00.000Z'],
      ['2026-01-15', 9, 0, 'America/New_York', '2026-01-15T14:00:00.000Z'],
    ];
    for (const [d, h, m, tz, want] of cases) {
      it(`${d} ${h}:${String(m).padStart(2, '0')} in ${tz} is ${want}`, () => {
        const at = atLocalTime(d, h, m, tz);
        expect(at.toISOString()).to.equal(want);
        expect(localDateOf(at, tz)).to.equal(d);
      });
    }
    it('rejects an impossible time or date', () => {
      expect(() => atLocalTime('2026-01-01', 24, 0, AMS)).to.throw(Error);
      expect(() => atLocalTime('2026-01-01', 9, 60, AMS)).to.throw(Error);
      expect(() => atLocalTime('2026-02-30', 9, 0, AMS)).to.throw(Error, /YYYY-MM-DD/);
    });
  });

  describe('holidays', () => {
    for (const [year, days] of Object.entries(HOLIDAYS)) {
      it(`${year}: the exact list, by hand and by an independent Easter computation`, () => {
        const y = Number(year);
        const table = days.map((md, i) => ({ date: `${y}-${md}`, name: NAMES[i] }));
        expect(expectedHolidays(y, 'yearly'), 'hand table vs computation').to.deep.equal(table);
        expect(yearly.holidaysOf(y)).to.deep.equal(table);
        expect(lustrum.holidaysOf(y)).to.deep.equal(table.filter((h) => h.name !== 'Bevrijdingsdag' || y % 5 === 0));
      });
    }

    it('date-holidays agrees with the independent computation for 2014–2100', () => {
      for (let y = 2014; y <= 2100; y++) {
        expect(yearly.holidaysOf(y), String(y)).to.deep.equal(expectedHolidays(y, 'yearly'));
        expect(lustrum.holidaysOf(y), String(y)).to.deep.equal(expectedHolidays(y, 'lustrum'));
      }
    });

    it('refuses years before the 2014 Koningsdag rule', () => {
      expect(() => yearly.holidaysOf(2013)).to.throw(RangeError);
    });

    const koningsdag: [number, LocalDate][] = [[2025, '2025-04-26'], [2026, '2026-04-27'], [2031, '2031-04-26'], [2036, '2036-04-26']];
    for (const [year, date] of koningsdag) {
      it(`Koningsdag ${year} is ${date}`, () => {
        expect(yearly.holidaysOf(year).find((h) => h.name === 'Koningsdag')?.date).to.equal(date);
      });
    }
    it('a Koningsdag moved to Saturday gives no Monday off', () => {
      expect(yearly.isWorkingDay('2025-04-28')).to.equal(true);
      expect(yearly.isWorkingDay('2026-04-27')).to.equal(false); // a Monday Koningsdag
    });

    const liberation: [LocalDate, boolean, boolean][] = [
      // date, working with 'yearly', working with 'lustrum'
      ['2025-05-05', false, false], // Monday, lustrum year
      ['2026-05-05', false, true], // Tuesday, not a lustrum year
      ['2027-05-05', false, true],
      ['2030-05-05', false, false], // lustrum year, and a Sunday anyway
      ['2035-05-05', false, false], // Saturday
      ['2026-05-04', true, true], // Dodenherdenking is not a day off
    ];
    for (const [d, y, l] of liberation) {
      it(`${d}: working ${y} with 'yearly', ${l} with 'lustrum'`, () => {
        expect(yearly.isWorkingDay(d)).to.equal(y);
        expect(lustrum.isWorkingDay(d)).to.equal(l);
      });
    }
  });

  describe('isWorkingDay', () => {
    const cases: [LocalDate, boolean][] = [
      ['2026-03-06', true], ['2026-03-07', false], ['2026-03-08', false], // Fri, Sat, Sun
      ['2026-04-03', false], ['2026-04-05', false], ['2026-04-06', false], // Goede Vrijdag, Pasen, Paasmaandag
      ['2026-05-14', false], ['2026-05-25', false], ['2026-12-24', true], ['2026-12-31', true],
    ];
    for (const [d, want] of cases) it(`${d} → ${want}`, () => expect(yearly.isWorkingDay(d)).to.equal(want));
  });

  describe('addWorkingDays', () => {
    // Each hand-counted against a printed calendar; 1 Jan 2026 is a Thursday, 1 Jan 2025 a Wednesday.
    const cases: [string, WorkingDayCalendar, LocalDate, number, LocalDate][] = [
      ['Friday +1 is Monday', yearly, '2026-03-06', 1, '2026-03-09'],
      ['Saturday +1 is Monday', yearly, '2026-03-07', 1, '2026-03-09'],
      ['Sunday +1 is Monday', yearly, '2026-03-08', 1, '2026-03-09'],
      ['n = 0 is the start, even on a Saturday', yearly, '2026-03-07', 0, '2026-03-07'],
      ['received on Goede Vrijdag: +1 skips Paasmaandag', yearly, '2026-04-03', 1, '2026-04-07'],
      // 21–24 Dec (4), 28–31 Dec (8), 4–5 Jan (10); 25/26 Dec and 1 Jan off.
      ['10 wd across Christmas and New Year', yearly, '2026-12-18', 10, '2027-01-05'],
      // received Saturday Tweede Kerstdag: 28–31 Dec (4), 4–8 Jan (9), 11 Jan (10).
      ['10 wd from a Saturday holiday', yearly, '2026-12-26', 10, '2027-01-11'],
      // 15 May (1), 18–22 (6), Whit Monday 25 off, 26–29 (10).
      ['10 wd across Hemelvaart and Pinksteren', yearly, '2026-05-13', 10, '2026-05-29'],
      // SPEC ack term: received Thu 26 Mar; 27 Mar–2 Apr (5), 3 and 6 Apr off, 7–10 Apr (9), 13 Apr (10).
      ['ack: 10 wd across Easter', yearly, '2026-03-26', 10, '2026-04-13'],
      // SPEC handle term: ack Fri 10 Apr; 13–24 Apr (10), Koningsdag 27 off, 28 Apr–1 May (14),
      // 4 May (15), Bevrijdingsdag 5 off, 6–8 (18), 11–13 (21), Hemelvaart 14 off, 15 (22),
      // 18–22 (27), Whit Monday 25 off, 26–28 (30).
      ['handle: 30 wd across Koningsdag, 5 May, Hemelvaart, Pinksteren', yearly, '2026-04-10', 30, '2026-05-28'],
      ['the same with lustrum: 5 May 2026 counts, one day earlier', lustrum, '2026-04-10', 30, '2026-05-27'],
      // handle from Fri 20 Nov: 4 full weeks (20) to 18 Dec, 21–24 Dec (24), 28–31 Dec (28), 4–5 Jan (30).
      ['handle: 30 wd across the year end', yearly, '2026-11-20', 30, '2027-01-05'],
      // appeal from Thu 17 Apr 2025: 18 and 21 Apr off, 22–25 (4), 28 Apr–2 May (9), 5 May off,
      // 6–9 (13), 12–16 (18), 19–20 (20).
      ['appeal: 20 wd across Easter, Koningsdag on Saturday, 5 May 2025', lustrum, '2025-04-17', 20, '2025-05-20'],
      // closed 24 and 31 Dec: 21–23 (3), 28–30 (6), 4–7 Jan (10).
      ['closed days push the deadline', cal({ closedDays: ['2026-12-24', '2026-12-31'] }), '2026-12-18', 10, '2027-01-07'],
      ['a closed Saturday changes nothing', cal({ closedDays: ['2026-12-19'] }), '2026-12-18', 10, '2027-01-05'],
      // absent 9–13 Mar: 3–6 Mar (4), 16–20 (9), 23 (10).
      ['an absence pushes the deadline', cal({ absences: [{ from: '2026-03-09', to: '2026-03-13' }] }), '2026-03-02', 10, '2026-03-23'],
      ['−1 from Monday is Friday', yearly, '2026-03-09', -1, '2026-03-06'],
      ['−1 from the Tuesday after Easter is Thursday', yearly, '2026-04-07', -1, '2026-04-02'],
      // back from Tue 5 Jan: 4 Jan (1), 1 Jan off, 31 Dec (2), 30 Dec (3).
      ['−3 across New Year (reminder REMINDER_WD_BEFORE)', yearly, '2027-01-05', -3, '2026-12-30'],
    ];
    for (const [what, c, start, n, want] of cases) {
      it(`${what}: ${start} ${n >= 0 ? '+' : ''}${n} wd = ${want}`, () => {
        expect(c.addWorkingDays(start, n)).to.equal(want);
        expect(c.workingDaysBetween(start, want)).to.equal(n);
      });
    }
    it('rejects a fractional term and a bad start', () => {
      expect(() => yearly.addWorkingDays('2026-03-06', 1.5)).to.throw(Error);
      expect(() => yearly.addWorkingDays('2026-02-30', 1)).to.throw(Error, /YYYY-MM-DD/);
    });
    it('inverts workingDaysBetween for every start in 2026 and n in 0..30', () => {
      for (let d = '2026-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
        for (let n = 0; n <= 30; n += 5) expect(yearly.workingDaysBetween(d, yearly.addWorkingDays(d, n)), `${d} +${n}`).to.equal(n);
      }
    });
  });

  describe('workingDaysBetween', () => {
    const cases: [LocalDate, LocalDate, number][] = [
      ['2026-03-09', '2026-03-09', 0], // same day
      ['2026-03-07', '2026-03-08', 0], // Saturday → Sunday
      ['2026-04-02', '2026-04-06', 0], // Thursday → Paasmaandag: only holidays and weekend between
      ['2026-03-06', '2026-03-09', 1], // Friday → Monday
      ['2026-03-09', '2026-03-06', -1],
      ['2026-12-18', '2027-01-05', 10],
      ['2027-01-05', '2026-12-18', -10],
      ['2026-04-15', '2026-04-13', -2], // two working days overdue
      ['2026-04-08', '2026-04-13', 3], // three days left: 9, 10, 13
    ];
    for (const [from, to, want] of cases) {
      it(`${from} → ${to} = ${want}`, () => expect(yearly.workingDaysBetween(from, to)).to.equal(want));
    }
  });

  describe('overlapWorkingDays and #afwezig', () => {
    const cases: [string, { from: LocalDate; to: LocalDate }, { from: LocalDate; to: LocalDate } | undefined, number][] = [
      ['a plain week', { from: '2026-03-09', to: '2026-03-13' }, undefined, 5],
      ['one day', { from: '2026-03-09', to: '2026-03-09' }, undefined, 1],
      ['a weekend', { from: '2026-03-07', to: '2026-03-08' }, undefined, 0],
      ['Christmas to 4 Jan: 24, 28–31 Dec, 4 Jan', { from: '2026-12-24', to: '2027-01-04' }, undefined, 6],
      ['limited to a window', { from: '2026-03-12', to: '2026-03-20' }, { from: '2026-03-03', to: '2026-03-16' }, 3],
      ['window entirely before', { from: '2026-03-17', to: '2026-03-20' }, { from: '2026-03-03', to: '2026-03-16' }, 0],
      ['a reversed range is empty', { from: '2026-03-13', to: '2026-03-09' }, undefined, 0],
    ];
    for (const [what, range, within, want] of cases) {
      it(`${what} → ${want}`, () => expect(yearly.overlapWorkingDays(range, within)).to.equal(want));
    }

    // Due 16 Mar for a 10 wd term from Mon 2 Mar. Moving it by the overlap on a calendar that
    // knows the absence must equal recounting the whole term with the absence as days off.
    const absences = [
      { from: '2026-03-09', to: '2026-03-13' }, // inside the term
      { from: '2026-03-12', to: '2026-03-20' }, // runs past the old due date
      { from: '2026-03-16', to: '2026-03-16' }, // the due date itself
      { from: '2026-02-23', to: '2026-03-03' }, // starts before the term
    ];
    for (const absence of absences) {
      it(`moving by the overlap equals recounting, absence ${absence.from}..${absence.to}`, () => {
        const due = yearly.addWorkingDays('2026-03-02', 10);
        expect(due).to.equal('2026-03-16');
        const overlap = yearly.overlapWorkingDays(absence, { from: addDays('2026-03-02', 1), to: due });
        const away = cal({ absences: [absence] });
        expect(away.addWorkingDays(due, overlap)).to.equal(away.addWorkingDays('2026-03-02', 10));
        expect(away.overlapWorkingDays(absence), 'absences are not subtracted from the overlap')
          .to.equal(yearly.overlapWorkingDays(absence));
      });
    }

    it('rejects bad configuration', () => {
      expect(() => cal({ closedDays: ['2026-02-30'] })).to.throw(Error, /YYYY-MM-DD/);
      expect(() => cal({ absences: [{ from: '2026-03-13', to: '2026-03-09' }] })).to.throw(Error, /ends before/);
    });
  });
});
