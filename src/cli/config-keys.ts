/**
 * Keys in the environment that look like ours but are not (issue 14 §6d): `COMISSIONER_NAME` is
 * silently ignored by the schema, and the service then runs without what she meant to set. Only
 * names near a known key, or with one of our own prefixes, are flagged: the environment holds
 * PATH, HOME, TERM_PROGRAM, HTTP_PROXY and many more that are none of our business.
 */

const OWN_PREFIXES = ['IMAP_', 'SMTP_', 'OAUTH_', 'COMMISSIONER_', 'PRACTICE_', 'WEB_', 'REMINDER_', 'RETENTION_', 'EXTENSION_'];

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

export interface UnknownKey { key: string; suggestion: string | null }

export function unknownKeys(present: readonly string[], known: readonly string[]): UnknownKey[] {
  const knownSet = new Set(known);
  const out: UnknownKey[] = [];
  for (const key of present) {
    if (knownSet.has(key) || !/^[A-Z][A-Z0-9_]*$/.test(key)) continue;
    let best: string | null = null;
    let bestD = Infinity;
    for (const k of known) {
      const d = distance(key, k);
      if (d < bestD) [best, bestD] = [k, d];
    }
    const near = bestD <= Math.max(2, Math.floor(key.length / 6));
    if (near || OWN_PREFIXES.some((p) => key.startsWith(p))) out.push({ key, suggestion: near || bestD <= 4 ? best : null });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}
