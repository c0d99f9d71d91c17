/**
 * OAuth2 access tokens for the mailbox logins (XOAUTH2 / OAUTHBEARER), for IMAP and SMTP alike.
 *
 * - {@link StaticAccessToken}: IMAP_ACCESS_TOKEN / SMTP_ACCESS_TOKEN, handed out as given; it can
 *   not be renewed, so a refusal needs a person.
 * - {@link OAuthTokenProvider}: tokens from the provider's token endpoint (RFC 6749 §6 refresh
 *   flow, or §4.4 client credentials for Microsoft 365 app-only access). A token is renewed ahead
 *   of its expiry (a quarter of its lifetime, at most 5 minutes, before it runs out) and at once
 *   after a server refused it (`invalidate`, `renew`). Concurrent requests share one round trip.
 *
 * Tokens, refresh tokens and client secrets never reach a log line or an error message: errors
 * carry the endpoint (without query), the HTTP status and the provider's error code/description,
 * with our own secrets blanked out should a provider ever echo them.
 */
import { OAuthTokenError } from '../errors/index.js';
import type { Logger } from '../logger.js';
import type { OAuth2Settings } from '../config.js';


/** Where a mailbox login gets its bearer token. */
export interface AccessTokenSource {
  /** For logs and errors: which key or endpoint, never a token. */
  readonly description: string;
  /** False for a fixed token: refusing it cannot lead to a better one. */
  readonly renewable: boolean;
  /** A token with time left; renews first when the last one is (nearly) expired or was refused. */
  getToken(): Promise<string>;
  /** A new token now, whatever the current one's expiry (the server refused it). */
  renew(): Promise<string>;
  /** The server refused `token`: forget it (if still current), so the next getToken() renews. */
  invalidate(token: string): void;
  /** Epoch ms until which the last token handed out may be reused (0: unknown), for nodemailer's cache. */
  reuseUntil(): number;
}

/** A fixed access token (IMAP_ACCESS_TOKEN / SMTP_ACCESS_TOKEN). */
export class StaticAccessToken implements AccessTokenSource {
  readonly renewable = false;
  constructor(private readonly token: string, readonly description: string) {}
  getToken(): Promise<string> {
    return Promise.resolve(this.token);
  }
  renew(): Promise<string> {
    return Promise.resolve(this.token);
  }
  invalidate(): void {}
  reuseUntil(): number {
    return 0;
  }
}

export interface OAuthTokenProviderOptions extends OAuth2Settings {
  log?: Logger;
  /** Per request to the token endpoint. */
  timeoutMs?: number;
  /** Assumed lifetime when the endpoint sends no expires_in. */
  defaultLifetimeS?: number;
}

interface HeldToken {
  token: string;
  expiresAt: number;
  /** From here on getToken() renews first. */
  renewAt: number;
}

const MAX_RENEW_AHEAD_MS = 5 * 60_000;

/** Access tokens from a token endpoint, renewed ahead of expiry and after a refusal. */
export class OAuthTokenProvider implements AccessTokenSource {
  readonly renewable = true;
  readonly description: string;
  /** Tokens obtained so far (for tests and metrics). */
  renewals = 0;
  private current: HeldToken | null = null;
  private inFlight: Promise<string> | null = null;
  private refreshToken: string | undefined;
  private log: Logger | undefined;
  private lastFailure: string | null = null;

  constructor(private readonly opts: OAuthTokenProviderOptions) {
    this.refreshToken = opts.refreshToken;
    this.log = opts.log;
    this.description = `${opts.grant} grant at ${endpointName(opts.tokenUrl)}`;
  }

  /** Give the provider a logger if it has none yet (it may be made before the service's logger is at hand). */
  useLogger(log: Logger): void {
    this.log ??= log.child({ component: 'oauth2' });
  }

  async getToken(): Promise<string> {
    const held = this.current;
    if (held && Date.now() < held.renewAt) return held.token;
    try {
      return await this.renew();
    } catch (err) {
      // The old token is still good for a while: use it and try again at the next login.
      const still = this.current;
      if (still && Date.now() < still.expiresAt - 1000) return still.token;
      throw err;
    }
  }

  renew(): Promise<string> {
    this.inFlight ??= this.request().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  reuseUntil(): number {
    return this.current?.renewAt ?? 0;
  }

  private async request(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope, grant } = this.opts;
    const form = new URLSearchParams({ grant_type: grant, client_id: clientId });
    if (clientSecret) form.set('client_secret', clientSecret);
    if (grant === 'refresh_token' && this.refreshToken) form.set('refresh_token', this.refreshToken);
    if (scope) form.set('scope', scope);
    const where = endpointName(tokenUrl);
    let res: Response;
    let text: string;
    try {
      res = await fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
      text = await res.text();
    } catch (err) {
      const cause = (err as Error).name === 'TimeoutError' ? 'no answer in time' : this.clean(((err as { cause?: Error }).cause ?? (err as Error)).message);
      throw this.failed(new OAuthTokenError(`OAuth2: the token endpoint ${where} could not be reached (${cause}); will try again`, false));
    }
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    const token = typeof body.access_token === 'string' && body.access_token.length > 0 ? body.access_token : null;
    if (!res.ok || !token) throw this.failed(this.explain(res.status, body, where));

    const now = Date.now();
    const lifetimeMs = Math.max(1, Number(body.expires_in) || this.opts.defaultLifetimeS || 3600) * 1000;
    this.current = { token, expiresAt: now + lifetimeMs, renewAt: now + lifetimeMs - Math.min(MAX_RENEW_AHEAD_MS, lifetimeMs / 4) };
    this.renewals++;
    if (grant === 'refresh_token' && typeof body.refresh_token === 'string' && body.refresh_token && body.refresh_token !== this.refreshToken) {
      // Microsoft rotates refresh tokens; the newest is the one to use (kept in memory only).
      this.refreshToken = body.refresh_token;
      this.log?.info('oauth2: the token endpoint issued a new refresh token; using it from now on');
    }
    if (this.lastFailure) this.log?.info({ endpoint: where }, 'oauth2: token endpoint answers again');
    this.lastFailure = null;
    this.log?.debug({ endpoint: where, grant, expiresInS: Math.round(lifetimeMs / 1000) }, 'oauth2: new access token');
    return token;
  }

  /** Turns an error answer into a message that says what to do. */
  private explain(status: number, body: Record<string, unknown>, where: string): OAuthTokenError {
    const code = typeof body.error === 'string' ? this.clean(body.error).slice(0, 60) : undefined;
    const desc = typeof body.error_description === 'string' ? this.clean(body.error_description).slice(0, 200) : '';
    const said = code ? ` (${code}${desc ? `: ${desc}` : ''})` : '';
    const refresh = this.opts.grant === 'refresh_token';
    if (code === 'invalid_grant' && refresh) {
      return new OAuthTokenError(
        `OAuth2: the token endpoint ${where} refused the refresh token${said}: it was revoked or has expired. ` +
          'Issue a new OAUTH_REFRESH_TOKEN (README, "OAuth2 mailboxes"); until then no mail is fetched or sent, and nothing is lost',
        true, code, status,
      );
    }
    if (code === 'invalid_client' || code === 'unauthorized_client' || status === 401) {
      return new OAuthTokenError(
        `OAuth2: the token endpoint ${where} refused the client${said}: check OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET (client secrets expire)`,
        true, code, status,
      );
    }
    if (code === 'invalid_scope') {
      return new OAuthTokenError(`OAuth2: the token endpoint ${where} refused the scope${said}: check OAUTH_SCOPE`, true, code, status);
    }
    if (code === 'invalid_grant' || code === 'unsupported_grant_type' || code === 'invalid_request') {
      return new OAuthTokenError(`OAuth2: the token endpoint ${where} refused the ${this.opts.grant} grant${said}`, true, code, status);
    }
    if (status >= 200 && status < 300) {
      return new OAuthTokenError(`OAuth2: the token endpoint ${where} answered without an access_token`, false, code, status);
    }
    const transient = status >= 500 || status === 429 || status === 408;
    return new OAuthTokenError(`OAuth2: the token endpoint ${where} answered ${status}${said}${transient ? '; will try again' : ''}`, !transient, code, status);
  }

  /** Logs a failure (error level when it is new, warn while it repeats) and returns it. */
  private failed(err: OAuthTokenError): OAuthTokenError {
    const repeated = this.lastFailure === err.message;
    this.lastFailure = err.message;
    const fields = { endpoint: endpointName(this.opts.tokenUrl), oauthError: err.oauthError, status: err.status, permanent: err.permanent };
    if (repeated) this.log?.warn(fields, err.message);
    else this.log?.error(fields, err.message);
    return err;
  }

  /** One line, and none of our own secrets even if a provider echoes them. */
  private clean(s: string): string {
    let out = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    for (const secret of [this.refreshToken, this.opts.refreshToken, this.opts.clientSecret, this.current?.token]) {
      if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
    }
    return out;
  }
}

/** `https://login.microsoftonline.com/…/token` without query or credentials. */
function endpointName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(token endpoint)';
  }
}
