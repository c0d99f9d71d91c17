/**
 * A practice the desk serves (issue 16): the commissioner of the seed is independent (art. 4) and
 * often serves several small practices from one mailbox. Each practice has its own name, owner,
 * case prefix, language, letters and procedure; its cases never cross into another's letters.
 * Pure: the practices come from config (PRACTICES_FILE, or the single practice of the
 * environment keys) and are looked up here.
 */
import type { Procedure } from './procedure.js';

export interface Practice {
  /** Short and stable: `lux`. Used in `#praktijk lux`, `--practice lux`, the metrics label. */
  id: string;
  /** As letters name it: "Praktijk LUX". */
  name: string;
  /** The owner's addresses: the ruling goes to the first; every one is a known address of the practice. */
  ownerEmails: string[];
  /** The owner as her letters greet her; without it "Beste eigenaar van {name},". */
  ownerName?: string;
  /** Case numbers `{prefix}-{YYYY}-{NNNN}`, gap-free per practice and year. */
  casePrefix: string;
  language: 'nl' | 'en';
  /** A folder of templates that reword any letter for this practice; missing ones fall back. */
  templatesDir?: string;
  procedure: Procedure;
  /**
   * The geschilleninstantie the practice is affiliated with (Wkkgz art. 18), as its letters name
   * it: "De Geschillencommissie Zorg". Without it they say "the disputes body the practice is
   * affiliated with".
   */
  disputesBody?: string;
  /** How a complaint is recognised as this practice's. */
  recognise: {
    /** Addresses or aliases it was sent to (To, Cc, Delivered-To, X-Original-To), lower case; `maja+lux@…` included. */
    addresses: string[];
    /** Plus-address tags: `lux` recognises `anything+lux@…` on her own address. */
    plusTags: string[];
    /** Own mode: intake folders whose complaints are this practice's. */
    folders: string[];
  };
}

/** All practices of one desk, and the prefix of cases whose practice is not known yet. */
export interface PracticeSet {
  practices: Practice[];
  /**
   * Cases held because their practice could not be told are numbered in this series until
   * `#praktijk ID` assigns them (then they get the practice's own number). Differs from every
   * practice's prefix.
   */
  holdPrefix: string;
  /** True when the practices came from the environment keys (no PRACTICES_FILE). */
  single: boolean;
}

/** The part of a case number before the year: `LUX` of `LUX-2026-0001`. */
export function prefixOfCaseNumber(number: string): string {
  return number.slice(0, number.indexOf('-'));
}

export function practiceById(set: PracticeSet, id: string | null | undefined): Practice | undefined {
  return id ? set.practices.find((p) => p.id === id) : undefined;
}

export function practiceByPrefix(set: PracticeSet, prefix: string): Practice | undefined {
  return set.practices.find((p) => p.casePrefix === prefix);
}
