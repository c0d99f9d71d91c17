/**
 * The one place that calls the `mailauth` library (7.x; kept small so that an upgrade touches
 * only this file). It verifies DKIM signatures and
 * tells whether two domains are aligned (the same organisational domain).
 */

/** One DKIM signature's outcome, in the shape the auth methods use. */
export interface DkimSignature {
  /** d=; '' when absent. */
  domain: string;
  /** pass, fail, neutral, temperror, permerror, policy … (lower-cased). */
  result: string;
  comment?: string;
  /** Lower-cased names of the header fields the signature covered. */
  signedHeaders: string[];
  /** Set when l= left part of the body unsigned. */
  underSized: boolean;
}

export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

// mailauth is CommonJS; these are the parts we use, loaded by path (its README: lib/dkim/verify;
// getAlignment is the helper its own DMARC check uses), and they match its DKIMResult type.
interface RawDkimResult {
  signingDomain?: string;
  signingHeaders?: { keys?: string };
  status: { result: string; comment?: string; underSized?: number };
}
interface Mailauth {
  dkimVerify(input: Buffer, opts: { resolver?: DnsResolver }): Promise<{ results?: RawDkimResult[] }>;
  getAlignment(fromDomain: string, domainList: string[]): { domain: string } | false;
}

// Plain strings: the lazy import() below is typed by the interfaces above, not by mailauth's own.
const MAILAUTH_VERIFY: string = 'mailauth/lib/dkim/verify.js';
const MAILAUTH_TOOLS: string = 'mailauth/lib/tools.js';
let loading: Promise<Mailauth> | undefined;

/**
 * mailauth, imported at the first mail whose sender must be checked: it adds some 30 MB of
 * resident memory that a service that never gets a commissioner's mail has no use for. A failed
 * import is not kept, so the next mail tries again.
 */
function load(): Promise<Mailauth> {
  if (!loading) {
    loading = (async () => {
      // A CommonJS module's import() gives its module.exports as `default`.
      const [verify, tools] = await Promise.all([import(MAILAUTH_VERIFY), import(MAILAUTH_TOOLS)]);
      return {
        dkimVerify: (verify.default as Pick<Mailauth, 'dkimVerify'>).dkimVerify,
        getAlignment: (tools.default as Pick<Mailauth, 'getAlignment'>).getAlignment,
      };
    })();
    loading.catch(() => { loading = undefined; });
  }
  return loading;
}

/** What the auth methods need from mailauth. */
export interface DkimTools {
  /** Every DKIM signature of the message (none for an unsigned one). */
  verify(raw: Buffer, resolver?: DnsResolver): Promise<DkimSignature[]>;
  /** Relaxed alignment (RFC 7489 §3.1.1): the same organisational domain, by the Public Suffix List. */
  aligned(fromDomain: string, signingDomain: string): boolean;
}

export async function dkimTools(): Promise<DkimTools> {
  const m = await load();
  return {
    verify: async (raw, resolver) => {
      const { results = [] } = await m.dkimVerify(raw, { resolver });
      // An unsigned message yields one result without a signing domain ("dkim=none (message not signed)").
      return results.filter((r) => typeof r.signingDomain === 'string' && r.signingDomain !== '').map((r) => ({
        domain: (r.signingDomain ?? '').toLowerCase(),
        result: r.status.result.toLowerCase(),
        comment: r.status.comment,
        signedHeaders: (r.signingHeaders?.keys ?? '').split(':').map((k) => k.trim().toLowerCase()),
        underSized: !!r.status.underSized,
      }));
    },
    aligned: (fromDomain, signingDomain) =>
      !!signingDomain && /^[a-z0-9.-]+$/i.test(signingDomain) && m.getAlignment(fromDomain, [signingDomain]) !== false,
  };
}
