/**
 * The tamper-evident record (issue 17): every event of a case is chained. An event's hash is the
 * SHA-256 over the previous event's hash, its public part (case, time, type, states: what may
 * stay after the retention purge) and the hash of its private part (actor, cause, data: what the
 * purge deletes). So a purged event keeps its hash and its private part's hash, and the chain
 * still checks link by link without the personal data. Pure: no I/O.
 */
import { createHash } from 'node:crypto';

/** The hash before a case's first event. */
export const GENESIS = '0'.repeat(64);

export interface ChainPublic {
  caseNumber: string;
  at: string;
  type: string;
  fromState: string | null;
  toState: string | null;
}

export interface ChainPrivate {
  actor: string;
  messageRef: number | null;
  /** The data exactly as stored (a JSON text), so no re-serialisation can change it. */
  data: string;
}

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The hash of an event's private part. */
export function privateHash(p: ChainPrivate): string {
  return sha(JSON.stringify(['private-v1', p.actor, p.messageRef, p.data]));
}

/** The event's link in the chain. */
export function eventHash(prevHash: string, pub: ChainPublic, privHash: string): string {
  return sha(JSON.stringify(['event-v1', prevHash, pub.caseNumber, pub.at, pub.type, pub.fromState, pub.toState, privHash]));
}

export interface StoredLink extends ChainPublic {
  id: number;
  prevHash: string | null;
  privateHash: string | null;
  hash: string | null;
  /** Null while the event holds its private part; the purge's time once it was removed. */
  purgedAt: string | null;
  /** The private part as stored (ignored for purged events). */
  priv: ChainPrivate;
}

export type ChainBreak = { id: number; index: number; type: string; at: string; problem: string };

export interface ChainCheck {
  ok: boolean;
  events: number;
  head: string;
  purged: { id: number; type: string; at: string; purgedAt: string }[];
  broken: ChainBreak | null;
}

/** Check a case's links in order; stops at the first broken one. */
export function checkChain(links: readonly StoredLink[]): ChainCheck {
  let prev = GENESIS;
  const purged: ChainCheck['purged'] = [];
  for (const [index, l] of links.entries()) {
    const fail = (problem: string): ChainCheck => ({ ok: false, events: links.length, head: prev, purged, broken: { id: l.id, index: index + 1, type: l.type, at: l.at, problem } });
    if (!l.hash || !l.privateHash) return fail('has no hash (written outside the service?)');
    if (l.prevHash !== prev) return fail('does not follow the event before it (an event was removed, inserted or reordered)');
    if (l.purgedAt) purged.push({ id: l.id, type: l.type, at: l.at, purgedAt: l.purgedAt });
    else if (privateHash(l.priv) !== l.privateHash) return fail('its content (actor, cause or data) was changed');
    if (eventHash(prev, l, l.privateHash) !== l.hash) return fail('its time, type or states were changed');
    prev = l.hash;
  }
  return { ok: true, events: links.length, head: prev, purged, broken: null };
}
