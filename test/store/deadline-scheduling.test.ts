/**
 * Deadlines and their reminders with an injected clock, on a real SQLite store (no Redis, no
 * waiting for days): the reminders planned for a case, moved by #verleng and #afwezig, cancelled
 * by the step being done or the case ending; the processors' re-checks; the appeal window.
 */
import { CommandRefused } from '../../src/errors/index.js';
import { expect } from 'chai';
import { plannedReminderJobs } from '../../src/use-cases/plan-reminders.js';
import { extendDeadlines } from '../../src/use-cases/extend-deadlines.js';
import { declareAbsence, declareAbsenceForOpenCases } from '../../src/use-cases/declare-absence.js';
import { closeExpiredAppeals } from '../../src/use-cases/close-expired-appeals.js';
import { writeBeklaagdeReminder } from '../../src/use-cases/remind-beklaagde.js';
import { DIGEST_SECTION_MAX, writeDigest } from '../../src/use-cases/send-digest.js';
import { OVERVIEW_MAX, overviewFacts, writeWeeklyOverview } from '../../src/use-cases/send-overview.js';
import { applyTransition } from '../../src/use-cases/transition-case.js';
import { termsBench, type TermsBench } from '../support/terms-bench.js';
import { generateOpenCases } from '../../bench/lib/cases-gen.js';
import { addDays, atLocalTime } from '../../src/domain/calendar.js';

// Mon 2 Mar 2026, 08:00 CET. Acknowledged at once (ACK_MODE=auto): present due Mon 16 Mar
// (10 wd), handle due Wed 15 Apr (30 wd; Goede Vrijdag and Easter Monday are off).
const MONDAY = '2026-03-02T07:00:00Z';

describe('deadline scheduling with an injected clock', () => {
  let b: TermsBench;
  let caseId: number;
  const plan = () => plannedReminderJobs(b.ctx).map((j) => [j.jobId, j.runAt.toISOString()]);
  const ids = () => plannedReminderJobs(b.ctx).map((j) => j.jobId);
  const letters = (template: string) =>
    b.ctx.store.db.prepare('SELECT recipient_role, to_addr, facts FROM outbox WHERE template = ? ORDER BY id').all(template) as { recipient_role: string; to_addr: string; facts: string }[];
  const due = (kind: string) => b.ctx.store.deadlines.currentOfKind(caseId, kind as never)!;

  beforeEach(async () => {
    b = termsBench(MONDAY);
    caseId = await b.complaint({ subject: 'Klacht over de behandeling' });
  });
  afterEach(() => b.close());

  it('when a complaint is acknowledged on Mon 2 Mar, then the digests fall 3 wd before and on the present and handle deadlines, at 09:00 local across DST', () => {
    expect(due('present').due_date).to.equal('2026-03-16');
    expect(due('handle').due_date).to.equal('2026-04-15');
    expect(plan()).to.deep.equal([
      ['overview-2026-03-02', '2026-03-02T08:00:00.000Z'],
      ['digest-2026-03-11', '2026-03-11T08:00:00.000Z'],
      ['digest-2026-03-16', '2026-03-16T08:00:00.000Z'],
      ['digest-2026-04-10', '2026-04-10T07:00:00.000Z'],
      ['digest-2026-04-15', '2026-04-15T07:00:00.000Z'],
    ]);
  });

  it('when #verleng 5 follows, then the deadlines move with their origin and reason, the parties are told, and the reminders move with them', () => {
    const r = b.ctx.store.tx(() => extendDeadlines(b.ctx, caseId, { days: 5, reason: 'vakantie commissaris' }, 'commissaris@praktijk.test', null));
    expect(r.moved).to.deep.equal([
      { kind: 'present', from: '2026-03-16', to: '2026-03-23' },
      { kind: 'handle', from: '2026-04-15', to: '2026-04-22' },
    ]);
    expect(due('present').due_date).to.equal('2026-03-23');
    expect(ids()).to.deep.equal(['overview-2026-03-02', 'digest-2026-03-18', 'digest-2026-03-23', 'digest-2026-04-17', 'digest-2026-04-22']);

    const moves = b.ctx.store.deadlines.movesOf(caseId).map((m) => [m.kind, m.origin, m.from_date, m.to_date, m.working_days, m.reason]);
    expect(moves).to.deep.equal([
      ['present', 'extension', '2026-03-16', '2026-03-23', 5, 'vakantie commissaris'],
      ['handle', 'extension', '2026-04-15', '2026-04-22', 5, 'vakantie commissaris'],
    ]);
    const event = b.ctx.store.cases.events(caseId).find((e) => e.type === 'extension')!;
    expect(JSON.parse(event.data)).to.deep.include({ days: 5, reason: 'vakantie commissaris' });

    const notices = letters('extension-notice');
    expect(notices.map((l) => l.recipient_role)).to.deep.equal(['klager']); // no beklaagde named yet
    const facts = JSON.parse(notices[0]!.facts);
    expect(facts.reason).to.equal('vakantie commissaris');
    expect(facts.moves).to.deep.equal([{ kind: 'present', from: '2026-03-16', to: '2026-03-23', wd: 5 }, { kind: 'handle', from: '2026-04-15', to: '2026-04-22', wd: 5 }]);
    // The letter that states a term states the stored date.
    expect(facts.deadlines.present.date).to.equal('2026-03-23');
    const text = b.ctx.renderer.render('extension-notice', 'nl', facts).text;
    expect(text).to.include('was maandag 16 maart 2026, nu uiterlijk maandag 23 maart 2026').and.include('Reden: vakantie commissaris');
  });

  it('when the step is done (presented), then its reminders go, and the beklaagde\'s reminder for the new response term comes', () => {
    b.clock.set('2026-03-04T09:00:00Z'); // Wed 4 Mar
    b.ctx.store.tx(() => {
      b.ctx.store.cases.addParty(caseId, 'beklaagde', 'P. de Vries', 'beklaagde@praktijk.test', b.clock.now().toISOString());
      applyTransition(b.ctx, b.ctx.store.cases.get(caseId)!, 'present', 'commissaris@praktijk.test', null);
    });
    expect(due('present').status).to.equal('met');
    const response = due('response');
    expect(response.due_date).to.equal('2026-03-18');
    expect(plan()).to.deep.equal([
      ['overview-2026-03-09', '2026-03-09T08:00:00.000Z'],
      [`rem-c${caseId}-d${response.id}-response-beklaagde-2026-03-18`, '2026-03-16T08:00:00.000Z'],
      ['digest-2026-04-10', '2026-04-10T07:00:00.000Z'],
      ['digest-2026-04-15', '2026-04-15T07:00:00.000Z'],
    ]);
  });

  it('when #afwezig covers a week inside the terms, then both move 5 wd; an absence touching nothing moves nothing; a later #verleng skips absences', () => {
    const r = b.ctx.store.tx(() => declareAbsence(b.ctx, caseId, { from: '2026-03-09', to: '2026-03-13', reason: 'ziekte' }, 'commissaris@praktijk.test', null));
    expect(r.moved).to.deep.equal([{ kind: 'present', from: '2026-03-16', to: '2026-03-23' }, { kind: 'handle', from: '2026-04-15', to: '2026-04-22' }]);
    expect(JSON.parse(letters('extension-notice')[0]!.facts)).to.deep.include({ origin: 'absence', from: '2026-03-09', to: '2026-03-13', reason: 'ziekte' });

    const none = b.ctx.store.tx(() => declareAbsence(b.ctx, caseId, { from: '2026-06-01', to: '2026-06-05', reason: '' }, 'commissaris@praktijk.test', null));
    expect(none.moved).to.deep.equal([]);
    expect(letters('extension-notice')).to.have.length(1);

    // 24–26 Mar is after present's due date (23 Mar) but inside handle's window: 22 Apr + 3 wd = 28 Apr (Koningsdag).
    const later = b.ctx.store.tx(() => declareAbsence(b.ctx, caseId, { from: '2026-03-24', to: '2026-03-26', reason: 'overig: cursus' }, 'commissaris@praktijk.test', null));
    expect(later.moved).to.deep.equal([{ kind: 'handle', from: '2026-04-22', to: '2026-04-28' }]);

    // #verleng 2 from 23 Mar skips the declared 24–26 Mar: 27 and 30 Mar.
    b.ctx.store.tx(() => extendDeadlines(b.ctx, caseId, { days: 2, reason: '' }, 'commissaris@praktijk.test', null));
    expect(due('present').due_date).to.equal('2026-03-30');
    expect(due('handle').due_date).to.equal('2026-04-30');
    expect(letters('extension-notice')).to.have.length(3);
  });

  it('when the commissioner is absent for every case (#afwezig without a tag), then each open case moves by its own overlap', async () => {
    b.clock.set('2026-03-04T09:00:00Z');
    const second = await b.complaint(); // acknowledged 4 Mar: present due 18 Mar, handle 17 Apr
    const result = b.ctx.store.tx(() => declareAbsenceForOpenCases(b.ctx, { from: '2026-03-17', to: '2026-03-18', reason: 'overig: cursus' }, 'commissaris@praktijk.test', null));
    const byCase = Object.fromEntries(result.map((r) => [r.caseId, r.moved.map((m) => `${m.kind} ${m.from}→${m.to}`)]));
    expect(byCase[caseId]).to.deep.equal(['handle 2026-04-15→2026-04-17']);
    expect(byCase[second]).to.deep.equal(['present 2026-03-18→2026-03-20', 'handle 2026-04-17→2026-04-21']);
  });

  it('when the case ends (dismissed), then none of its reminders remain, and moving its terms is refused', () => {
    b.ctx.store.tx(() => applyTransition(b.ctx, b.ctx.store.cases.get(caseId)!, 'dismiss', 'commissaris@praktijk.test', null));
    expect(ids()).to.deep.equal(['overview-2026-03-02']);
    expect(() => b.ctx.store.tx(() => extendDeadlines(b.ctx, caseId, { days: 5, reason: '' }, 'x', null))).to.throw(CommandRefused);
    expect(() => b.ctx.store.tx(() => declareAbsence(b.ctx, caseId, { from: '2026-03-09', to: '2026-03-13', reason: '' }, 'x', null))).to.throw(CommandRefused);
    expect(b.ctx.store.deadlines.movesOf(caseId)).to.deep.equal([]);
  });

  it('when #verleng gets 0 or a reversed absence, then it is refused and nothing changes', () => {
    expect(() => b.ctx.store.tx(() => extendDeadlines(b.ctx, caseId, { days: 0, reason: '' }, 'x', null))).to.throw(CommandRefused);
    expect(() => b.ctx.store.tx(() => declareAbsence(b.ctx, caseId, { from: '2026-03-13', to: '2026-03-09', reason: '' }, 'x', null))).to.throw(CommandRefused);
    expect(due('present').due_date).to.equal('2026-03-16');
  });

  describe('the processors re-check the stored deadline', () => {
    let responseId: number;
    beforeEach(() => {
      b.clock.set('2026-03-04T09:00:00Z');
      b.ctx.store.tx(() => {
        b.ctx.store.cases.addParty(caseId, 'beklaagde', 'P. de Vries', 'beklaagde@praktijk.test', b.clock.now().toISOString());
        applyTransition(b.ctx, b.ctx.store.cases.get(caseId)!, 'present', 'commissaris@praktijk.test', null);
      });
      responseId = due('response').id;
      b.clock.set('2026-03-16T08:00:00Z'); // the reminder's day and hour
    });

    it('when the reminder is current, then one letter goes to the beklaagde, once', () => {
      expect(writeBeklaagdeReminder(b.ctx, { caseId, deadlineId: responseId, dueDate: '2026-03-18' })).to.equal('sent');
      expect(writeBeklaagdeReminder(b.ctx, { caseId, deadlineId: responseId, dueDate: '2026-03-18' })).to.equal('already-done');
      const sent = letters('reminder-beklaagde');
      expect(sent.map((l) => l.to_addr)).to.deep.equal(['beklaagde@praktijk.test']);
      expect(JSON.parse(sent[0]!.facts)).to.deep.include({ wdLeft: 2 });
      expect(ids()).not.to.include(`rem-c${caseId}-d${responseId}-response-beklaagde-2026-03-18`);
    });

    it('when the response came in, then a job for it sends nothing', () => {
      b.ctx.store.tx(() => applyTransition(b.ctx, b.ctx.store.cases.get(caseId)!, 'respond', 'beklaagde@praktijk.test', null));
      expect(writeBeklaagdeReminder(b.ctx, { caseId, deadlineId: responseId, dueDate: '2026-03-18' })).to.equal('stale');
      expect(letters('reminder-beklaagde')).to.deep.equal([]);
    });

    it('when the deadline moved, then the job for the old date sends nothing and the new date has its own job', () => {
      b.ctx.store.tx(() => extendDeadlines(b.ctx, caseId, { days: 3, reason: 'ziekte beklaagde' }, 'commissaris@praktijk.test', null));
      expect(writeBeklaagdeReminder(b.ctx, { caseId, deadlineId: responseId, dueDate: '2026-03-18' })).to.equal('stale');
      expect(letters('reminder-beklaagde')).to.deep.equal([]);
      expect(ids()).to.include(`rem-c${caseId}-d${responseId}-response-beklaagde-2026-03-23`);
      // Both parties are told of the extension now that a beklaagde is named.
      expect(letters('extension-notice').map((l) => l.recipient_role)).to.deep.equal(['klager', 'beklaagde']);
    });
  });

  it('when a digest day comes, then one letter per commissioner lists every case due, and it never goes twice; a past day\'s is dropped', async () => {
    const second = await b.complaint();
    b.clock.set('2026-03-11T08:00:00Z');
    expect(writeDigest(b.ctx, '2026-03-11')).to.equal('sent');
    expect(writeDigest(b.ctx, '2026-03-11')).to.equal('already-done');
    const digests = letters('commissioner-digest');
    expect(digests).to.have.length(1);
    const facts = JSON.parse(digests[0]!.facts);
    expect(facts.before.map((i: { caseNumber: string }) => i.caseNumber)).to.deep.equal(
      [caseId, second].map((id) => b.ctx.store.cases.get(id)!.number));
    expect(writeDigest(b.ctx, '2026-03-10')).to.equal('past');
    expect(writeDigest(b.ctx, '2026-03-12')).to.equal('nothing-due');
  });

  it('when hundreds are overdue, then the digest shows the 100 most overdue and counts the rest, in both languages', () => {
    b.clock.set('2026-04-16T06:00:00Z');
    generateOpenCases(b.ctx.store, b.ctx.config, b.ctx.calendar, { count: 600, today: '2026-04-16', spreadWd: 40, tag: 'd' });
    const overdue = (b.ctx.store.db.prepare(`SELECT count(*) AS n FROM deadlines d JOIN cases c ON c.id = d.case_id
      WHERE d.status = 'open' AND d.kind IN ('ack', 'present', 'handle') AND d.due_date < '2026-04-16' AND c.state NOT IN ('closed', 'purged')`).get() as { n: number }).n;
    expect(overdue).to.be.greaterThan(DIGEST_SECTION_MAX);
    expect(writeDigest(b.ctx, '2026-04-16')).to.equal('sent');
    const facts = JSON.parse(letters('commissioner-digest')[0]!.facts);
    expect(facts.overdue).to.have.length(DIGEST_SECTION_MAX);
    expect(facts.overdueMore).to.equal(overdue - DIGEST_SECTION_MAX);
    const dates = facts.overdue.map((i: { date: string }) => i.date);
    expect(dates).to.deep.equal([...dates].sort()); // the most overdue first
    expect(facts.count).to.equal(overdue + facts.today.length + facts.todayMore + facts.before.length + facts.beforeMore);
    for (const lang of ['nl', 'en'] as const) {
      const text = b.ctx.renderer.render('commissioner-digest', lang, facts).text;
      expect(text).to.include(lang === 'nl' ? `en nog ${facts.overdueMore} meer` : `and ${facts.overdueMore} more`);
    }
  });

  it('when hundreds of cases are open, then the weekly overview and #overzicht show the oldest 200 and count the rest', () => {
    b.clock.set('2026-04-20T06:00:00Z'); // Mon 20 Apr, the week's first working day
    generateOpenCases(b.ctx.store, b.ctx.config, b.ctx.calendar, { count: 450, today: '2026-04-20', spreadWd: 40, tag: 'w' });
    const open = (b.ctx.store.db.prepare(`SELECT count(*) AS n FROM cases WHERE state NOT IN ('closed', 'purged', 'dismissed', 'withdrawn')`).get() as { n: number }).n;
    expect(open).to.be.greaterThan(OVERVIEW_MAX);
    expect(writeWeeklyOverview(b.ctx, '2026-04-20')).to.equal('sent');
    const facts = JSON.parse(letters('weekly-overview')[0]!.facts);
    expect(facts.count).to.equal(open);
    expect(facts.cases).to.have.length(OVERVIEW_MAX);
    expect(facts.more).to.equal(open - OVERVIEW_MAX);
    expect(facts.cases[0].caseNumber).to.equal(b.ctx.store.cases.get(caseId)!.number); // the oldest first
    for (const lang of ['nl', 'en'] as const) {
      expect(b.ctx.renderer.render('weekly-overview', lang, facts).text).to.include(lang === 'nl' ? `en nog ${facts.more} lopende zaken` : `and ${facts.more} more open cases`);
    }
    const o = overviewFacts(b.ctx);
    const reply = b.ctx.renderer.render('command-reply', 'en', { ok: true, done: [], overview: o.cases.map((c) => ({ ...c, next: null })), overviewShown: true, overviewCount: o.total, overviewMore: o.more });
    expect(reply.text).to.include(`OPEN CASES (${open})`).and.include(`and ${open - OVERVIEW_MAX} more open cases`);
  });

  it('when the appeal term passes without an appeal, then the case closes itself the next day and the parties are told', () => {
    b.ctx.store.tx(() => applyTransition(b.ctx, b.ctx.store.cases.get(caseId)!, 'decide', 'commissaris@praktijk.test', null, { outcome: 'ongegrond' }));
    const appeal = due('appeal');
    expect(appeal.due_date).to.equal('2026-03-30'); // 20 wd from Mon 2 Mar
    b.clock.set('2026-03-30T20:00:00Z'); // 22:00 CEST on the last day: still open
    expect(closeExpiredAppeals(b.ctx)).to.deep.equal([]);
    b.clock.set('2026-03-30T22:30:00Z'); // 00:30 on Tuesday
    const number = b.ctx.store.cases.get(caseId)!.number;
    expect(closeExpiredAppeals(b.ctx)).to.deep.equal([number]);
    const c = b.ctx.store.cases.get(caseId)!;
    expect(c.state).to.equal('closed');
    expect(c.closed_at).to.equal('2026-03-30T22:30:00.000Z');
    expect(due('appeal').status).to.equal('cancelled');
    const close = b.ctx.store.cases.events(caseId).at(-1)!;
    expect(close).to.deep.include({ actor: 'system', type: 'close', to_state: 'closed' });
    const closed = letters('case-closed');
    expect(closed.map((l) => l.recipient_role)).to.deep.equal(['klager', 'commissioner']);
    expect(JSON.parse(closed[0]!.facts)).to.deep.include({ autoReason: 'appeal-term-passed', keptUntil: '2028-03-31' });
    expect(closeExpiredAppeals(b.ctx)).to.deep.equal([]);
  });

  it('the reconciler\'s plan (two working days ahead, read by due-date range) is the whole plan cut at its horizon, on a desk with many overdue', () => {
    b.clock.set('2026-04-16T06:00:00Z'); // Thu 16 Apr, 08:00 CEST
    const today = '2026-04-16';
    generateOpenCases(b.ctx.store, b.ctx.config, b.ctx.calendar, { count: 400, today, spreadWd: 40, tag: 'h' });
    const whole = plannedReminderJobs(b.ctx);
    const horizon = plannedReminderJobs(b.ctx, 2);
    const until = atLocalTime(addDays(b.ctx.calendar.addWorkingDays(today, 2), 1), 0, 0, b.ctx.config.timeZone);
    expect(horizon.length).to.be.greaterThan(10);
    expect(horizon.some((j) => j.jobId.startsWith('rem-'))).to.equal(true);
    expect(horizon).to.deep.equal(whole.filter((j) => j.runAt < until || j.runAt.getTime() === until.getTime()));
    expect(whole.length).to.be.greaterThan(horizon.length);
  });
});
