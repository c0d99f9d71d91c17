/**
 * Is a mail from a commissioner address really hers? (SPEC §7.) A From header proves nothing —
 * helpdesks have been run by forged From lines — so commands are obeyed only when either
 *  - `dkim`: a DKIM signature verifies, its d= is aligned with the From domain (relaxed: same
 *    organisational domain) and it covers the From header; or
 *  - `authres`: the topmost Authentication-Results header, written by our own receiving server
 *    (authserv-id = AUTHSERV_ID), says dkim=pass aligned or dmarc=pass for the From domain.
 * `none` skips the check (demos and tests only).
 *
 * In both real modes the raw message must hold exactly one From header with one address, equal
 * to the one the parser gave us: with two From headers a signature can cover one while a reader
 * shows the other. Reasons are short and safe to log: no keys, bodies or header values beyond
 * domains and result words.
 */
import addressparser from 'nodemailer/lib/addressparser';
import { parseAuthResults, type AuthResult } from './auth-results.js';

export interface AuthOptions {
  mode: 'dkim' | 'authres' | 'none';
  /** For `authres`: the authserv-id our receiving server writes (AUTHSERV_ID). */
  authservId?: string;
  /** Injectable DNS for tests, mailauth's resolver signature; TXT answers are `string[][]`. Default: node's resolver. */
  resolver?: (name: string, rrtype: string) => Promise<unknown>;
}

export interface AuthVerdict {
  authenticated: boolean;
  method: 'dkim' | 'authres' | 'none';
  /** Short, no secrets, e.g. `dkim=pass d=example.nl aligned` or `no DKIM signature aligned with example.nl`. */
  reason: string;
  /** Set when an aligned signature could not be checked because DNS failed (temperror): worth a retry, not a forgery alarm. */
  temporary?: boolean;
}

// mailauth is CommonJS; these are the parts we use, loaded by path (its README: lib/dkim/verify;
// getAlignment is the helper its own DMARC check uses), and they match its DKIMResult type.
interface DkimSignatureResult {
  /** Absent on the placeholder result for an unsigned message (status.result 'none'). */
  signingDomain?: string;
  signingHeaders?: { keys?: string };
  status: { result: string; comment?: string; underSized?: number };
}
interface Mailauth {
  dkimVerify(input: Buffer, opts: { resolver?: AuthOptions['resolver'] }): Promise<{ results?: DkimSignatureResult[] }>;
  getAlignment(fromDomain: string, domainList: string[]): { domain: string } | false;
}

// Plain strings: the lazy import() below is typed by the interfaces above, not by mailauth's own.
const MAILAUTH_VERIFY: string = 'mailauth/lib/dkim/verify.js';
const MAILAUTH_TOOLS: string = 'mailauth/lib/tools.js';
let mailauthLoading: Promise<Mailauth> | undefined;

/**
 * mailauth, imported at the first mail whose sender must be checked: it adds some 30 MB of
 * resident memory (Joi, tldts' public suffix list, its DKIM code) that a service that never gets
 * a commissioner's mail has no use for. A failed import is not kept, so the next mail tries again.
 */
function loadMailauth(): Promise<Mailauth> {
  if (!mailauthLoading) {
    mailauthLoading = (async () => {
      // A CommonJS module's import() gives its module.exports as `default`.
      const [verify, tools] = await Promise.all([import(MAILAUTH_VERIFY), import(MAILAUTH_TOOLS)]);
      return {
        dkimVerify: (verify.default as Pick<Mailauth, 'dkimVerify'>).dkimVerify,
        getAlignment: (tools.default as Pick<Mailauth, 'getAlignment'>).getAlignment,
      };
    })();
    mailauthLoading.catch(() => { mailauthLoading = undefined; });
  }
  return mailauthLoading;
}

/**
 * Decide whether `raw` was sent by `fromAddress` (the parsed, lower-cased From address).
 * Never throws: anything unexpected is a "not authenticated" with a reason.
 */
export async function authenticateSender(raw: Buffer, fromAddress: string, opts: AuthOptions): Promise<AuthVerdict> {
  const method = opts.mode;
  if (method === 'none') return { authenticated: true, method, reason: 'COMMAND_AUTH=none: sender not checked' };
  try {
    const fields = headerFields(raw);
    const from = singleFrom(fields, fromAddress);
    if (typeof from !== 'string') return { authenticated: false, method, reason: from.problem };
    const mailauth = await loadMailauth();
    return method === 'dkim' ? await byDkim(mailauth, raw, from, opts) : byAuthResults(mailauth, fields, from, opts);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { authenticated: false, method, reason: `check failed${typeof code === 'string' ? ` (${safe(code)})` : ''}` };
  }
}

async function byDkim(mailauth: Mailauth, raw: Buffer, fromDomain: string, opts: AuthOptions): Promise<AuthVerdict> {
  const { results: all = [] } = await mailauth.dkimVerify(raw, { resolver: opts.resolver });
  // An unsigned message yields one result without a signing domain ("dkim=none (message not signed)").
  const results = all.filter((r) => typeof r.signingDomain === 'string' && r.signingDomain !== '');
  if (results.length === 0) return { authenticated: false, method: 'dkim', reason: 'no DKIM signature' };
  const problems: string[] = [];
  let temporary = false;
  for (const r of results) {
    const d = safe(r.signingDomain ?? '');
    if (!isAligned(mailauth, fromDomain, r.signingDomain ?? '')) {
      problems.push(`d=${d} not aligned`);
      continue;
    }
    if (r.status.result !== 'pass') {
      temporary ||= r.status.result === 'temperror';
      problems.push(`dkim=${safe(r.status.result)} d=${d}${r.status.comment ? ` (${safe(r.status.comment)})` : ''}`);
    } else if (!signedHeaders(r).includes('from')) {
      problems.push(`d=${d} does not sign From`);
    } else if (r.status.underSized) {
      // l= lets anyone append unsigned text below the signed part.
      problems.push(`d=${d} leaves part of the body unsigned (l=)`);
    } else {
      return { authenticated: true, method: 'dkim', reason: `dkim=pass d=${d} aligned` };
    }
  }
  const verdict: AuthVerdict = { authenticated: false, method: 'dkim', reason: `no valid DKIM signature aligned with ${fromDomain}: ${problems.slice(0, 3).join('; ')}` };
  return temporary ? { ...verdict, temporary } : verdict;
}

/**
 * RFC 8601 §5: only the receiving server's own header can be trusted, and it is the topmost one
 * (added last). Any other, lower down or with another authserv-id, may have come with the mail.
 */
function byAuthResults(mailauth: Mailauth, fields: HeaderField[], fromDomain: string, opts: AuthOptions): AuthVerdict {
  const no = (reason: string): AuthVerdict => ({ authenticated: false, method: 'authres', reason });
  const trusted = opts.authservId?.trim().toLowerCase();
  if (!trusted) return no('AUTHSERV_ID is not set');
  const top = fields.find((f) => f.name === 'authentication-results');
  if (!top) return no('no Authentication-Results header');
  const parsed = parseAuthResults(top.value);
  if (!parsed) return no('topmost Authentication-Results has no readable authserv-id');
  const id = safe(parsed.authservId);
  if (parsed.authservId.toLowerCase() !== trusted) return no(`topmost Authentication-Results is from ${id}, not ${trusted}`);

  const dkim = parsed.results.find((r) => r.method === 'dkim' && r.result === 'pass' && isAligned(mailauth, fromDomain, dkimDomain(r)));
  if (dkim) return { authenticated: true, method: 'authres', reason: `${id}: dkim=pass header.d=${safe(dkimDomain(dkim))} aligned` };
  const dmarc = parsed.results.find((r) => r.method === 'dmarc' && r.result === 'pass' && r.props['header.from']?.toLowerCase() === fromDomain);
  if (dmarc) return { authenticated: true, method: 'authres', reason: `${id}: dmarc=pass header.from=${fromDomain}` };

  const seen = parsed.results.filter((r) => r.method === 'dkim' || r.method === 'dmarc').map((r) => `${r.method}=${safe(r.result)}`);
  return no(`${id}: no dkim or dmarc pass aligned with ${fromDomain}${seen.length ? ` (${seen.slice(0, 4).join(', ')})` : ''}`);
}

/**
 * The signing domain of a dkim result: `header.d`, or else the domain of `header.i` (Gmail writes
 * only `header.i=@example.nl`). The AUID's domain is d= or a subdomain of it, so for relaxed
 * alignment the two are equivalent.
 */
function dkimDomain(r: AuthResult): string {
  const d = r.props['header.d'];
  if (d) return d;
  const i = r.props['header.i'] ?? '';
  return i.includes('@') ? i.slice(i.lastIndexOf('@') + 1) : '';
}

/** Relaxed alignment (RFC 7489 §3.1.1): the same organisational domain, by the Public Suffix List. */
function isAligned(mailauth: Mailauth, fromDomain: string, signingDomain: string): boolean {
  if (!signingDomain || !/^[a-z0-9.-]+$/i.test(signingDomain)) return false;
  return mailauth.getAlignment(fromDomain, [signingDomain]) !== false;
}

/** Lower-cased names of the header fields a DKIM signature actually covered. */
function signedHeaders(r: DkimSignatureResult): string[] {
  return (r.signingHeaders?.keys ?? '').split(':').map((k) => k.trim().toLowerCase());
}

interface HeaderField {
  /** Lower-cased. */
  name: string;
  /** Unfolded, as written. */
  value: string;
}

/** The top-level header fields in order, unfolded. Bytes are read as UTF-8 (RFC 6532 allows it). */
function headerFields(raw: Buffer): HeaderField[] {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const fields: HeaderField[] = [];
  for (const line of (end < 0 ? text : text.slice(0, end)).split(/\r?\n/)) {
    const last = fields[fields.length - 1];
    if (/^[ \t]/.test(line) && last) last.value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
    }
  }
  return fields;
}

/** The From domain, when the message has exactly one From header holding exactly `fromAddress`. */
function singleFrom(fields: HeaderField[], fromAddress: string): string | { problem: string } {
  const froms = fields.filter((f) => f.name === 'from');
  if (froms.length !== 1) return { problem: `message has ${froms.length} From headers` };
  const addresses = addressparser(froms[0]!.value, { flatten: true });
  if (addresses.length !== 1) return { problem: `From header holds ${addresses.length} addresses` };
  const address = addresses[0]!.address.toLowerCase();
  if (address !== fromAddress.trim().toLowerCase()) return { problem: 'From header does not match the parsed sender' };
  const domain = address.slice(address.lastIndexOf('@') + 1);
  if (!address.includes('@') || domain === '') return { problem: 'From address has no domain' };
  return domain;
}

/** Keep a value from the message fit for a log line: word characters and a little punctuation, capped. */
function safe(value: string): string {
  return value.replace(/[^\w .@:=+-]/g, '?').slice(0, 80);
}
