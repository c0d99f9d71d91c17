/** #taal nl|en: the language of the case's letters from now on. */
import { requireCase, type CommandHandler } from './types.js';

export const taal: CommandHandler<'taal'> = (cc, cmd) => {
  const c = requireCase(cc);
  cc.ctx.store.cases.setLanguage(c.id, cmd.language);
  cc.ctx.store.cases.appendEvent({ caseId: c.id, at: cc.ctx.clock.now().toISOString(), actor: cc.actor, type: 'language', messageRef: cc.messageRef, data: { language: cmd.language } });
  return { done: `brieven in zaak ${c.number} voortaan in het ${cmd.language === 'nl' ? 'Nederlands' : 'Engels'}`, doneEn: `letters in case ${c.number} from now on in ${cmd.language === 'nl' ? 'Dutch' : 'English'}` };
};
