import { expect } from 'chai';
import { WorkingDayCalendar, type DateRange } from '../../src/domain/calendar.js';
import { absenceMoves, extensionMoves, type MovableDeadline } from '../../src/domain/deadline-moves.js';

const cal = (absences: DateRange[] = []) => new WorkingDayCalendar({ liberationDay: 'yearly', closedDays: [], absences });
const base = cal();
// Acknowledged Mon 2 Mar 2026: present due Mon 16 Mar (10 wd), handle due Wed 15 Apr (30 wd, Easter in between).
const present: MovableDeadline = { id: 1, kind: 'present', startDate: '2026-03-02', dueDate: '2026-03-16' };
const handle: MovableDeadline = { id: 2, kind: 'handle', startDate: '2026-03-02', dueDate: '2026-04-15' };

describe('deadline moves (#verleng, #afwezig)', () => {
  describe('extensionMoves', () => {
    it('when #verleng 5, then every running deadline moves 5 working days, across Koningsdag too', () => {
      expect(extensionMoves([present, handle], 5, base)).to.deep.equal([
        { deadlineId: 1, kind: 'present', from: '2026-03-16', to: '2026-03-23', workingDays: 5 },
        { deadlineId: 2, kind: 'handle', from: '2026-04-15', to: '2026-04-22', workingDays: 5 },
      ]);
      // 22 Apr + 5: 23, 24, (27 Koningsdag), 28, 29, 30.
      expect(extensionMoves([{ ...handle, dueDate: '2026-04-22' }], 5, base)[0]!.to).to.equal('2026-04-30');
    });
    it('when the case has a declared absence, then an extension skips it too', () => {
      const away = cal([{ from: '2026-03-17', to: '2026-03-20' }]);
      expect(extensionMoves([present], 2, away)[0]!.to).to.equal('2026-03-24');
    });
    it('refuses zero, negative and fractional extensions', () => {
      for (const n of [0, -1, 1.5]) expect(() => extensionMoves([present], n, base)).to.throw(Error);
    });
  });

  describe('absenceMoves', () => {
    const after = (a: DateRange, earlier: DateRange[] = []) => absenceMoves([present, handle], a, cal(earlier), cal([...earlier, a]));

    it('when absent a week inside both terms, then both move 5 working days', () => {
      expect(after({ from: '2026-03-09', to: '2026-03-13' })).to.deep.equal([
        { deadlineId: 1, kind: 'present', from: '2026-03-16', to: '2026-03-23', workingDays: 5 },
        { deadlineId: 2, kind: 'handle', from: '2026-04-15', to: '2026-04-22', workingDays: 5 },
      ]);
    });
    it('when the absence runs past a due date, then only the days up to it count, and the new date skips the absence', () => {
      // 12, 13, 16 Mar count for present; it moves 3 wd after 16 Mar on a calendar without 17–20 Mar.
      const moves = after({ from: '2026-03-12', to: '2026-03-20' });
      expect(moves[0]).to.deep.equal({ deadlineId: 1, kind: 'present', from: '2026-03-16', to: '2026-03-25', workingDays: 3 });
      // 12–20 Mar is 7 wd inside handle's window: 16, 17, 20, 21, 22, 23, 24 Apr.
      expect(moves[1]).to.deep.equal({ deadlineId: 2, kind: 'handle', from: '2026-04-15', to: '2026-04-24', workingDays: 7 });
    });
    it('when the absence is after a deadline or before its start, then that deadline does not move', () => {
      expect(after({ from: '2026-03-17', to: '2026-03-18' }).map((m) => m.kind)).to.deep.equal(['handle']);
      expect(after({ from: '2026-02-23', to: '2026-03-02' })).to.deep.equal([]);
    });
    it('when the absence holds only weekend and holidays, then nothing moves', () => {
      expect(after({ from: '2026-04-03', to: '2026-04-06' })).to.deep.equal([]);
    });
    it('when a second absence overlaps the first, then the shared days are not counted twice', () => {
      const first = { from: '2026-03-09', to: '2026-03-13' };
      // 11–13 Mar were already absent; only 16 Mar is new.
      const moves = absenceMoves([{ ...present, dueDate: '2026-03-23' }], { from: '2026-03-11', to: '2026-03-16' }, cal([first]), cal([first, { from: '2026-03-11', to: '2026-03-16' }]));
      expect(moves).to.deep.equal([{ deadlineId: 1, kind: 'present', from: '2026-03-23', to: '2026-03-24', workingDays: 1 }]);
      // Equal to counting 10 wd from 2 Mar with both absences as days off.
      expect(cal([first, { from: '2026-03-11', to: '2026-03-16' }]).addWorkingDays('2026-03-02', 10)).to.equal('2026-03-24');
    });
    it('refuses a reversed absence', () => {
      expect(() => absenceMoves([present], { from: '2026-03-13', to: '2026-03-09' }, base, base)).to.throw(/ends before/);
    });
  });
});
