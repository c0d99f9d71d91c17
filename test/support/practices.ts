/**
 * Practices for tests of a desk that serves several (issue 16), until PRACTICES_FILE is loaded
 * from a file: a Practice built the way config will build it, with the presets of the domain.
 */
import { join } from 'node:path';
import type { Practice, PracticeSet } from '../../src/domain/practice.js';
import { PRESETS, type ProcedurePreset } from '../../src/domain/procedure.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/** The practice overlay kept for tests: rewords the acknowledgement, the signature and one label. */
export const ZON_TEMPLATES = join(PROJECT_ROOT, 'test', 'fixtures', 'practice-templates', 'zon');

export function practice(id: string, over: Partial<Practice> & { preset?: ProcedurePreset } = {}): Practice {
  const { preset = 'lux', ...rest } = over;
  return {
    id, name: `Praktijk ${id.toUpperCase()}`, ownerEmails: [`eigenaar@${id}.example.test`], casePrefix: id.toUpperCase(), language: 'nl',
    procedure: PRESETS[preset], recognise: { addresses: [], plusTags: [], folders: [] },
    ...rest,
  };
}

export function practiceSet(practices: Practice[], holdPrefix = 'KL'): PracticeSet {
  return { practices, holdPrefix, single: practices.length === 1 };
}
