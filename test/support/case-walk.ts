/**
 * One random procedure step for a generated case, as the commissioner and the parties would take
 * it in its state: name the beklaagde, respond, plan a hearing, rule, appeal, decide the appeal,
 * close. Shared by the property tests that walk many interleaved cases and then read every letter
 * (test/store/confidentiality.test.ts, test/store/practice-letters.test.ts); `Token{i}X` marks
 * each case's own text so a letter carrying another case's can be found.
 */
import type { CaseState } from '../../src/domain/case.js';
import { eml } from './harness.js';
import type { IngestBench } from './ingest-harness.js';

export interface StepOptions {
  /** The case's procedure has an appeal (the Wkkgz has none). */
  appeal: boolean;
  /** A decided case may be closed with #sluit. */
  close?: boolean;
}

export async function randomStep(
  bench: IngestBench, say: (i: number, cmd: string, body?: string) => Promise<unknown>, pick: () => boolean,
  i: number, n: string, state: CaseState, o: StepOptions,
): Promise<void> {
  if (state === 'acknowledged') await say(i, `#beklaagde Beklaagde Token${i}X <beklaagde${i}@example.test>`);
  else if (state === 'presented' && pick()) {
    await bench.receive(eml({ from: `beklaagde${i}@example.test`, subject: `Re: [${n}] reactie`, text: `Reactie Token${i}X`, messageId: `resp-${i}@example.test` }));
  } else if ((state === 'presented' || state === 'responded') && pick()) await say(i, `#hoorzitting 2026-12-21 10:00 ${pick() ? 'samen' : 'apart'} Kamer Token${i}X`);
  else if (['presented', 'responded', 'hearing'].includes(state)) await say(i, `#uitspraak ${pick() ? 'gegrond' : 'ongegrond'}`, `Gronden Token${i}X`);
  else if (state === 'decided' && o.appeal && pick()) {
    await bench.receive(eml({ from: `klager${i}@example.test`, subject: `Re: [${n}] beroep`, text: `Beroep Token${i}X`, messageId: `appeal-${i}@example.test` }));
  } else if (state === 'appealed') await say(i, `#beroep ${pick() ? 'ontvankelijk' : 'niet-ontvankelijk'}`);
  else if (state === 'decided' && o.close && pick()) await say(i, '#sluit afgehandeld');
}
