/**
 * The configuration values of the commissioner's own mailbox (issue 12): addresses that may carry
 * a display name, the COMMAND_AUTH list, and the checks that say when her commands could never
 * be obeyed. config.ts declares the keys; check-config and `start` both use `commandAuthProblems`,
 * so the two always agree.
 */
import { z } from 'zod';
import addressparser from 'nodemailer/lib/addressparser';

/** The methods of COMMAND_AUTH (SPEC §7); a mail passes when one of the listed methods passes. */
export const AUTH_METHODS = ['dkim', 'authres', 'exchange', 'sent-folder', 'none'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

const bareEmail = z.email();

/** `"M. Roozmond, klachtencommissaris" <maja@…>` or a bare address → the lower-cased address and the name. */
export function parseNamedAddress(value: string): { address: string; name: string } | null {
  const list = addressparser(value.trim(), { flatten: true });
  if (list.length !== 1) return null;
  const address = (list[0]!.address ?? '').trim().toLowerCase();
  if (!bareEmail.safeParse(address).success) return null;
  return { address, name: (list[0]!.name ?? '').replace(/[\r\n"]+/g, ' ').trim() };
}

/** An address key: a bare address, or one with a display name (which is kept apart). */
export const namedEmail = z.string().trim().transform((s, ctx) => {
  const parsed = parseNamedAddress(s);
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: 'must be an e-mail address, optionally with a name: "Name" <address>' });
    return z.NEVER;
  }
  return parsed;
});

/**
 * A list of addresses, each optionally with a display name. Split on commas outside quotes and
 * angle brackets, so `"Roozmond, M." <maja@…>, b@…` is two addresses.
 */
export const namedEmailList = z
  .string({ message: 'is required (one or more addresses, comma-separated)' })
  .transform((s, ctx) => {
    const list = addressparser(s, { flatten: true });
    const out: string[] = [];
    for (const a of list) {
      const address = (a.address ?? '').trim().toLowerCase();
      if (!bareEmail.safeParse(address).success) {
        ctx.addIssue({ code: 'custom', message: `must hold only e-mail addresses (got '${(a.address || a.name || '').slice(0, 80)}')` });
        return z.NEVER;
      }
      out.push(address);
    }
    if (out.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'needs at least one address' });
      return z.NEVER;
    }
    return [...new Set(out)];
  });

/** COMMAND_AUTH: a comma-separated list of methods. */
export const authMethodList = z
  .string()
  .default('dkim')
  .transform((s, ctx) => {
    const words = s.split(/[,\s]+/).map((w) => w.trim().toLowerCase()).filter(Boolean);
    const bad = words.filter((w) => !(AUTH_METHODS as readonly string[]).includes(w));
    if (bad.length > 0 || words.length === 0) {
      ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${AUTH_METHODS.join(', ')}` });
      return z.NEVER;
    }
    return [...new Set(words)] as AuthMethod[];
  });

/** DKIM_EXTRA_DOMAINS: signing domains accepted besides the From domain (a provider's own). */
export const domainList = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const out: string[] = [];
    for (const d of s.split(/[,\s]+/).map((x) => x.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean)) {
      if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(d)) {
        ctx.addIssue({ code: 'custom', message: `holds '${d.slice(0, 80)}', which is not a domain name` });
        return z.NEVER;
      }
      out.push(d);
    }
    return out;
  });

/** A Microsoft 365 tenant id: a GUID. */
export const tenantId = z.string().trim().toLowerCase()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'must be a tenant id (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47)' });

/** What `commandAuthProblems` needs to know. */
export interface CommandAuthFacts {
  mailboxMode: 'dedicated' | 'own';
  commandAuth: readonly AuthMethod[];
  authservId?: string;
  exchangeTenantId?: string;
  commissionerEmails: readonly string[];
  /** MAIL_FROM and MAILBOX_ADDRESS (bare). */
  ownAddresses: readonly string[];
}

/**
 * The configurations in which a commissioner's command could never be obeyed, one line each,
 * `KEY: why`. Start stops on any of these (cli.ts) and check-config lists them.
 */
export function commandAuthProblems(f: CommandAuthFacts): string[] {
  const out: string[] = [];
  const methods = f.commandAuth;
  if (methods.includes('none') && methods.length > 1) out.push('COMMAND_AUTH: none checks nothing, so it cannot be combined with other methods');
  if (methods.includes('authres') && !f.authservId) out.push('AUTHSERV_ID: is required when COMMAND_AUTH holds authres');
  if (methods.includes('exchange') && !f.exchangeTenantId) out.push('EXCHANGE_TENANT_ID: is required when COMMAND_AUTH holds exchange (the Microsoft 365 tenant of the mailbox)');
  if (methods.includes('sent-folder') && f.mailboxMode !== 'own') {
    out.push('COMMAND_AUTH: sent-folder works only with MAILBOX_MODE=own (the service must read her own Sent folder)');
  }
  if (f.mailboxMode === 'dedicated') {
    // In a dedicated mailbox, mail From our own address is our own letter coming back.
    const own = f.commissionerEmails.filter((a) => f.ownAddresses.includes(a));
    for (const a of own) {
      out.push(`COMMISSIONER_EMAILS holds ${a}, the service's own address: its notices would come back as commands, and her mail is taken for our own letters so her commands are never obeyed; if this is her own mailbox, set MAILBOX_MODE=own`);
    }
  }
  return out;
}
