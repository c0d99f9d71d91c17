/**
 * `authres`: RFC 8601 §5: only the receiving server's own Authentication-Results can be trusted,
 * and it is the topmost one (added last), with authserv-id = AUTHSERV_ID. It must say dkim=pass
 * aligned (or with a DKIM_EXTRA_DOMAINS domain) or dmarc=pass for the From domain.
 */
import type { AuthResult } from '../auth-results.js';
import { safe } from './headers.js';
import type { AuthEvidence, MethodSettings, MethodVerdict } from './types.js';

export function byAuthResults(ev: AuthEvidence, s: MethodSettings): MethodVerdict {
  const no = (reason: string): MethodVerdict => ({ method: 'authres', pass: false, reason });
  const trusted = s.authservId?.trim().toLowerCase();
  if (!trusted) return no('AUTHSERV_ID is not set');
  if (ev.authres.kind === 'none') return no('no Authentication-Results header');
  if (ev.authres.kind === 'unattributed') return no('topmost Authentication-Results has no readable authserv-id');
  const parsed = ev.authres.field;
  const id = safe(parsed.authservId);
  if (parsed.authservId.toLowerCase() !== trusted) return no(`topmost Authentication-Results is from ${id}, not ${trusted}`);
  const ok = (d: string) => s.dkimExtraDomains.includes(d.toLowerCase()) || s.aligned(ev.fromDomain, d);
  const dkim = parsed.results.find((r) => r.method === 'dkim' && r.result === 'pass' && ok(dkimDomain(r)));
  if (dkim) return { method: 'authres', pass: true, reason: `${id}: dkim=pass header.d=${safe(dkimDomain(dkim))} aligned` };
  const dmarc = parsed.results.find((r) => r.method === 'dmarc' && r.result === 'pass' && r.props['header.from']?.toLowerCase() === ev.fromDomain);
  if (dmarc) return { method: 'authres', pass: true, reason: `${id}: dmarc=pass header.from=${ev.fromDomain}` };
  const seen = parsed.results.filter((r) => r.method === 'dkim' || r.method === 'dmarc').map((r) => `${r.method}=${safe(r.result)}`);
  return no(`${id}: no dkim or dmarc pass aligned with ${ev.fromDomain}${seen.length ? ` (${seen.slice(0, 4).join(', ')})` : ''}`);
}

/**
 * The signing domain of a dkim result: `header.d`, or else the domain of `header.i` (Gmail writes
 * only `header.i=@example.nl`). The AUID's domain is d= or a subdomain of it, so for relaxed
 * alignment the two are equivalent.
 */
export function dkimDomain(r: AuthResult): string {
  const d = r.props['header.d'];
  if (d) return d;
  const i = r.props['header.i'] ?? '';
  return i.includes('@') ? i.slice(i.lastIndexOf('@') + 1) : '';
}
