/**
 * What the terms issue adds to the calendar's table tests (test/unit/calendar.test.ts): terms
 * that cross the DST changes, a complaint received in the night of a change or on a weekend or
 * holiday (its local date decides), and reminders at 09:00 local on both sides of a change.
 */
import { expect } from 'chai';
import { WorkingDayCalendar, atLocalTime, localDateOf } from '../../src/domain/calendar.js';
import { deadlinesStartedBy } from '../../src/domain/deadlines.js';
import { luxWithTerms } from '../../src/domain/procedure.js';

const AMS = 'Europe/Amsterdam';
const cal = new WorkingDayCalendar({ liberationDay: 'yearly', closedDays: [] });
const terms = { ackWd: 10, presentWd: 10, responseWd: 10, handleWd: 30, appealWd: 20, appealHandleWd: 30 };

describe('calendar: terms across DST, weekends and holidays', () => {
  const received: [string, string, string, string][] = [
    // what, instant received (UTC), local date, ack due (10 wd). From 27–29 Mar: 30 Mar–2 Apr (4),
    // Easter 3 and 6 Apr off, 7–10 (8), 13, 14 Apr (10). From Sat 26 Apr 2025: 28 Apr–2 May (5),
    // 5 May off, 6–9 (9), 12 May (10).
    ['Friday before the spring change, 23:30 CET', '2026-03-27T22:30:00Z', '2026-03-27', '2026-04-14'],
    ['Sunday of the spring change, 02:30 CEST (the hour that is skipped)', '2026-03-29T00:30:00Z', '2026-03-29', '2026-04-14'],
    ['Saturday night just before the change (Saturday locally)', '2026-03-28T22:59:00Z', '2026-03-28', '2026-04-14'],
    ['Sunday of the autumn change, the second 02:30 (CET)', '2026-10-25T01:30:00Z', '2026-10-25', '2026-11-06'],
    ['Friday 23:59:59 CEST before the autumn change', '2026-10-23T21:59:59Z', '2026-10-23', '2026-11-06'],
    ['on Tweede Kerstdag, a Saturday', '2026-12-26T11:00:00Z', '2026-12-26', '2027-01-11'],
    ['on Goede Vrijdag', '2026-04-03T09:00:00Z', '2026-04-03', '2026-04-20'],
    ['on Koningsdag 2025, a Saturday', '2025-04-26T10:00:00Z', '2025-04-26', '2025-05-12'],
    ['on New Year\'s Eve 23:30 UTC: already New Year\'s Day in Amsterdam', '2026-12-31T23:30:00Z', '2027-01-01', '2027-01-15'],
  ];
  for (const [what, iso, local, due] of received) {
    it(`a complaint received ${what}: received ${local}, acknowledgement due ${due}`, () => {
      const d = localDateOf(new Date(iso), AMS);
      expect(d).to.equal(local);
      expect(deadlinesStartedBy('receive', d, luxWithTerms(terms), cal)).to.deep.equal([{ kind: 'ack', startDate: local, termWd: 10, dueDate: due }]);
    });
  }

  it('a 30 wd handling term across the spring change and Easter counts dates, not hours', () => {
    // Acknowledged Fri 20 Mar 2026: 23–27 (5), 30 Mar–2 Apr (9), Easter 3/6 Apr off, 7–10 (13), 13–17 (18),
    // 20–24 (23), Koningsdag 27 off, 28–30 Apr (26), 1 May (27), 4 May (28), 5 May off, 6, 7 May (30).
    expect(deadlinesStartedBy('acknowledge', '2026-03-20', luxWithTerms(terms), cal).find((d) => d.kind === 'handle')?.dueDate).to.equal('2026-05-07');
  });

  it('a 10 wd term across the autumn change', () => {
    expect(cal.addWorkingDays('2026-10-16', 10)).to.equal('2026-10-30');
  });

  it('reminders at 09:00 local fall an hour apart in UTC on either side of a change, on the right local date', () => {
    const before = atLocalTime('2026-03-27', 9, 0, AMS);
    const afterward = atLocalTime('2026-03-30', 9, 0, AMS);
    expect(before.toISOString()).to.equal('2026-03-27T08:00:00.000Z');
    expect(afterward.toISOString()).to.equal('2026-03-30T07:00:00.000Z');
    expect(atLocalTime('2026-10-26', 9, 0, AMS).toISOString()).to.equal('2026-10-26T08:00:00.000Z');
    for (const d of ['2026-03-27', '2026-03-30', '2026-10-23', '2026-10-26']) expect(localDateOf(atLocalTime(d, 9, 0, AMS), AMS)).to.equal(d);
  });
});
