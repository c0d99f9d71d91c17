/**
 * #verleng N [weken] [instemming] [reden]: extend the running deadlines by N working days or N
 * weeks and inform the parties (footnote; issue 16: a legal term in weeks moves only in weeks, as
 * its procedure allows).
 */
import { formatLocalDate, termLength } from '../../domain/text-format.js';
import { extendDeadlines } from '../extend-deadlines.js';
import { requireCase, type CommandHandler } from './types.js';
import { movesText } from './moves-text.js';

export const verleng: CommandHandler<'verleng'> = (cc, cmd) => {
  const c = requireCase(cc);
  const { moved, kept } = extendDeadlines(cc.ctx, c.id, { days: cmd.days, unit: cmd.unit, consent: cmd.consent, reason: cmd.reason ?? '' }, cc.actor, cc.messageRef);
  const unit = cmd.unit === 'weeks' ? 'weeks' : 'wd';
  const list = movesText(cc, moved, 'nl', 'geen lopende termijnen');
  const listEn = movesText(cc, moved, 'en', 'no running terms');
  const label = (lang: 'nl' | 'en', kind: string) => cc.ctx.renderer.label(lang, 'deadline', kind);
  const keptNl = kept.map((k) => `; ${label('nl', k.kind)} is een wettelijke termijn in weken en blijft ${formatLocalDate(k.due, 'nl')} (verleng die met #verleng N weken)`).join('');
  const keptEn = kept.map((k) => `; ${label('en', k.kind)} is a legal term in weeks and stays ${formatLocalDate(k.due, 'en')} (extend it with #extend N weeks)`).join('');
  const consentNl = cmd.consent ? ', met instemming van de klager (vastgelegd in het dossier)' : '';
  const consentEn = cmd.consent ? ", with the complainant's consent (recorded in the file)" : '';
  return {
    done: `termijnen in zaak ${c.number} met ${termLength(cmd.days, unit, 'nl')} verlengd${consentNl} (${list})${keptNl}; partijen geïnformeerd`,
    doneEn: `terms in case ${c.number} extended by ${termLength(cmd.days, unit, 'en')}${consentEn} (${listEn})${keptEn}; parties informed`,
  };
};
