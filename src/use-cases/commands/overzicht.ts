/** #overzicht: all open cases and their next deadlines, by reply (no case tag needed). */
import { overviewFacts } from '../send-overview.js';
import type { CommandHandler } from './types.js';

export const overzicht: CommandHandler<'overzicht'> = (cc) => {
  // The same rows as the weekly overview; `wd` is the working days left (negative: overdue).
  const o = overviewFacts(cc.ctx);
  const rows = o.cases.map((c) => ({ ...c, next: c.next ? { kind: c.next.kind, date: c.next.date, daysLeft: c.next.wd } : null }));
  return {
    done: `overzicht van ${o.total} open zaken`, doneEn: `overview of ${o.total} open cases`,
    sections: { overview: rows, overviewShown: true, overviewCount: o.total, overviewMore: o.more },
  };
};
