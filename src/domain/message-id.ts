/**
 * Our own Message-IDs carry the case number, the outbox row and an HMAC, so that
 * (1) a retry of the same letter reuses its Message-ID (recognisable duplicate),
 * (2) a reply whose subject was edited still finds its case through In-Reply-To/References,
 * (3) nobody can forge a reference to a case they were never written about,
 * (4) our letters coming back (Bcc, Sent copy, echo) are recognised.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIG_LEN = 12;

function sign(secret: string, local: string): string {
  return createHmac('sha256', secret).update(local).digest('hex').slice(0, SIG_LEN);
}

/** `KL-2026-0001.o42.3f9a0c1d2e4b@domain` (no angle brackets); `caseNumber` may be null for non-case letters. */
export function ourMessageId(secret: string, domain: string, caseNumber: string | null, outboxId: number): string {
  const local = `${caseNumber ?? 'CD'}.o${outboxId}`;
  return `${local}.${sign(secret, local)}@${domain}`;
}

export interface OurMessageRef {
  caseNumber: string | null;
  outboxId: number;
}

const SHAPE = /^([A-Z][A-Z0-9]{0,7}-\d{4}-\d{4,6}|CD)\.o(\d+)\.([0-9a-f]+)@(.+)$/;

/** If `id` is one of our Message-IDs with a valid signature, what it refers to; else null. */
export function readOurMessageId(secret: string, id: string): OurMessageRef | null {
  const m = SHAPE.exec(id.replace(/^<|>$/g, '').trim());
  if (!m) return null;
  const [, caseNo, outboxId, sig] = m as unknown as [string, string, string, string];
  const expected = sign(secret, `${caseNo}.o${outboxId}`);
  if (sig.length !== expected.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) return null;
  return { caseNumber: caseNo === 'CD' ? null : caseNo, outboxId: Number(outboxId) };
}
