/**
 * How the mailboxes log in (issue 8, OAuth2 mailboxes): which login IMAP and SMTP use, derived
 * from which credentials are set, and the checks that go with it. Part of src/config.ts, which
 * validates the keys and calls these; kept apart so that file stays about the keys themselves.
 */

/** The credential keys these read (config.ts's validated environment has them all). */
export interface MailAuthEnv {
  IMAP_PASSWORD?: string; IMAP_ACCESS_TOKEN?: string;
  SMTP_USER?: string; SMTP_PASSWORD?: string; SMTP_ACCESS_TOKEN?: string;
  OAUTH_TOKEN_URL?: string; OAUTH_CLIENT_ID?: string; OAUTH_CLIENT_SECRET?: string; OAUTH_REFRESH_TOKEN?: string; OAUTH_SCOPE?: string;
}

/**
 * A mailbox login: `password` (IMAP_/SMTP_PASSWORD), `access-token` (a fixed IMAP_/SMTP_ACCESS_TOKEN,
 * XOAUTH2, never renewed) or `oauth2` (XOAUTH2 with tokens from OAUTH_TOKEN_URL, renewed).
 */
export type MailLogin = 'password' | 'access-token' | 'oauth2';

/** The token endpoint: a refresh flow (Gmail, delegated Microsoft 365) or client credentials (Microsoft 365 app). */
export interface OAuth2Settings {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  refreshToken?: string;
  scope?: string;
  grant: 'refresh_token' | 'client_credentials';
}

export interface MailAuthConfig {
  imap: MailLogin;
  /** `none`: no SMTP_USER, the server takes mail without AUTH. */
  smtp: MailLogin | 'none';
  /** Set when OAUTH_TOKEN_URL is. */
  oauth2?: OAuth2Settings;
}

const OAUTH_DETAIL_KEYS = ['OAUTH_CLIENT_ID', 'OAUTH_CLIENT_SECRET', 'OAUTH_REFRESH_TOKEN', 'OAUTH_SCOPE'] as const;

/** A fixed token wins, then a password, then the token endpoint; null: nothing to log in with. */
function mailLogins(e: MailAuthEnv): { imap: MailLogin | null; smtp: MailLogin | 'none' | null } {
  const flow = e.OAUTH_TOKEN_URL ? ('oauth2' as const) : null;
  const imap = e.IMAP_ACCESS_TOKEN ? 'access-token' : e.IMAP_PASSWORD ? 'password' : flow;
  const smtp = !e.SMTP_USER ? 'none' : e.SMTP_ACCESS_TOKEN ? 'access-token' : e.SMTP_PASSWORD ? 'password' : flow;
  return { imap, smtp };
}

export function mailAuthChecks(e: MailAuthEnv): string[] {
  const out: string[] = [];
  const { imap, smtp } = mailLogins(e);
  if (!imap) out.push('IMAP_PASSWORD: is required (or IMAP_ACCESS_TOKEN, or OAUTH_TOKEN_URL with its OAUTH_* keys for OAuth2)');
  if (e.IMAP_PASSWORD && e.IMAP_ACCESS_TOKEN) out.push('IMAP_ACCESS_TOKEN: set either IMAP_PASSWORD or IMAP_ACCESS_TOKEN, not both');
  if (!smtp) out.push('SMTP_PASSWORD: is required when SMTP_USER is set (or SMTP_ACCESS_TOKEN, or OAUTH_TOKEN_URL for OAuth2)');
  if (e.SMTP_PASSWORD && e.SMTP_ACCESS_TOKEN) out.push('SMTP_ACCESS_TOKEN: set either SMTP_PASSWORD or SMTP_ACCESS_TOKEN, not both');
  if (e.SMTP_ACCESS_TOKEN && !e.SMTP_USER) out.push('SMTP_USER: is required when SMTP_ACCESS_TOKEN is set (the mailbox the token is for)');
  if (!e.OAUTH_TOKEN_URL) {
    const stray = OAUTH_DETAIL_KEYS.filter((k) => e[k]);
    if (stray.length > 0) out.push(`OAUTH_TOKEN_URL: is required when ${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} set (the provider's token endpoint)`);
    return out;
  }
  if (!e.OAUTH_CLIENT_ID) out.push('OAUTH_CLIENT_ID: is required when OAUTH_TOKEN_URL is set');
  if (!e.OAUTH_REFRESH_TOKEN && !e.OAUTH_CLIENT_SECRET) {
    out.push('OAUTH_REFRESH_TOKEN: is required when OAUTH_TOKEN_URL is set (refresh flow, e.g. Gmail), ' +
      'unless OAUTH_CLIENT_SECRET and OAUTH_SCOPE are set for client credentials (Microsoft 365)');
  } else if (!e.OAUTH_REFRESH_TOKEN && !e.OAUTH_SCOPE) {
    out.push('OAUTH_SCOPE: is required for client credentials (no OAUTH_REFRESH_TOKEN); Microsoft 365: https://outlook.office365.com/.default');
  }
  if (imap !== 'oauth2' && smtp !== 'oauth2') {
    out.push('OAUTH_TOKEN_URL: is set, but IMAP and SMTP both use other credentials; remove IMAP_PASSWORD (and SMTP_PASSWORD) to log in with OAuth2');
  }
  return out;
}

export function mailAuthOf(e: MailAuthEnv): MailAuthConfig {
  const { imap, smtp } = mailLogins(e);
  const oauth2: OAuth2Settings | undefined = e.OAUTH_TOKEN_URL && e.OAUTH_CLIENT_ID
    ? {
        tokenUrl: e.OAUTH_TOKEN_URL, clientId: e.OAUTH_CLIENT_ID, clientSecret: e.OAUTH_CLIENT_SECRET,
        refreshToken: e.OAUTH_REFRESH_TOKEN, scope: e.OAUTH_SCOPE,
        grant: e.OAUTH_REFRESH_TOKEN ? 'refresh_token' : 'client_credentials',
      }
    : undefined;
  return { imap: imap ?? 'password', smtp: smtp ?? 'password', oauth2 };
}
