/**
 * What `#verleng` says when the case's procedure does not allow the extension (issue 16): the rule
 * in the commissioner's words, why this extension falls outside it, and how to write the one that
 * does. Dutch and English; the refusal changes nothing.
 */
import { CommandRefused } from '../errors/index.js';
import type { LocalDate } from '../domain/calendar.js';
import type { ExtensionRefusal } from '../domain/extension-rule.js';
import type { Practice } from '../domain/practice.js';
import type { Procedure } from '../domain/procedure.js';
import { formatLocalDate, numberWord, termLength } from '../domain/text-format.js';

type Lang = 'nl' | 'en';

const CONSENT_EXAMPLE = '#verleng 2 weken instemming onderzoek';
const REASON_EXAMPLE = '#verleng 4 weken onderzoek naar het dossier';

function unitOf(p: Procedure): 'weeks' | 'wd' {
  return p.terms.handle.unit === 'weeks' ? 'weeks' : 'wd';
}

/** "Deze klacht valt onder de Wkkgz (art. 17): de afhandeltermijn van zes weken mag één keer met ten hoogste vier weken worden verlengd, …". */
export function extensionRuleText(p: Procedure, practice: Practice | undefined, lang: Lang): string {
  const r = p.extension;
  const term = termLength(p.terms.handle.length, unitOf(p), lang, 'words');
  const times = r.maxTimes === null ? '' : lang === 'nl'
    ? (r.maxTimes === 1 ? ' één keer' : ` ${numberWord(r.maxTimes, 'nl')} keer`)
    : (r.maxTimes === 1 ? ' once' : ` ${numberWord(r.maxTimes, 'en')} times`);
  const total = r.maxTotal === null ? '' : lang === 'nl'
    ? ` met ten hoogste ${termLength(r.maxTotal.length, r.maxTotal.unit, 'nl', 'words')}`
    : ` by at most ${termLength(r.maxTotal.length, r.maxTotal.unit, 'en', 'words')}`;
  const before = !r.beforeDue ? '' : lang === 'nl' ? ', vóór het einde van die termijn' : ', before that term ends';
  const why = !r.reasonRequired ? '' : lang === 'nl' ? ', met de reden erbij voor de klager' : ', with the reason for the complainant';
  const beyond = !r.beyondWithConsent ? '' : lang === 'nl' ? '; langer alleen met instemming van de klager' : "; longer only with the complainant's consent";
  if (lang === 'nl') {
    const who = p.preset === 'wkkgz' ? 'Deze klacht valt onder de Wkkgz (art. 17)' : `Volgens de klachtenprocedure van ${practice?.name ?? 'de praktijk'}`;
    return `${who}: de afhandeltermijn van ${term} mag${times}${total} worden verlengd${before}${why}${beyond}.`;
  }
  const who = p.preset === 'wkkgz' ? 'This complaint falls under the Wkkgz (art. 17)' : `Under the complaints procedure of ${practice?.name ?? 'the practice'}`;
  return `${who}: the handling term of ${term} may be extended${times}${total}${before}${why}${beyond}.`;
}

/** The refusal of an extension the rule does not allow. */
export function extensionRefused(caseNumber: string, p: Procedure, practice: Practice | undefined, v: ExtensionRefusal, weeksAsked: number | null): CommandRefused {
  const d = (x: LocalDate, lang: Lang) => formatLocalDate(x, lang);
  const consentNl = p.extension.beyondWithConsent ? ' Heeft de klager ingestemd, schrijf dan "instemming" achter het aantal.' : '';
  const consentEn = p.extension.beyondWithConsent ? ' If the complainant agreed, write "consent" after the number.' : '';
  let nl: string;
  let en: string;
  switch (v.why) {
    case 'reason':
      return new CommandRefused(
        `${extensionRuleText(p, practice, 'nl')} Schrijf de reden achter #verleng: de klager krijgt die schriftelijk.`,
        `${extensionRuleText(p, practice, 'en')} Write the reason after #extend: the complainant is given it in writing.`,
        REASON_EXAMPLE,
      );
    case 'ended':
      nl = `De afhandeltermijn van zaak ${caseNumber} is verstreken op ${d(v.due, 'nl')}; zonder instemming van de klager kan hij niet meer worden verlengd.`;
      en = `The handling term of case ${caseNumber} ended on ${d(v.due, 'en')}; without the complainant's consent it can no longer be extended.`;
      break;
    case 'times':
      nl = `De afhandeltermijn van zaak ${caseNumber} is al verlengd, tot ${d(v.due, 'nl')}; verder verlengen kan alleen met instemming van de klager.`;
      en = `The handling term of case ${caseNumber} has been extended already, to ${d(v.due, 'en')}; extending it further needs the complainant's consent.`;
      break;
    case 'total': {
      const asked = weeksAsked === null ? '' : termLength(weeksAsked, 'weeks', 'nl');
      const askedEn = weeksAsked === null ? '' : termLength(weeksAsked, 'weeks', 'en');
      nl = `Met ${asked || 'deze verlenging'} zou de afhandeltermijn van zaak ${caseNumber} eindigen op ${d(v.newDue, 'nl')}, na ${d(v.limitDue, 'nl')}, het uiterste einde zonder instemming van de klager.`;
      en = `With ${askedEn || 'this extension'} the handling term of case ${caseNumber} would end on ${d(v.newDue, 'en')}, after ${d(v.limitDue, 'en')}, the latest end without the complainant's consent.`;
      break;
    }
  }
  return new CommandRefused(`${extensionRuleText(p, practice, 'nl')} ${nl}${consentNl}`, `${extensionRuleText(p, practice, 'en')} ${en}${consentEn}`, CONSENT_EXAMPLE);
}

/** `#verleng N` in working days where only a legal term in weeks runs: it does not move with working days. */
export function weeksTermOnly(caseNumber: string, p: Procedure, due: LocalDate, length: number): CommandRefused {
  const law = p.preset === 'wkkgz' ? ' (Wkkgz art. 17)' : '';
  return new CommandRefused(
    `in zaak ${caseNumber} loopt alleen de afhandeltermijn van ${termLength(length, 'weeks', 'nl', 'words')}${law}, tot ${formatLocalDate(due, 'nl')}; een wettelijke termijn in weken schuift niet op met werkdagen. Verleng hem in weken, met de reden erbij.`,
    `in case ${caseNumber} only the handling term of ${termLength(length, 'weeks', 'en', 'words')}${law} runs, to ${formatLocalDate(due, 'en')}; a legal term in weeks does not move by working days. Extend it in weeks, with the reason.`,
    '#verleng 4 weken onderzoek',
  );
}
