/**
 * #overzicht: all open cases and their next deadlines, by reply (no case tag needed); grouped by
 * practice on a desk of several, and `#overzicht ID` only that practice's (issue 16).
 */
import { CommandRefused } from '../../errors/index.js';
import { choosePractice, practiceIdList } from '../practice-filter.js';
import { overviewFacts } from '../send-overview.js';
import type { CommandHandler } from './types.js';

export const overzicht: CommandHandler<'overzicht'> = (cc, cmd) => {
  const set = cc.ctx.config.practices;
  const choice = choosePractice(set, cmd.practice ?? undefined);
  if (!choice) {
    const ids = practiceIdList(set);
    throw new CommandRefused(`er is geen praktijk met de code "${cmd.practice}"; de codes zijn: ${ids}`,
      `there is no practice with the code "${cmd.practice}"; the codes are: ${ids}`, '#overzicht [praktijk]');
  }
  // The same rows as the weekly overview; `wd` is the working days left (negative: overdue).
  const o = overviewFacts(cc.ctx, choice.practiceIds);
  const rows = o.cases.map((c) => ({ ...c, next: c.next ? { kind: c.next.kind, date: c.next.date, daysLeft: c.next.wd } : null }));
  const p = choice.practice && !set.single ? choice.practice : undefined;
  const of = p ? { nl: ` van ${p.name} (${p.id})`, en: ` of ${p.name} (${p.id})` } : { nl: '', en: '' };
  const [zaken, cases] = o.total === 1 ? ['open zaak', 'open case'] : ['open zaken', 'open cases'];
  return {
    done: `overzicht van ${o.total} ${zaken}${of.nl}`, doneEn: `overview of ${o.total} ${cases}${of.en}`,
    sections: { overview: rows, overviewShown: true, overviewCount: o.total, overviewMore: o.more },
  };
};
