import { expect } from 'chai';
import { WorkingDayCalendar } from '../../src/domain/calendar.js';
import { addMonths, caseStatistics, purgeDueDate, type StatsInput } from '../../src/domain/retention.js';

const calendar = new WorkingDayCalendar({ liberationDay: 'yearly', closedDays: [] });

describe('retention (art. 14, SPEC §9)', () => {
  const months: [string, number, string][] = [
    ['2026-03-15', 24, '2028-03-15'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'], // leap year
    ['2024-02-29', 24, '2026-02-28'],
    ['2026-12-10', 1, '2027-01-10'],
    ['2026-01-31', -2, '2025-11-30'],
  ];
  for (const [d, n, want] of months) it(`${d} + ${n} months = ${want}`, () => expect(addMonths(d, n)).to.equal(want));

  it('when a case closes late on New Year\'s Eve (UTC), then its retention runs from the local date (1 Jan in Amsterdam)', () => {
    expect(purgeDueDate('2026-12-31T23:30:00Z', 24, 'Europe/Amsterdam')).to.equal('2029-01-01');
    expect(purgeDueDate('2026-12-31T23:30:00Z', 24, 'UTC')).to.equal('2028-12-31');
  });

  it('when a case is summarised, then the row holds numbers, outcome and reasons only, with terms met within the original or the extended term', () => {
    const input: StatsInput = {
      year: 2026, outcome: 'deels-gegrond', finalState: 'decided', closedBy: 'automatic', closedDate: '2026-06-01',
      deadlines: [
        { kind: 'ack', startDate: '2026-03-02', termWd: 10, dueDate: '2026-03-16', status: 'met', doneDate: '2026-03-02' },
        { kind: 'present', startDate: '2026-03-02', termWd: 10, dueDate: '2026-03-23', status: 'met', doneDate: '2026-03-20' },
        { kind: 'handle', startDate: '2026-03-02', termWd: 30, dueDate: '2026-04-22', status: 'met', doneDate: '2026-04-21' },
        { kind: 'response', startDate: '2026-03-20', termWd: 10, dueDate: '2026-04-07', status: 'cancelled', doneDate: '2026-04-21' },
      ],
      moves: [
        { deadlineId: 2, kind: 'present', origin: 'extension', fromDate: '2026-03-16', workingDays: 5, reason: 'vakantie' },
        { deadlineId: 3, kind: 'handle', origin: 'extension', fromDate: '2026-04-15', workingDays: 5, reason: 'vakantie' },
      ],
      extensions: [{ origin: 'extension', workingDays: 5, reason: 'vakantie\r\nvan de commissaris' }],
      hearings: 1, experts: 0, appealed: false, appealOutcome: null,
    };
    const s = caseStatistics(input, calendar);
    expect(s).to.include({ year: 2026, outcome: 'deels-gegrond', ackWd: 0, presentWd: 14, responseWd: null, handleWd: 34, extensions: 1, extensionWd: 5, hearings: 1 });
    expect(s.steps.present).to.deep.equal({ termWd: 10, wd: 14, withinTerm: false, withinExtendedTerm: true, movedWd: 5 });
    expect(s.steps.ack).to.deep.include({ withinTerm: true, withinExtendedTerm: true, movedWd: 0 });
    expect(s.steps.response).to.deep.include({ wd: null, withinTerm: null });
    expect(s.extensionReasons).to.deep.equal([{ origin: 'extension', wd: 5, reason: 'vakantie van de commissaris' }]);
  });
});
