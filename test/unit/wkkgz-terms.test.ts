/**
 * The Wkkgz terms (issue 16), tested as the calendar is (test/unit/calendar-terms.test.ts): a
 * complaint is handled within six weeks of its receipt (Wkkgz art. 17 lid 1), the same weekday six
 * weeks on; a term that ends on a Saturday, Sunday or a holiday of the Algemene termijnenwet runs
 * to the next day that is none (Atw art. 1 lid 1, art. 3); the practice's closed days and the
 * commissioner's absences do not move it. One extension of at most four weeks (lid 2), counted
 * from the first term's end as the law sets it, then moved by the Atw; beyond that only with the
 * klager's consent. The seed's procedure (lux) is unchanged.
 */
import { expect } from 'chai';
import { WorkingDayCalendar } from '../../src/domain/calendar.js';
import { absenceMoves, extensionMoves, weeksExtensionMoves, type MovableDeadline } from '../../src/domain/deadline-moves.js';
import { deadlinesStartedBy } from '../../src/domain/deadlines.js';
import { limitDueOf, limitsExtension, refuseExtension, type TermToExtend } from '../../src/domain/extension-rule.js';
import { atwCalendar } from '../../src/domain/legal-calendar.js';
import { LUX, WKKGZ, luxWithTerms } from '../../src/domain/procedure.js';
import { termLength } from '../../src/domain/text-format.js';

// The practice's own calendar: 5 May only in lustrum years, and closed days of its own. None of
// it may move a legal term.
const practiceCal = new WorkingDayCalendar({ liberationDay: 'lustrum', closedDays: ['2026-04-14', '2026-05-06'] });
const atw = atwCalendar();
const handleOf = (received: string, cal = practiceCal) => deadlinesStartedBy('receive', received, WKKGZ, cal).find((d) => d.kind === 'handle')!;

describe('Wkkgz: the handling term of six weeks (art. 17 lid 1, Atw art. 1 and 3)', () => {
  const table: [what: string, received: string, lawEnd: string, due: string][] = [
    ['received on a Tuesday: the same weekday six weeks on', '2026-03-03', '2026-04-14', '2026-04-14'],
    ['received on a Saturday: six weeks end on a Saturday, so the Monday', '2026-03-07', '2026-04-18', '2026-04-20'],
    ['received on a Sunday: six weeks end on a Sunday, so the Monday', '2026-03-08', '2026-04-19', '2026-04-20'],
    ['ending on Tweede Kerstdag, a Friday: the Monday after', '2025-11-14', '2025-12-26', '2025-12-29'],
    ['ending on Eerste Kerstdag: past Tweede Kerstdag and the weekend', '2025-11-13', '2025-12-25', '2025-12-29'],
    ['ending on Koningsdag (Monday 27 April 2026)', '2026-03-16', '2026-04-27', '2026-04-28'],
    ['ending on Hemelvaartsdag: the Friday after (unless a decree equates it, art. 3 lid 3)', '2026-04-02', '2026-05-14', '2026-05-15'],
    ['ending on 5 May in a year that is no lustrum: the Atw counts it every year', '2026-03-24', '2026-05-05', '2026-05-06'],
    ['ending on Nieuwjaarsdag 2027, a Friday', '2026-11-20', '2027-01-01', '2027-01-04'],
    ['ending on Goede Vrijdag (Atw art. 3 lid 2), then the weekend and Tweede Paasdag', '2026-02-20', '2026-04-03', '2026-04-07'],
    ['ending on Tweede Pinksterdag', '2026-04-13', '2026-05-25', '2026-05-26'],
  ];
  for (const [what, received, lawEnd, due] of table) {
    it(`${what}: received ${received}, due ${due}`, () => {
      expect(handleOf(received)).to.deep.equal({ kind: 'handle', startDate: received, termWd: 6, unit: 'weeks', termEnd: lawEnd, dueDate: due });
    });
  }

  it('the practice\'s closed days and the commissioner\'s absences do not move it: due Tue 14 Apr 2026, a closed day inside an absence', () => {
    const away = practiceCal.withAbsences([{ from: '2026-04-13', to: '2026-04-17' }]);
    expect(handleOf('2026-03-03', away).dueDate).to.equal('2026-04-14');
    // While the desk's own working-day terms do skip them: the acknowledgement (10 wd) counts on her calendar.
    expect(deadlinesStartedBy('receive', '2026-04-01', WKKGZ, away).find((d) => d.kind === 'ack')!.dueDate).to.equal('2026-04-24');
  });

  it('an absence moves the working-day terms of a Wkkgz case and leaves its legal term where the law puts it', () => {
    const deadlines: MovableDeadline[] = [
      { id: 1, kind: 'ack', startDate: '2026-03-03', dueDate: '2026-03-17' },
      { id: 2, kind: 'handle', startDate: '2026-03-03', dueDate: '2026-04-14', unit: 'weeks', termEnd: '2026-04-14' },
    ];
    const after = practiceCal.withAbsences([{ from: '2026-03-09', to: '2026-03-13' }]);
    expect(absenceMoves(deadlines, { from: '2026-03-09', to: '2026-03-13' }, practiceCal, after).map((m) => [m.kind, m.to])).to.deep.equal([['ack', '2026-03-24']]);
  });

  it('the Wkkgz steps: receipt starts the acknowledgement and the handling term; the acknowledgement only the presenting; the ruling no appeal term', () => {
    expect(deadlinesStartedBy('receive', '2026-03-03', WKKGZ, practiceCal).map((d) => d.kind)).to.deep.equal(['ack', 'handle']);
    expect(deadlinesStartedBy('acknowledge', '2026-03-05', WKKGZ, practiceCal).map((d) => d.kind)).to.deep.equal(['present']);
    expect(deadlinesStartedBy('decide', '2026-04-01', WKKGZ, practiceCal)).to.deep.equal([]);
  });
});

describe('Wkkgz: extending the six weeks (art. 17 lid 2), counted from the law\'s end, then by the Atw', () => {
  const legalHandle = (received: string): MovableDeadline => {
    const h = handleOf(received);
    return { id: 7, kind: 'handle', startDate: received, dueDate: h.dueDate, unit: 'weeks', termEnd: h.termEnd! };
  };
  const table: [what: string, received: string, weeks: number, firstDue: string, termEnd: string, due: string][] = [
    // Six weeks end on Goede Vrijdag 3 Apr (due Tue 7 Apr); four weeks from 3 Apr is Fri 1 May. Counted
    // from the moved date it would be Tue 5 May, a holiday, so Wed 6 May: five days too late.
    ['4 weeks after six that ended on Goede Vrijdag', '2026-02-20', 4, '2026-04-07', '2026-05-01', '2026-05-01'],
    ['2 weeks landing on Koningsdag 2026', '2026-03-02', 2, '2026-04-13', '2026-04-27', '2026-04-28'],
    ['4 weeks landing on a Saturday (received on a Saturday)', '2026-03-07', 4, '2026-04-20', '2026-05-16', '2026-05-18'],
    ['4 weeks landing on Eerste Kerstdag 2025, then Tweede Kerstdag and the weekend', '2025-10-16', 4, '2025-11-27', '2025-12-25', '2025-12-29'],
  ];
  for (const [what, received, weeks, firstDue, termEnd, due] of table) {
    it(`${what}: received ${received}, due ${firstDue}, +${weeks} weeks: due ${due}`, () => {
      const d = legalHandle(received);
      expect(d.dueDate).to.equal(firstDue);
      const [m] = weeksExtensionMoves([d], weeks, practiceCal, atw);
      expect(m).to.deep.include({ kind: 'handle', from: firstDue, to: due, weeks, termEnd });
      // The annual report keeps working days: those the move added on the desk's calendar.
      expect(m!.workingDays).to.equal(practiceCal.workingDaysBetween(firstDue, due));
    });
  }

  it('the desk\'s own terms of a Wkkgz case move in weeks too, to a working day of her calendar', () => {
    const ack: MovableDeadline = { id: 1, kind: 'ack', startDate: '2026-03-27', dueDate: '2026-04-13' };
    // Mon 13 Apr + 2 weeks is Koningsdag, so Tue 28 Apr.
    expect(weeksExtensionMoves([ack], 2, practiceCal, atw)[0]).to.deep.include({ to: '2026-04-28', weeks: 2 });
    expect(weeksExtensionMoves([ack], 2, practiceCal, atw)[0]!.termEnd).to.equal(undefined);
  });

  describe('the rule: once, at most four weeks, before the term ends, with the reason; beyond only with consent', () => {
    // Received Tue 3 Mar 2026: six weeks end Tue 14 Apr; the latest end without consent is Tue 12 May.
    const first: TermToExtend = { rule: WKKGZ.terms.handle, startDate: '2026-03-03', dueDate: '2026-04-14', originalDue: '2026-04-14', extensions: 0 };
    const limit = limitDueOf(WKKGZ.extension, first, practiceCal, atw)!;
    const ask = (t: TermToExtend, newDue: string, o: { today?: string; consent?: boolean; hasReason?: boolean } = {}) =>
      refuseExtension(WKKGZ.extension, t, { newDue, limitDue: limit, today: o.today ?? '2026-04-01', consent: o.consent ?? false, hasReason: o.hasReason ?? true });

    it('the limit is four weeks after the law\'s end of the six weeks', () => {
      expect(limit).to.equal('2026-05-12');
      // From a first term that the Atw moved (ended on Goede Vrijdag), still from the law's end: Fri 1 May.
      expect(limitDueOf(WKKGZ.extension, { ...first, startDate: '2026-02-20', dueDate: '2026-04-07', originalDue: '2026-04-07' }, practiceCal, atw)).to.equal('2026-05-01');
    });

    it('one extension of 4 weeks (or 2) before the end, with a reason: allowed', () => {
      expect(ask(first, '2026-05-12')).to.equal(null);
      expect(ask(first, '2026-04-28')).to.equal(null);
      expect(ask(first, '2026-05-12', { today: '2026-04-14' }), 'on the last day itself').to.equal(null);
    });

    it('more than four weeks at once: refused, naming the latest end; with consent: allowed', () => {
      expect(ask(first, '2026-05-19')).to.deep.equal({ why: 'total', newDue: '2026-05-19', limitDue: '2026-05-12' });
      expect(ask(first, '2026-05-19', { consent: true })).to.equal(null);
    });

    it('a second extension (2 + 2 weeks too): refused without consent, allowed with it', () => {
      const once: TermToExtend = { ...first, dueDate: '2026-04-28', extensions: 1 };
      expect(ask(once, '2026-05-12')).to.deep.equal({ why: 'times', due: '2026-04-28' });
      expect(ask(once, '2026-05-12', { consent: true })).to.equal(null);
    });

    it('after the term has ended: refused without consent, allowed with it', () => {
      expect(ask(first, '2026-05-12', { today: '2026-04-15' })).to.deep.equal({ why: 'ended', due: '2026-04-14' });
      expect(ask(first, '2026-05-12', { today: '2026-04-15', consent: true })).to.equal(null);
    });

    it('without a reason: refused, consent or not (the klager is told the reasons in writing)', () => {
      expect(ask(first, '2026-05-12', { hasReason: false })).to.deep.equal({ why: 'reason' });
      expect(ask(first, '2026-05-12', { hasReason: false, consent: true })).to.deep.equal({ why: 'reason' });
    });
  });
});

describe('lux, the seed\'s procedure, is unchanged', () => {
  const terms = { ackWd: 10, presentWd: 10, responseWd: 10, handleWd: 30, appealWd: 20, appealHandleWd: 30 };
  const cal = new WorkingDayCalendar({ liberationDay: 'yearly', closedDays: [] });

  it('working days on the desk\'s calendar, handling from the acknowledgement, an appeal window after the ruling, no limit on #verleng', () => {
    expect(deadlinesStartedBy('receive', '2026-03-03', luxWithTerms(terms), cal)).to.deep.equal([{ kind: 'ack', startDate: '2026-03-03', termWd: 10, dueDate: '2026-03-17' }]);
    expect(deadlinesStartedBy('acknowledge', '2026-03-20', LUX, cal)).to.deep.equal([
      { kind: 'present', startDate: '2026-03-20', termWd: 10, dueDate: '2026-04-07' },
      { kind: 'handle', startDate: '2026-03-20', termWd: 30, dueDate: '2026-05-07' },
    ]);
    expect(deadlinesStartedBy('decide', '2026-05-01', LUX, cal)).to.deep.equal([{ kind: 'appeal', startDate: '2026-05-01', termWd: 20, dueDate: '2026-06-03' }]);
    expect(limitsExtension(LUX.extension)).to.equal(false);
    expect(limitsExtension(WKKGZ.extension)).to.equal(true);
    const d: MovableDeadline = { id: 1, kind: 'handle', startDate: '2026-03-20', dueDate: '2026-05-07' };
    expect(extensionMoves([d], 5, cal)).to.deep.equal([{ deadlineId: 1, kind: 'handle', from: '2026-05-07', to: '2026-05-15', workingDays: 5 }]);
  });
});

describe('a term is shown in its own unit', () => {
  it('letters say "6 weken" / "zes weken" / "6 weeks", and "10 werkdagen" for the desk\'s terms; the CLI "6 wk"', () => {
    expect(termLength(6, 'weeks', 'nl')).to.equal('6 weken');
    expect(termLength(6, 'weeks', 'nl', 'words')).to.equal('zes weken');
    expect(termLength(1, 'weeks', 'en', 'words')).to.equal('one week');
    expect(termLength(10, 'wd', 'nl')).to.equal('10 werkdagen');
    expect(termLength(1, 'working-days', 'en')).to.equal('1 working day');
    expect(termLength(6, 'weeks', 'en', 'short')).to.equal('6 wk');
    expect(termLength(30, undefined, 'en', 'short')).to.equal('30 wd');
  });
});
