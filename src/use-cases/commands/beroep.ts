/**
 * #beroep ontvankelijk | #beroep niet-ontvankelijk reden: decide on an appeal (art. 13).
 *
 * - Admitted: the complaint is reconsidered with the new information; the appeal's handling term
 *   (TERM_APPEAL_HANDLE_WD) starts and is reminded of like her other terms; klager and beklaagde
 *   are told, and so is the practice owner (PRACTICE_OWNER_EMAIL), who is carrying out the first
 *   ruling (art. 9): it stands until the new one; the new ruling comes with #uitspraak.
 * - Not admitted: only with the reason, which the klager is given; the first ruling stands.
 *
 * A procedure without an internal appeal (the Wkkgz) refuses it with that reason: the klager who
 * disagrees goes to the geschilleninstantie (Wkkgz art. 18 and 21), not back to the commissioner.
 */
import { CommandRefused } from '../../errors/index.js';
import { applyTransition } from '../transition-case.js';
import { caseFacts } from '../case-facts.js';
import { writeLetter, writeToParties } from '../write-letter.js';
import { requireCase, type CommandHandler } from './types.js';
import { practiceOfCase, procedureOfCase } from '../practice-of.js';

export const beroep: CommandHandler<'beroep'> = (cc, cmd) => {
  const { ctx } = cc;
  const before = requireCase(cc);
  if (procedureOfCase(ctx, before).terms.appeal === null) {
    const wkkgz = procedureOfCase(ctx, before).preset === 'wkkgz';
    throw new CommandRefused(
      `zaak ${before.number} valt onder ${wkkgz ? 'de Wkkgz' : 'een klachtenprocedure'} zonder beroep bij de klachtencommissaris; wie het niet eens is met de uitspraak, kan naar de geschilleninstantie waarbij de praktijk is aangesloten${wkkgz ? ' (Wkkgz art. 18 en 21)' : ''}.`,
      `case ${before.number} falls under ${wkkgz ? 'the Wkkgz' : 'a complaints procedure'}, which has no appeal to the complaints commissioner; a party who disagrees with the ruling can go to the disputes body (geschilleninstantie) the practice is affiliated with${wkkgz ? ' (Wkkgz art. 18 and 21)' : ''}.`,
      undefined, 'state',
    );
  }
  if (!cmd.admissible && !cmd.reason && before.state === 'appealed') {
    throw new CommandRefused(
      'zeg waarom het beroep niet-ontvankelijk is; de klager krijgt die reden in de brief',
      'say why the appeal is inadmissible; the complainant is given that reason in the letter',
      '#beroep niet-ontvankelijk er is geen nieuwe, aanvullende informatie gegeven (art. 13)',
    );
  }
  const c = applyTransition(ctx, before, cmd.admissible ? 'admit-appeal' : 'reject-appeal', cc.actor, cc.messageRef, { admissible: cmd.admissible, reason: cmd.reason });
  const facts = caseFacts(ctx, c.id);
  const deadlines = facts.deadlines as Record<string, unknown>;
  const letter = { ...facts, admissible: cmd.admissible, reason: cmd.reason ?? '', deadline: cmd.admissible ? deadlines['appeal-handle'] : null };
  writeToParties(ctx, c.id, ['klager'], { template: 'appeal-decision', facts: { ...letter, forKlager: true } });
  if (cmd.admissible) writeToParties(ctx, c.id, ['beklaagde'], { template: 'appeal-decision', facts: letter });
  // The owner carries out the first ruling (art. 9), as ruling-letters.ts sends it to her: she hears that it stands until the new one.
  const owner = cmd.admissible && practiceOfCase(ctx, c)?.ownerEmails[0];
  if (owner) {
    writeLetter(ctx, { caseId: c.id, caseNumber: c.number, template: 'appeal-decision', role: 'owner', to: owner, language: c.language, facts: { ...letter, forOwner: true } });
  }
  return cmd.admissible
    ? { done: `beroep in zaak ${c.number} ontvankelijk verklaard; klager${owner ? ', beklaagde en de eigenaar' : ' en beklaagde'} geïnformeerd; de nieuwe uitspraak volgt met #uitspraak`,
        doneEn: `appeal in case ${c.number} declared admissible; ${owner ? 'both parties and the practice owner' : 'both parties'} informed; the new ruling follows with #decision` }
    : { done: `beroep in zaak ${c.number} niet-ontvankelijk verklaard; de klager heeft de reden gekregen; de eerste uitspraak blijft staan; sluit de zaak met #sluit`,
        doneEn: `appeal in case ${c.number} declared inadmissible; the complainant was given the reason; the first ruling stands; close the case with #close` };
};
