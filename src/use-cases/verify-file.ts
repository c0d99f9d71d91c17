/**
 * `complaint-desk verify [KL-…]`: check the tamper-evident record of one case or of all. The
 * chain of events (src/domain/event-chain.ts), then every stored file of the case: a blob is
 * named by the SHA-256 of its bytes, so it must still hash to its name, and each document row
 * must still say what its link in the chain says (file hash, text hash). Names the first broken
 * link, and which events were purged and when. Read-only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ChainCheck } from '../domain/event-chain.js';
import type { Store } from '../store/store.js';

export interface CaseVerification {
  caseNumber: string;
  ok: boolean;
  chain: ChainCheck;
  files: number;
  documents: number;
  /** The first problem with a stored file or document row; null when none. */
  fileProblem: string | null;
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

function checkFile(store: Store, hash: string, what: string): string | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(store.blobs.pathOf(hash));
  } catch {
    return `${what}: stored file ${hash} is missing`;
  }
  return sha(bytes) === hash ? null : `${what}: stored file ${hash} was changed (its bytes no longer hash to its name)`;
}

/** Verify one case by its id. */
export function verifyCase(store: Store, caseId: number): CaseVerification {
  const c = store.cases.get(caseId)!;
  const chain = store.chain.check(caseId);
  const links = store.chain.links(caseId);
  let files = 0;
  let fileProblem: string | null = null;
  const messages = store.messages.byCase(caseId);
  for (const m of messages) {
    if (fileProblem) break;
    const what = `document #${m.id} (${m.kind}, ${m.at})`;
    const link = links.find((l) => l.type === 'document' && l.priv.messageRef === m.id && !l.purgedAt);
    if (link) {
      const d = JSON.parse(link.priv.data) as { sha256: string | null; textSha256: string | null };
      const textSha = m.text === null ? null : sha(m.text);
      if (d.sha256 !== m.blob_sha256) fileProblem = `${what}: its stored file is not the one event #${link.id} names`;
      else if (d.textSha256 !== textSha) fileProblem = `${what}: its text was changed since event #${link.id}`;
    }
    if (!fileProblem && m.blob_sha256) {
      files++;
      fileProblem = checkFile(store, m.blob_sha256, what);
    }
    for (const a of store.messages.attachmentsOf(m.id)) {
      if (fileProblem) break;
      files++;
      fileProblem = checkFile(store, a.sha256, `${what}, attachment ${a.filename}`);
    }
  }
  return { caseNumber: c.number, ok: chain.ok && !fileProblem, chain, files, documents: messages.length, fileProblem };
}

/** Verify every case (or the one numbered `number`). */
export function verifyCases(store: Store, number?: string): CaseVerification[] {
  if (number) {
    const c = store.cases.byNumber(number.trim().toUpperCase());
    if (!c) throw new Error(`no case ${number}`);
    return [verifyCase(store, c.id)];
  }
  return store.cases.allIds().map((id) => verifyCase(store, id));
}

/** One paragraph per case, as the CLI prints it: case numbers, counts, hashes and event ids only. */
export function formatVerification(results: readonly CaseVerification[], localTime: (iso: string) => string): string {
  const lines: string[] = [];
  for (const r of results) {
    const ch = r.chain;
    if (r.ok) lines.push(`${r.caseNumber}  OK  ${ch.events} events chained, head ${ch.head}; ${r.files} stored files match their hashes`);
    else lines.push(`${r.caseNumber}  BROKEN`);
    if (ch.broken) {
      lines.push(`  first broken link: event #${ch.broken.id} (number ${ch.broken.index} of the case, '${ch.broken.type}' at ${localTime(ch.broken.at)}): ${ch.broken.problem}`);
    }
    if (r.fileProblem) lines.push(`  ${r.fileProblem}`);
    if (ch.purged.length > 0) {
      const when = [...new Set(ch.purged.map((p) => localTime(p.purgedAt)))].join(', ');
      lines.push(`  ${ch.purged.length} events purged (content removed, hashes kept) on ${when}: #${ch.purged[0]!.id}…#${ch.purged.at(-1)!.id}`);
    }
  }
  if (results.length === 0) lines.push('no cases');
  const bad = results.filter((r) => !r.ok).length;
  lines.push(bad === 0 ? `verified ${results.length} case(s): all intact` : `verified ${results.length} case(s): ${bad} broken`);
  return `${lines.join('\n')}\n`;
}
