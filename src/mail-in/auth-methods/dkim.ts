/**
 * `dkim`: a DKIM signature verifies, covers From, signs the whole body, and its d= is aligned with
 * the From domain or is one of DKIM_EXTRA_DOMAINS (her provider's own signing domain, such as
 * `x.onmicrosoft.com` or `example.nl.gappssmtp.com`, which never aligns with her From).
 */
import type { AuthEvidence, MethodSettings, MethodVerdict } from './types.js';
import { safe } from './headers.js';

export function byDkim(ev: AuthEvidence, s: MethodSettings): MethodVerdict {
  const no = (reason: string): MethodVerdict => ({ method: 'dkim', pass: false, reason });
  if (ev.dkim.length === 0) return no('no DKIM signature');
  const problems: string[] = [];
  for (const sig of ev.dkim) {
    const d = safe(sig.domain);
    const extra = s.dkimExtraDomains.includes(sig.domain);
    if (!extra && !s.aligned(ev.fromDomain, sig.domain)) {
      problems.push(`d=${d} not aligned`);
    } else if (sig.result !== 'pass') {
      problems.push(`dkim=${safe(sig.result)} d=${d}${sig.comment ? ` (${safe(sig.comment)})` : ''}`);
    } else if (!sig.signedHeaders.includes('from')) {
      problems.push(`d=${d} does not sign From`);
    } else if (sig.underSized) {
      // l= lets anyone append unsigned text below the signed part.
      problems.push(`d=${d} leaves part of the body unsigned (l=)`);
    } else {
      return { method: 'dkim', pass: true, reason: `dkim=pass d=${d} ${extra ? 'in DKIM_EXTRA_DOMAINS' : 'aligned'}` };
    }
  }
  return no(`no valid DKIM signature aligned with ${ev.fromDomain}: ${problems.slice(0, 3).join('; ')}`);
}
