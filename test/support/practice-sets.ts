/**
 * Desks of several practices for tests (issue 16), built as config.practices directly: the
 * PRACTICES_FILE loader gives the same PracticeSet. Ids, names, prefixes and owners are made up.
 */
import { LUX, WKKGZ, type Procedure } from '../../src/domain/procedure.js';
import type { Practice, PracticeSet } from '../../src/domain/practice.js';

/** A practice `id` (prefix: the id in capitals) on `procedure`, its owner eigenaar-{id}@example.test. */
export function testPractice(id: string, procedure: Procedure, over: Partial<Practice> = {}): Practice {
  return {
    id, name: `Praktijk ${id.toUpperCase()}`, ownerEmails: [`eigenaar-${id}@example.test`], casePrefix: id.toUpperCase(),
    language: 'nl', procedure, recognise: { addresses: [], plusTags: [id], folders: [] }, ...over,
  };
}

/** Two practices with different procedures: `lux` (the seed's) and `zorg` (Wkkgz); held cases numbered KL. */
export function twoPractices(): PracticeSet {
  return { single: false, holdPrefix: 'KL', practices: [testPractice('lux', LUX), testPractice('zorg', WKKGZ)] };
}

/**
 * Run `fn` (a complaint coming in) as if the desk recognised practice `id`: openCase gives a
 * case the practice of a single-practice desk, so for the length of `fn` the desk has only that
 * one; then its practices are as before. This stands in for recognition (To, Cc, a plus-address,
 * an intake folder), which is tested on its own; the case is opened as a recognised one is: its
 * number in the practice's series, its terms on the practice's procedure from receipt.
 */
export async function asRecognised<T>(config: { practices: PracticeSet }, id: string, fn: () => Promise<T>): Promise<T> {
  const set = config.practices;
  const p = set.practices.find((x) => x.id === id);
  if (!p) throw new Error(`no practice ${id} in the test's set`);
  config.practices = { ...set, single: true, practices: [p] };
  try {
    return await fn();
  } finally {
    config.practices = set;
  }
}
