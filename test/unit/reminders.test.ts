import { expect } from 'chai';
import { addDays, WorkingDayCalendar } from '../../src/domain/calendar.js';
import {
  beklaagdeJobId, digestItems, firstWorkingDayOfWeek, lastDueDateFor, planReminders,
  type OpenDeadline, type ReminderSettings,
} from '../../src/domain/reminders.js';

const AMS = 'Europe/Amsterdam';
const calendar = new WorkingDayCalendar({ liberationDay: 'yearly', closedDays: [] });
const s: ReminderSettings = { calendar, timeZone: AMS, hour: 9, wdBefore: 3 };
const none = new Set<string>();
const at = (iso: string) => new Date(iso);
const dl = (o: Partial<OpenDeadline> & Pick<OpenDeadline, 'kind' | 'dueDate'>): OpenDeadline =>
  ({ caseId: 1, deadlineId: 10, beklaagdeNamed: false, ...o });
const plan = (deadlines: OpenDeadline[], now: string, done: Set<string> = none) =>
  planReminders(deadlines, at(now), done, s).map((j) => [j.jobId, j.runAt.toISOString()]);

describe('reminders: when they fall (SPEC §4)', () => {
  it('when an acknowledgement is due Mon 13 Apr 2026, then the digest comes 3 wd before (Wed 8 Apr) and on the day, at 09:00 CEST, and the overview next Monday across the DST change', () => {
    // Thu 26 Mar 2026, 10:00 CET; DST starts Sun 29 Mar, so 09:00 local is 07:00Z afterwards.
    expect(plan([dl({ kind: 'ack', dueDate: '2026-04-13' })], '2026-03-26T09:00:00Z')).to.deep.equal([
      ['overview-2026-03-30', '2026-03-30T07:00:00.000Z'],
      ['digest-2026-04-08', '2026-04-08T07:00:00.000Z'],
      ['digest-2026-04-13', '2026-04-13T07:00:00.000Z'],
    ]);
  });

  it('when two cases fall due on the same days, then there is one digest job per day, not one per case', () => {
    const jobs = plan([dl({ caseId: 1, deadlineId: 1, kind: 'present', dueDate: '2026-04-13' }), dl({ caseId: 2, deadlineId: 2, kind: 'handle', dueDate: '2026-04-13' })], '2026-03-26T09:00:00Z');
    expect(jobs.map((j) => j[0])).to.deep.equal(['overview-2026-03-30', 'digest-2026-04-08', 'digest-2026-04-13']);
  });

  it('when a deadline is overdue, then today\'s digest (already past 09:00: at once) and the next working day\'s are planned', () => {
    // Wed 15 Apr 10:00 CEST; due Mon 13 Apr.
    expect(plan([dl({ kind: 'handle', dueDate: '2026-04-13' })], '2026-04-15T08:00:00Z')).to.deep.equal([
      ['digest-2026-04-15', '2026-04-15T07:00:00.000Z'],
      ['digest-2026-04-16', '2026-04-16T07:00:00.000Z'],
      ['overview-2026-04-20', '2026-04-20T07:00:00.000Z'],
    ]);
  });

  it('when today\'s digest has run, then only the next one is planned', () => {
    const jobs = plan([dl({ kind: 'handle', dueDate: '2026-04-13' })], '2026-04-15T08:00:00Z', new Set(['digest-2026-04-15']));
    expect(jobs.map((j) => j[0])).to.deep.equal(['digest-2026-04-16', 'overview-2026-04-20']);
  });

  it('when a deadline is overdue over Easter, then no digest on Goede Vrijdag or Easter Monday: the next is on Tuesday', () => {
    expect(plan([dl({ kind: 'ack', dueDate: '2026-03-31' })], '2026-04-03T08:00:00Z').map((j) => j[0]))
      .to.deep.equal(['digest-2026-04-07', 'overview-2026-04-07']);
  });

  it('when only the klager or beklaagde has a deadline (response, appeal), then the commissioner gets no digest for it', () => {
    expect(plan([dl({ kind: 'appeal', dueDate: '2026-04-13' }), dl({ kind: 'response', dueDate: '2026-04-13' })], '2026-03-26T09:00:00Z').map((j) => j[0]))
      .to.deep.equal(['overview-2026-03-30']);
  });

  it('when a beklaagde is named, then she is reminded 2 wd before her response deadline, under a jobId naming case, deadline, kind and due date', () => {
    const jobs = plan([dl({ caseId: 7, deadlineId: 42, kind: 'response', dueDate: '2026-04-13', beklaagdeNamed: true })], '2026-03-26T09:00:00Z');
    expect(jobs).to.deep.include(['rem-c7-d42-response-beklaagde-2026-04-13', '2026-04-09T07:00:00.000Z']);
    expect(beklaagdeJobId(7, 42, '2026-04-13')).to.equal('rem-c7-d42-response-beklaagde-2026-04-13');
  });

  it('when the beklaagde\'s reminder day has passed but the deadline has not, then it goes today at 09:00; after the deadline, never', () => {
    const d = dl({ kind: 'response', dueDate: '2026-04-13', beklaagdeNamed: true });
    expect(plan([d], '2026-04-10T05:00:00Z')).to.deep.include(['rem-c1-d10-response-beklaagde-2026-04-13', '2026-04-10T07:00:00.000Z']);
    expect(plan([d], '2026-04-14T05:00:00Z').map((j) => j[0])).to.deep.equal(['overview-2026-04-20']);
  });

  it('when no beklaagde is named, then nobody is reminded of the response deadline', () => {
    expect(plan([dl({ kind: 'response', dueDate: '2026-04-13' })], '2026-03-26T09:00:00Z').map((j) => j[0])).to.deep.equal(['overview-2026-03-30']);
  });

  it('when today is the week\'s first working day, then its overview is planned until it has run', () => {
    expect(plan([], '2026-03-30T05:00:00Z')).to.deep.equal([['overview-2026-03-30', '2026-03-30T07:00:00.000Z']]);
    // Next week starts with Easter Monday: its overview comes on the Tuesday.
    expect(plan([], '2026-03-30T05:00:00Z', new Set(['overview-2026-03-30']))).to.deep.equal([['overview-2026-04-07', '2026-04-07T07:00:00.000Z']]);
  });

  it('when a week starts with a holiday, then its overview comes on the first working day', () => {
    expect(firstWorkingDayOfWeek('2026-04-08', calendar)).to.equal('2026-04-07'); // Easter Monday 6 Apr
    expect(firstWorkingDayOfWeek('2026-03-29', calendar)).to.equal('2026-03-23'); // a Sunday belongs to the week before
    expect(firstWorkingDayOfWeek('2026-12-30', calendar)).to.equal('2026-12-28');
  });

  it('every jobId is free of ":" and never all digits (bullmq#4052, #2832)', () => {
    const jobs = planReminders([
      dl({ kind: 'ack', dueDate: '2026-04-13' }), dl({ caseId: 3, deadlineId: 9, kind: 'response', dueDate: '2026-04-14', beklaagdeNamed: true }),
    ], at('2026-03-26T09:00:00Z'), none, s);
    for (const j of jobs) {
      expect(j.jobId).not.to.include(':');
      expect(j.jobId).not.to.match(/^\d+$/);
    }
  });

  it('when REMINDER_WD_BEFORE=0, then "before" and "on the day" are one digest', () => {
    const jobs = planReminders([dl({ kind: 'ack', dueDate: '2026-04-13' })], at('2026-03-26T09:00:00Z'), none, { ...s, wdBefore: 0 });
    expect(jobs.map((j) => j.jobId)).to.deep.equal(['overview-2026-03-30', 'digest-2026-04-13']);
  });

  it('with a horizon, then only the jobs that run by then are planned, the same as in the whole plan', () => {
    const deadlines = [
      dl({ caseId: 1, deadlineId: 1, kind: 'ack', dueDate: '2026-04-13' }),
      dl({ caseId: 2, deadlineId: 2, kind: 'response', dueDate: '2026-04-10', beklaagdeNamed: true }),
      dl({ caseId: 3, deadlineId: 3, kind: 'response', dueDate: '2026-05-20', beklaagdeNamed: true }),
    ];
    const now = at('2026-04-06T08:00:00Z'); // Easter Monday 10:00 CEST
    const whole = planReminders(deadlines, now, none, s);
    const until = at('2026-04-09T22:00:00Z'); // the end of Thu 9 Apr
    const near = planReminders(deadlines, now, none, s, until);
    expect(near.map((j) => j.jobId)).to.deep.equal(['overview-2026-04-07', 'digest-2026-04-08', 'rem-c2-d2-response-beklaagde-2026-04-10']);
    expect(near).to.deep.equal(whole.filter((j) => j.runAt <= until));
  });

  it('the last due date a horizon needs covers every reminder up to its last day, over weekends and holidays', () => {
    // Thu 9 Apr + 4 wd (max(3, 2) + 1) = Wed 15 Apr; from Fri 24 Apr over Koningsdag (Mon 27) to Fri 1 May.
    expect(lastDueDateFor('2026-04-09', s)).to.equal('2026-04-15');
    expect(lastDueDateFor('2026-04-24', s)).to.equal('2026-05-01');
    // Every deadline that has a job inside the horizon is due by the last due date.
    const withJob: string[] = [];
    for (let due = '2026-04-07'; due <= '2026-04-30'; due = addDays(due, 1)) {
      const runs = planReminders([dl({ kind: 'present', dueDate: due }), dl({ caseId: 2, deadlineId: 2, kind: 'response', dueDate: due, beklaagdeNamed: true })],
        at('2026-04-06T08:00:00Z'), none, s, at('2026-04-09T22:00:00Z'));
      if (runs.some((j) => j.data.type !== 'overview')) withJob.push(due);
    }
    expect(withJob.at(-1)).to.equal('2026-04-14'); // its digest 3 wd before: Thu 9 Apr
    expect(withJob.every((d) => d <= lastDueDateFor('2026-04-09', s))).to.equal(true);
  });

  describe('digestItems: what one day\'s digest lists', () => {
    const deadlines = [
      dl({ caseId: 1, deadlineId: 1, kind: 'ack', dueDate: '2026-04-13' }),
      dl({ caseId: 2, deadlineId: 2, kind: 'present', dueDate: '2026-04-08' }),
      dl({ caseId: 3, deadlineId: 3, kind: 'handle', dueDate: '2026-04-02' }),
      dl({ caseId: 4, deadlineId: 4, kind: 'response', dueDate: '2026-04-08' }),
    ];
    it('on Wed 8 Apr: case 3 overdue 2 wd (7 and 8 Apr; Easter in between), case 2 today, case 1 in 3 wd; never the beklaagde\'s', () => {
      expect(digestItems(deadlines, '2026-04-08', s).map((i) => [i.caseId, i.section, i.wd])).to.deep.equal([
        [3, 'overdue', 2], [2, 'today', 0], [1, 'before', 3],
      ]);
    });
    it('on a Saturday nothing is overdue-listed, and on an ordinary day without a match nothing at all', () => {
      expect(digestItems(deadlines, '2026-04-11', s).filter((i) => i.section === 'overdue')).to.deep.equal([]);
      expect(digestItems([dl({ kind: 'ack', dueDate: '2026-04-13' })], '2026-04-09', s)).to.deep.equal([]);
    });
  });
});
