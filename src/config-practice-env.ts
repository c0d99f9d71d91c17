/**
 * The practice keys of the environment (issue 16): without PRACTICES_FILE they make the desk's one
 * practice, exactly as before several practices; with it they are refused, each saying where in
 * the file it belongs. Part of src/config.ts, which validates the keys and calls these.
 */
import { luxWithTerms } from './domain/procedure.js';
import type { PracticeSet } from './domain/practice.js';

/** The validated keys the single practice is made of (config.ts's environment has them all). */
export interface SinglePracticeEnv {
  CASE_PREFIX: string; PRACTICE_NAME?: string; PRACTICE_OWNER_EMAIL?: { address: string }; PRACTICE_OWNER_NAME?: string;
  DEFAULT_LANGUAGE: 'nl' | 'en';
  TERM_ACK_WD: number; TERM_PRESENT_WD: number; TERM_RESPONSE_WD: number; TERM_HANDLE_WD: number; TERM_APPEAL_WD: number; TERM_APPEAL_HANDLE_WD: number;
}

/** Keys of the single practice, which PRACTICES_FILE replaces: set beside it they would be ignored. */
const SINGLE_PRACTICE_KEYS: Readonly<Record<string, string>> = {
  PRACTICE_OWNER_EMAIL: 'ownerEmails', PRACTICE_OWNER_NAME: 'ownerName', CASE_PREFIX: 'casePrefix, and the holdPrefix of held cases,',
  TERM_ACK_WD: 'procedure (ack: 10 wd)', TERM_PRESENT_WD: 'procedure (present: 10 wd)', TERM_RESPONSE_WD: 'procedure (response: 10 wd)',
  TERM_HANDLE_WD: 'procedure (handle: 30 wd)', TERM_APPEAL_WD: 'procedure (appeal: 20 wd)', TERM_APPEAL_HANDLE_WD: 'procedure (appealHandle: 30 wd)',
};

/**
 * Without PRACTICES_FILE, PRACTICE_NAME names the one practice and is required. With it, the
 * practices are in the file, and a key of the single practice is refused rather than ignored
 * (an owner address that silently receives no ruling, terms that silently do not run).
 */
export function practiceKeyProblems(env: Record<string, string | undefined>): string[] {
  if (!env.PRACTICES_FILE) return (env.PRACTICE_NAME ?? '').trim() ? [] : ['PRACTICE_NAME: is required (the practice, as letters name it)'];
  return Object.entries(SINGLE_PRACTICE_KEYS).filter(([k]) => env[k] !== undefined)
    .map(([k, instead]) => `${k}: is for a desk without PRACTICES_FILE; with the file, each practice's ${instead} is written there: leave ${k} empty`);
}

/** `Praktijk LUX & Zorg Noord`: the desk's name when PRACTICES_FILE is set and PRACTICE_NAME is not. */
export function namesOf(set: PracticeSet): string {
  const names = set.practices.map((p) => p.name);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} & ${names[names.length - 1]}`;
}

/** The one practice of the environment keys: the desk as it was before PRACTICES_FILE. */
export function singlePractice(e: SinglePracticeEnv): PracticeSet {
  return {
    single: true,
    holdPrefix: e.CASE_PREFIX,
    practices: [{
      id: e.CASE_PREFIX.toLowerCase(),
      name: e.PRACTICE_NAME ?? '', // required without PRACTICES_FILE (practiceKeyProblems)
      ownerEmails: e.PRACTICE_OWNER_EMAIL ? [e.PRACTICE_OWNER_EMAIL.address] : [],
      ownerName: e.PRACTICE_OWNER_NAME || undefined,
      casePrefix: e.CASE_PREFIX,
      language: e.DEFAULT_LANGUAGE,
      procedure: luxWithTerms({
        ackWd: e.TERM_ACK_WD, presentWd: e.TERM_PRESENT_WD, responseWd: e.TERM_RESPONSE_WD,
        handleWd: e.TERM_HANDLE_WD, appealWd: e.TERM_APPEAL_WD, appealHandleWd: e.TERM_APPEAL_HANDLE_WD,
      }),
      recognise: { addresses: [], plusTags: [], folders: [] },
    }],
  };
}
