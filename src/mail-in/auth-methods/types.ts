/** What every auth method looks at (the evidence) and says (its verdict). */
import type { AuthMethod } from '../../config-mailbox.js';
import type { DkimSignature } from '../mailauth.js';
import type { AuthResultsField } from '../auth-results.js';
import type { SentCopy } from '../../domain/sent-copy.js';

/**
 * Everything found that could prove who sent a mail. Gathered for every mail from her address,
 * whatever COMMAND_AUTH says, so that one test mail tells the IT person what to set (issue 12).
 */
export interface AuthEvidence {
  fromDomain: string;
  dkim: DkimSignature[];
  /** The topmost Authentication-Results: parsed, or `unattributed` when it has no readable authserv-id (Microsoft 365). */
  authres: { kind: 'none' } | { kind: 'unattributed'; results: string } | { kind: 'parsed'; field: AuthResultsField };
  /** Exchange's organisation headers, every value as found. */
  exchange: { authAs: string[]; tenantIds: string[]; directionality: string[] };
  /** null: not looked for (dedicated mode, or no Sent folder); else what the Sent folder holds. */
  sent: SentCopy | 'absent' | null;
  /** Set when a DNS lookup failed temporarily (worth a retry, not a forgery alarm). */
  dnsTemporary: boolean;
}

/** The configuration the methods judge against. */
export interface MethodSettings {
  authservId?: string;
  dkimExtraDomains: readonly string[];
  exchangeTenantId?: string;
  aligned(fromDomain: string, signingDomain: string): boolean;
}

export interface MethodVerdict {
  method: AuthMethod;
  pass: boolean;
  /** Short, no secrets, e.g. `dkim=pass d=example.nl aligned`. */
  reason: string;
}
