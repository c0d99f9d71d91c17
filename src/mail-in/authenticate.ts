/**
 * Is a mail from a commissioner address really hers? (SPEC §7.) A From header proves nothing —
 * helpdesks have been run by forged From lines — so commands are obeyed only when one of the
 * methods in COMMAND_AUTH passes (src/mail-in/auth-methods, one file each): `dkim`, `authres`,
 * `exchange`, `sent-folder`; `none` skips the check (demos and tests only).
 *
 * The raw message must hold exactly one From header with one address, equal to the one the
 * parser gave us. The evidence for every method is gathered whatever COMMAND_AUTH says, so a
 * refused mail's alert can say which setting would have accepted it. Reasons are short and safe
 * to log: no keys, bodies or header values beyond domains and result words.
 */
import type { AuthMethod } from '../config-mailbox.js';
import { dkimTools, type DnsResolver } from './mailauth.js';
import { headerFields, safe, singleFrom } from './auth-methods/headers.js';
import { gatherEvidence } from './auth-methods/evidence.js';
import { byDkim } from './auth-methods/dkim.js';
import { byAuthResults } from './auth-methods/authres.js';
import { byExchange } from './auth-methods/exchange.js';
import { bySentFolder } from './auth-methods/sent-folder.js';
import { acceptingSettings, describeEvidence } from './auth-methods/describe.js';
import type { MethodSettings, MethodVerdict } from './auth-methods/types.js';
import type { SentCopy } from '../domain/sent-copy.js';

export interface AuthOptions {
  /** COMMAND_AUTH: a mail passes when one of these passes. A single method is accepted too (`mode`). */
  methods?: readonly AuthMethod[];
  /** @deprecated one method; `methods` wins. */
  mode?: AuthMethod;
  /** For `authres`: the authserv-id our receiving server writes (AUTHSERV_ID). */
  authservId?: string;
  dkimExtraDomains?: readonly string[];
  exchangeTenantId?: string;
  mailboxMode?: 'dedicated' | 'own';
  /** For `sent-folder`: what her Sent folder holds under this Message-ID; null when not searched. */
  sent?: SentCopy | 'absent' | null;
  /** Injectable DNS for tests, mailauth's resolver signature; TXT answers are `string[][]`. Default: node's resolver. */
  resolver?: DnsResolver;
}

export interface AuthVerdict {
  authenticated: boolean;
  /** The method that passed, or the list that was tried (`dkim,exchange`). */
  method: string;
  /** Short, no secrets, e.g. `dkim=pass d=example.nl aligned`; for a refusal, each method's reason. */
  reason: string;
  /** Set when an aligned signature could not be checked because DNS failed (temperror): worth a retry, not a forgery alarm. */
  temporary?: boolean;
  /** What was found, one line per kind of evidence (for the alert and the #help receipt). */
  evidence?: string[];
  /** COMMAND_AUTH settings under which this mail would have passed. */
  wouldAccept?: string[];
}

/**
 * Decide whether `raw` was sent by `fromAddress` (the parsed, lower-cased From address).
 * Never throws: anything unexpected is a "not authenticated" with a reason.
 */
export async function authenticateSender(raw: Buffer, fromAddress: string, opts: AuthOptions): Promise<AuthVerdict> {
  const methods = opts.methods ?? [opts.mode ?? 'dkim'];
  const method = methods.join(',');
  const none = methods.includes('none');
  try {
    const fields = headerFields(raw);
    const from = singleFrom(fields, fromAddress);
    if (typeof from !== 'string') {
      return none ? { authenticated: true, method: 'none', reason: 'COMMAND_AUTH=none: sender not checked' } : { authenticated: false, method, reason: from.problem };
    }
    const tools = await dkimTools();
    const settings: MethodSettings = {
      authservId: opts.authservId, dkimExtraDomains: opts.dkimExtraDomains ?? [], exchangeTenantId: opts.exchangeTenantId, aligned: tools.aligned,
    };
    const ev = await gatherEvidence(raw, fields, from, tools, { resolver: opts.resolver, sent: opts.sent ?? null });
    const evidence = describeEvidence(ev, settings);
    const wouldAccept = acceptingSettings(ev, fromAddress.toLowerCase(), opts.mailboxMode ?? 'dedicated', tools.aligned);
    if (none) return { authenticated: true, method: 'none', reason: 'COMMAND_AUTH=none: sender not checked', evidence, wouldAccept };
    const verdicts: MethodVerdict[] = methods.map((m) => judge(m as Exclude<AuthMethod, 'none'>, ev, settings, fromAddress.toLowerCase()));
    const pass = verdicts.find((v) => v.pass);
    if (pass) return { authenticated: true, method: pass.method, reason: pass.reason, evidence, wouldAccept };
    const reason = verdicts.length === 1 ? verdicts[0]!.reason : verdicts.map((v) => `${v.method}: ${v.reason}`).join('; ');
    const verdict: AuthVerdict = { authenticated: false, method, reason, evidence, wouldAccept };
    return ev.dnsTemporary && methods.includes('dkim') ? { ...verdict, temporary: true } : verdict;
  } catch (err) {
    if (none) return { authenticated: true, method: 'none', reason: 'COMMAND_AUTH=none: sender not checked' };
    const code = (err as { code?: unknown }).code;
    return { authenticated: false, method, reason: `check failed${typeof code === 'string' ? ` (${safe(code)})` : ''}` };
  }
}

function judge(m: Exclude<AuthMethod, 'none'>, ev: Parameters<typeof byDkim>[0], s: MethodSettings, from: string): MethodVerdict {
  switch (m) {
    case 'dkim': return byDkim(ev, s);
    case 'authres': return byAuthResults(ev, s);
    case 'exchange': return byExchange(ev, s);
    case 'sent-folder': return bySentFolder(ev, from);
  }
}
