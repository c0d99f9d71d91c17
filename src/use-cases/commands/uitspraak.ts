/**
 * #uitspraak gegrond|ongegrond|deels-gegrond|niet-ontvankelijk [zonder-hoorzitting] + grounds:
 * the binding ruling (art. 8) to klager and beklaagde, to the practice owner to carry out (art. 9)
 * and a copy to the commissioner, with the report (verslag, art. 12), which is also kept in the
 * case file. Opens the appeal window (art. 13).
 *
 * After an admitted appeal (state appeal-admitted) the same command gives the ruling on appeal:
 * its own report, the appeal's handling term met, and no new appeal window.
 *
 * A procedure without an internal appeal (the Wkkgz: the klager may go to the geschilleninstantie,
 * art. 18 and 21) opens no appeal window: the case closes at once ('no-appeal'), with the
 * case-closed letters after the ruling, rather than waiting in 'decided' for an appeal that
 * cannot come.
 *
 * A ruling while a planned hearing has not yet taken place is refused (art. 7: both parties are
 * given the chance to be heard), unless she writes `zonder-hoorzitting`: a warning in the receipt
 * would come after the binding letters had gone, and they cannot be called back.
 */
import { CommandRefused } from '../../errors/index.js';
import { applyTransition } from '../transition-case.js';
import { caseFacts } from '../case-facts.js';
import { formatLocalDate } from '../../domain/text-format.js';
import { plannedHearing } from '../planned-hearing.js';
import { buildReport, storeReport } from '../ruling-report.js';
import { writeRulingLetters } from '../ruling-letters.js';
import { requireCase, type CommandHandler } from './types.js';
import { closeCaseAutomatically } from '../close-expired-appeals.js';
import { procedureOfCase } from '../practice-of.js';

export const uitspraak: CommandHandler<'uitspraak'> = (cc, cmd) => {
  const { ctx } = cc;
  const before = requireCase(cc);
  const onAppeal = before.state === 'appeal-admitted';
  const hearing = plannedHearing(ctx, before.id);
  if (hearing && !cmd.withoutHearing) {
    const nl = formatLocalDate(hearing.date, 'nl');
    const en = formatLocalDate(hearing.date, 'en');
    throw new CommandRefused(
      `in zaak ${before.number} is de hoorzitting gepland op ${nl} om ${hearing.time}; een uitspraak daarvoor neemt de partijen de kans om gehoord te worden (art. 7). `
        + 'Zien beide partijen af van de hoorzitting, zet dan "zonder-hoorzitting" achter de uitkomst.',
      `in case ${before.number} the hearing is planned on ${en} at ${hearing.time}; a ruling before it takes from the parties the chance to be heard (art. 7). `
        + 'If both parties have waived the hearing, put "without-hearing" after the outcome.',
      `#uitspraak ${cmd.outcome} zonder-hoorzitting`,
    );
  }
  const c = applyTransition(ctx, before, onAppeal ? 'decide-appeal' : 'decide', cc.actor, cc.messageRef, { outcome: cmd.outcome, withoutHearing: !!hearing });
  ctx.store.cases.setOutcome(c.id, cmd.outcome);
  const facts = caseFacts(ctx, c.id);
  const report = buildReport(ctx, c.id, { outcome: cmd.outcome, grounds: cmd.grounds, onAppeal });
  storeReport(ctx, c.id, report, c.language);
  const deadlines = facts.deadlines as Record<string, unknown>;
  const noAppeal = !onAppeal && procedureOfCase(ctx, c).terms.appeal === null;
  const sentTo = writeRulingLetters(ctx, c.id, {
    ...facts, outcome: cmd.outcome, grounds: cmd.grounds, report, onAppeal, noAppeal,
    deadline: onAppeal || noAppeal ? null : deadlines.appeal, hearingCancelled: hearing ? hearing.date : null,
  });
  if (noAppeal) closeCaseAutomatically(ctx, c.id, 'no-appeal');
  const to = sentTo.join(', ').replace(/, ([^,]*)$/, ' en $1');
  const toEn = sentTo.map((r) => ({ klager: 'the complainant', beklaagde: 'the person complained about', eigenaar: 'the owner' }[r] ?? r)).join(', ').replace(/, ([^,]*)$/, ' and $1');
  if (noAppeal) {
    return { done: `uitspraak '${cmd.outcome}' in zaak ${c.number} verstuurd aan ${to}, met verslag; een kopie is aan u gestuurd; deze procedure kent geen beroep, dus de zaak is gesloten en de partijen hebben daarvan bericht`,
      doneEn: `ruling '${cmd.outcome}' in case ${c.number} sent to ${toEn}, with the report; a copy was sent to you; this procedure has no appeal, so the case is closed and the parties were told` };
  }
  return onAppeal
    ? { done: `uitspraak in beroep '${cmd.outcome}' in zaak ${c.number} verstuurd aan ${to}, met een eigen verslag; een kopie is aan u gestuurd`,
        doneEn: `ruling on appeal '${cmd.outcome}' in case ${c.number} sent to ${toEn}, with its own report; a copy was sent to you` }
    : { done: `uitspraak '${cmd.outcome}' in zaak ${c.number} verstuurd aan ${to}, met verslag; een kopie is aan u gestuurd; de beroepstermijn loopt`,
        doneEn: `ruling '${cmd.outcome}' in case ${c.number} sent to ${toEn}, with the report; a copy was sent to you; the appeal term runs` };
};
