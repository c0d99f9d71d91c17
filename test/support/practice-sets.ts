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
