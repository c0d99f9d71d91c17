/** #hoorzitting JJJJ-MM-DD UU:MM samen|apart [plaats]: invite both parties to be heard (art. 7), with an .ics. */
import { CommandRefused } from '../../errors/index.js';
import { atLocalTime } from '../../domain/calendar.js';
import { formatLocalDate } from '../../domain/text-format.js';
import { applyTransition } from '../transition-case.js';
import { caseFacts } from '../case-facts.js';
import { writeToParties } from '../write-letter.js';
import { requireCase, type CommandHandler } from './types.js';

export const hoorzitting: CommandHandler<'hoorzitting'> = (cc, cmd) => {
  const { ctx } = cc;
  const before = requireCase(cc);
  const [hh, mm] = cmd.time.split(':').map(Number) as [number, number];
  const start = atLocalTime(cmd.date, hh, mm, ctx.config.timeZone);
  if (start.getTime() <= ctx.clock.now().getTime()) {
    throw new CommandRefused(`de hoorzitting op ${formatLocalDate(cmd.date, 'nl')} om ${cmd.time} ligt in het verleden`, `the hearing on ${formatLocalDate(cmd.date, 'en')} at ${cmd.time} is in the past`,
      '#hoorzitting JJJJ-MM-DD UU:MM samen|apart [plaats]');
  }
  if (!ctx.store.cases.parties(before.id).some((p) => p.role === 'beklaagde')) {
    throw new CommandRefused('wijs eerst de beklaagde aan met #beklaagde', 'name the person complained about first with #accused', '#beklaagde Naam <e-mailadres>', 'state');
  }
  // A moved hearing says so, and which moment lapses (issue 13: the klager was never told of delays).
  const previous = ctx.store.cases.events(before.id).filter((e) => e.type === 'schedule-hearing').at(-1);
  const previousHearing = previous ? (JSON.parse(previous.data) as { date: string; time: string }) : null;
  const c = applyTransition(ctx, before, 'schedule-hearing', cc.actor, cc.messageRef, { date: cmd.date, time: cmd.time, mode: cmd.mode, place: cmd.place });
  const hearing = { date: cmd.date, time: cmd.time, mode: cmd.mode, together: cmd.mode === 'samen', place: cmd.place ?? '' };
  const facts = caseFacts(ctx, c.id);
  writeToParties(ctx, c.id, ['klager', 'beklaagde'], {
    template: 'hearing-invitation',
    facts: {
      ...facts, hearing, previousHearing, deadline: (facts.deadlines as Record<string, unknown>).handle,
      attach: [{ kind: 'ics', start: start.toISOString(), minutes: 60, place: cmd.place ?? '', caseNumber: c.number, sequence: ctx.store.cases.events(c.id).filter((e) => e.type === 'schedule-hearing').length }],
    },
  });
  // Her receipt in the letters' words: the date as the invitation writes it, and where.
  const where = cmd.place ? `plaats: ${cmd.place}` : 'zonder plaats (de uitnodiging noemt er geen)';
  const whereEn = cmd.place ? `place: ${cmd.place}` : 'no place given (the invitation names none)';
  return {
    done: `hoorzitting in zaak ${c.number} op ${formatLocalDate(cmd.date, 'nl')} om ${cmd.time} (${cmd.mode === 'samen' ? 'samen' : 'apart'}; ${where}); klager en beklaagde uitgenodigd`,
    doneEn: `hearing in case ${c.number} on ${formatLocalDate(cmd.date, 'en')} at ${cmd.time} (${cmd.mode === 'samen' ? 'together' : 'separately'}; ${whereEn}); both parties invited`,
  };
};
