/**
 * The evidence in lines an IT person can act on, and which COMMAND_AUTH setting would have
 * accepted the mail (issue 12: "one test mail tells the IT person what to set"). Values from the
 * mail pass through `safe`; templates escape them again.
 */
import type { AuthResult } from '../auth-results.js';
import { dkimDomain } from './authres.js';
import { safe } from './headers.js';
import type { AuthEvidence, MethodSettings } from './types.js';

export function describeEvidence(ev: AuthEvidence, s: MethodSettings): string[] {
  const lines: string[] = [];
  if (ev.dkim.length === 0) lines.push('DKIM: no signature');
  for (const sig of ev.dkim.slice(0, 4)) {
    const where = s.dkimExtraDomains.includes(sig.domain) ? 'in DKIM_EXTRA_DOMAINS' : s.aligned(ev.fromDomain, sig.domain) ? `aligned with ${ev.fromDomain}` : `not aligned with ${ev.fromDomain}`;
    lines.push(`DKIM: d=${safe(sig.domain)} dkim=${safe(sig.result)} (${where})`);
  }
  const ar = ev.authres;
  if (ar.kind === 'none') lines.push('Authentication-Results: none');
  else if (ar.kind === 'unattributed') lines.push('Authentication-Results: topmost has no authserv-id (as Microsoft 365 writes it), so it cannot be attributed to a server');
  else {
    const rs = ar.field.results.filter((r) => ['dkim', 'dmarc', 'spf'].includes(r.method)).slice(0, 5).map(resultText);
    lines.push(`Authentication-Results: authserv-id ${safe(ar.field.authservId)}${rs.length ? `; ${rs.join('; ')}` : ''}`);
  }
  const ex = ev.exchange;
  if (ex.authAs.length === 0 && ex.tenantIds.length === 0) lines.push('Exchange: no organisation headers');
  else {
    lines.push(`Exchange: AuthAs ${ex.authAs.map(safe).join(', ') || '(none)'}; tenant ${ex.tenantIds.map(safe).join(', ') || '(none)'}${ex.directionality.length ? `; ${safe(ex.directionality[0]!)}` : ''}`);
  }
  if (ev.sent === null) lines.push('Sent folder: not searched (only with MAILBOX_MODE=own)');
  else if (ev.sent === 'absent') lines.push('Sent folder: no copy with this Message-ID');
  else lines.push(`Sent folder: a copy in ${safe(ev.sent.folder)}, From ${safe(ev.sent.from) || '(none)'}${ev.sent.sameContent ? '' : ', with another subject or text'}`);
  return lines;
}

function resultText(r: AuthResult): string {
  const d = r.method === 'dkim' ? ` header.d=${safe(dkimDomain(r))}` : r.method === 'dmarc' ? ` header.from=${safe(r.props['header.from'] ?? '')}` : '';
  return `${r.method}=${safe(r.result)}${d}`;
}

/**
 * The settings under which this mail would have passed, strongest first. Only what the evidence
 * itself supports: a mail that proves nothing gets an empty list. A forger can write these headers
 * too, which is why the letter says to set them only for a mail she really sent herself.
 */
export function acceptingSettings(ev: AuthEvidence, fromAddress: string, mode: 'dedicated' | 'own', aligned: MethodSettings['aligned']): string[] {
  const out: string[] = [];
  for (const sig of ev.dkim) {
    if (sig.result !== 'pass' || !sig.signedHeaders.includes('from') || sig.underSized) continue;
    out.push(aligned(ev.fromDomain, sig.domain) ? 'COMMAND_AUTH=dkim' : `COMMAND_AUTH=dkim with DKIM_EXTRA_DOMAINS=${safe(sig.domain)}`);
  }
  if (ev.authres.kind === 'parsed') {
    const f = ev.authres.field;
    if (f.results.some((r) => (r.method === 'dkim' || r.method === 'dmarc') && r.result === 'pass')) out.push(`COMMAND_AUTH=authres with AUTHSERV_ID=${safe(f.authservId)}`);
  }
  const { authAs, tenantIds } = ev.exchange;
  if (authAs.length > 0 && authAs.every((v) => v.trim().toLowerCase() === 'internal') && tenantIds.length > 0 && new Set(tenantIds.map((t) => t.trim().toLowerCase())).size === 1) {
    out.push(`COMMAND_AUTH=exchange with EXCHANGE_TENANT_ID=${safe(tenantIds[0]!.trim().toLowerCase())} (only if the complaints mailbox is in that Microsoft 365 tenant)`);
  }
  if (ev.sent && ev.sent !== 'absent' && ev.sent.from === fromAddress && ev.sent.sameContent) {
    out.push(mode === 'own' ? 'COMMAND_AUTH=sent-folder' : 'COMMAND_AUTH=sent-folder with MAILBOX_MODE=own');
  }
  return [...new Set(out)];
}
