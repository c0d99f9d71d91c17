/**
 * `exchange`: Microsoft 365 does not DKIM-sign mail between two mailboxes of one tenant, so the
 * proof there is Exchange's own: `X-MS-Exchange-Organization-AuthAs: Internal` (the sender logged
 * in to this organisation) with `X-MS-Exchange-CrossTenant-Id` = EXCHANGE_TENANT_ID. Exchange's
 * header firewall removes every `X-MS-Exchange-Organization-*` header from mail that enters the
 * organisation from outside, so nobody outside can write AuthAs: Internal — but only when the
 * complaints mailbox itself is in that tenant: a mailbox elsewhere (Dovecot at a Dutch host)
 * receives such headers unfiltered, and this method must not be used there (README).
 */
import { safe } from './headers.js';
import type { AuthEvidence, MethodSettings, MethodVerdict } from './types.js';

export function byExchange(ev: AuthEvidence, s: MethodSettings): MethodVerdict {
  const no = (reason: string): MethodVerdict => ({ method: 'exchange', pass: false, reason });
  const tenant = s.exchangeTenantId?.toLowerCase();
  if (!tenant) return no('EXCHANGE_TENANT_ID is not set');
  const { authAs, tenantIds } = ev.exchange;
  if (authAs.length === 0) return no('no X-MS-Exchange-Organization-AuthAs header');
  // Every copy must agree: one Internal beside an Anonymous is not Exchange's doing.
  const notInternal = authAs.find((v) => v.trim().toLowerCase() !== 'internal');
  if (notInternal !== undefined) return no(`X-MS-Exchange-Organization-AuthAs is ${safe(notInternal)}, not Internal`);
  if (tenantIds.length === 0) return no('no X-MS-Exchange-CrossTenant-Id header');
  const other = tenantIds.find((v) => v.trim().toLowerCase() !== tenant);
  if (other !== undefined) return no(`X-MS-Exchange-CrossTenant-Id is ${safe(other)}, not EXCHANGE_TENANT_ID`);
  return { method: 'exchange', pass: true, reason: `Exchange AuthAs=Internal, tenant ${tenant}` };
}
