/** #overzicht: all open cases and their next deadlines, by reply (no case tag needed). */
import { OPEN_STATES } from '../../domain/case.js';
import { localDateOf } from '../../domain/calendar.js';
import type { AppContext } from '../context.js';
import type { CommandHandler } from './types.js';

/** Open cases with their next open deadline and working days left (negative: overdue). */
export function overviewRows(ctx: AppContext): Record<string, unknown>[] {
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  return ctx.store.cases.inStates(OPEN_STATES).map((c) => {
    const next = ctx.store.cases.deadlines(c.id).filter((d) => d.status === 'open').sort((a, b) => a.due_date.localeCompare(b.due_date))[0];
    const klager = ctx.store.cases.parties(c.id).find((p) => p.role === 'klager');
    return {
      caseNumber: c.number, state: c.state, klagerName: klager?.name || klager?.email || '',
      next: next ? { kind: next.kind, date: next.due_date, daysLeft: ctx.calendar.workingDaysBetween(today, next.due_date) } : null,
    };
  });
}

export const overzicht: CommandHandler<'overzicht'> = (cc) => {
  const rows = overviewRows(cc.ctx);
  return { done: `overzicht van ${rows.length} open zaken`, doneEn: `overview of ${rows.length} open cases`, sections: { overview: rows, overviewShown: true } };
};
