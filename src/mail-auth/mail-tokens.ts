/**
 * Which token source each mailbox login uses. The composition root (src/app-context.ts) makes one
 * set per process and hands it to every login: the inbox watcher, the SMTP transport and any
 * other IMAP login (purge, reprocess, check-config) share one {@link OAuthTokenProvider}, so a
 * renewal made for one serves all, and a token a server refused is dropped for all.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { OAuthTokenProvider, StaticAccessToken, type AccessTokenSource } from './tokens.js';

export interface MailTokens {
  /** Set when IMAP logs in with XOAUTH2 (IMAP_ACCESS_TOKEN or the OAUTH_* keys). */
  imap?: AccessTokenSource;
  /** Set when SMTP logs in with XOAUTH2 (SMTP_ACCESS_TOKEN or the OAUTH_* keys). */
  smtp?: AccessTokenSource;
  /** The token endpoint's provider, when OAUTH_TOKEN_URL is set and used. */
  provider?: OAuthTokenProvider;
}

/** The token sources of `config`: one new set (make it once, in the composition root). */
export function makeMailTokens(config: Config, log?: Logger): MailTokens {
  const { mailAuth, imap, smtp } = config;
  const usesFlow = mailAuth.imap === 'oauth2' || mailAuth.smtp === 'oauth2';
  const provider = usesFlow && mailAuth.oauth2 ? new OAuthTokenProvider(mailAuth.oauth2) : undefined;
  const pick = (kind: string, fixed: string | undefined, key: string): AccessTokenSource | undefined =>
    kind === 'access-token' && fixed ? new StaticAccessToken(fixed, key) : kind === 'oauth2' ? provider : undefined;
  if (log) provider?.useLogger(log);
  return {
    imap: pick(mailAuth.imap, imap.accessToken, 'IMAP_ACCESS_TOKEN'),
    smtp: pick(mailAuth.smtp, smtp.accessToken, 'SMTP_ACCESS_TOKEN'),
    provider,
  };
}

/** imapflow's `auth` for one login: a fresh token from `source` (the set's `imap`) when IMAP uses one, else the password. */
export async function imapAuth(config: Config, source: AccessTokenSource | undefined): Promise<{ user: string; accessToken: string } | { user: string; pass: string }> {
  if (source) return { user: config.imap.user, accessToken: await source.getToken() };
  return { user: config.imap.user, pass: config.imap.password ?? '' };
}

/** What a refused login means for `source`, in one line for the log. */
export function refusedTokenAdvice(source: AccessTokenSource): string {
  return source.renewable
    ? `the server refused the OAuth2 access token (${source.description}); a new one is fetched for the next attempt`
    : `the server refused ${source.description}, which cannot be renewed here: set a new one, or use the OAUTH_* keys (README, "OAuth2 mailboxes")`;
}
