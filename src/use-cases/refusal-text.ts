/**
 * A step the case's state does not allow, said in the commissioner's words (issue 13): the state
 * as the letters name it ("ontvangst bevestigd", not 'acknowledged') and the commands she can give
 * now (#beklaagde, #uitspraak …), not the lifecycle's event names. Steps that only a party's mail
 * takes (the written response, an appeal) are named as such.
 */
import { allowedEvents, type CaseEvent, type CaseState } from '../domain/case.js';
import type { LetterRenderer } from '../mail-out/render.js';

/** The command that takes each step, or null when it is taken by a party's mail or by the system. */
const COMMAND_OF: Readonly<Record<CaseEvent, string | null>> = {
  acknowledge: '#ontvangst',
  present: '#beklaagde',
  respond: null,
  'schedule-hearing': '#hoorzitting',
  decide: '#uitspraak',
  appeal: null,
  'admit-appeal': '#beroep',
  'reject-appeal': '#beroep',
  'decide-appeal': '#uitspraak',
  close: '#sluit',
  dismiss: '#geen-klacht',
  withdraw: '#ingetrokken',
  purge: null,
};

/** The commands that are possible in `state`, each once, in the table's order. */
export function commandsPossibleIn(state: CaseState): string[] {
  const words = allowedEvents(state).map((e) => COMMAND_OF[e]).filter((w): w is string => w !== null);
  return [...new Set(words)];
}

export interface RefusalText { nl: string; en: string }

/** Why `event` cannot be done in `state`, in both languages. `word` is the command she wrote. */
export function refusalText(renderer: LetterRenderer, caseNumber: string, state: CaseState, event: CaseEvent, word?: string): RefusalText {
  const asked = word ?? COMMAND_OF[event] ?? event;
  const possible = commandsPossibleIn(state);
  const nlState = renderer.label('nl', 'state', state);
  const enState = renderer.label('en', 'state', state);
  return {
    nl: `zaak ${caseNumber} staat op "${nlState}"; daarin kan ${asked} niet. `
      + (possible.length ? `Wat nu wel kan: ${possible.join(', ')}.` : 'Er is in deze stand geen opdracht meer mogelijk.'),
    en: `case ${caseNumber} is "${enState}"; ${asked} is not possible there. `
      + (possible.length ? `What you can do now: ${possible.join(', ')}.` : 'No command is possible in this state.'),
  };
}
