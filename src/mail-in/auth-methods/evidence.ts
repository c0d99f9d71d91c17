/**
 * Gather the evidence of who sent a mail (DKIM, the topmost Authentication-Results, Exchange's
 * headers, the Sent folder) once, so that every method judges the same facts and the alert and
 * the #help receipt can list them.
 */
import { parseAuthResults } from '../auth-results.js';
import type { DkimTools, DnsResolver } from '../mailauth.js';
import { values, type HeaderField } from './headers.js';
import type { AuthEvidence } from './types.js';
import type { SentCopy } from '../../domain/sent-copy.js';

export async function gatherEvidence(
  raw: Buffer, fields: readonly HeaderField[], fromDomain: string, tools: DkimTools,
  opts: { resolver?: DnsResolver; sent: SentCopy | 'absent' | null },
): Promise<AuthEvidence> {
  const dkim = await tools.verify(raw, opts.resolver);
  const top = values(fields, 'authentication-results')[0];
  const parsed = top === undefined ? null : parseAuthResults(top);
  const authres: AuthEvidence['authres'] = top === undefined ? { kind: 'none' }
    : parsed ? { kind: 'parsed', field: parsed } : { kind: 'unattributed', results: top };
  return {
    fromDomain, dkim, authres,
    exchange: {
      authAs: values(fields, 'x-ms-exchange-organization-authas'),
      tenantIds: values(fields, 'x-ms-exchange-crosstenant-id'),
      directionality: values(fields, 'x-ms-exchange-organization-messagedirectionality'),
    },
    sent: opts.sent,
    dnsTemporary: dkim.some((s) => s.result === 'temperror' && tools.aligned(fromDomain, s.domain)),
  };
}
