/**
 * SMTP with XOAUTH2 through nodemailer. nodemailer asks `oauth2_provision_cb` for a token whenever
 * a pooled connection logs in, and again with `renew = true` when the server refused the one it
 * had (the 334 error challenge); both go to the shared token source.
 *
 * A token that cannot be had (token endpoint down, refresh token revoked) is not the letter's
 * fault: nodemailer would report it as EAUTH, which smtpErrorOf() rightly treats as permanent
 * for a refused password. Here it becomes EOAUTHTOKEN, which is retried with the usual backoff,
 * so the letter goes out once the token endpoint answers again.
 */
import { OAuthTokenError } from '../errors/index.js';
import type { SendMailOptions, SentMessageInfo, Transporter } from 'nodemailer';
import type { Config } from '../config.js';
import { type AccessTokenSource } from './tokens.js';

type SmtpAuth = { type: 'OAuth2'; user: string; accessToken?: string } | { user: string; pass?: string } | undefined;

/** nodemailer's `auth` for SMTP: XOAUTH2 (with a fixed token, or tokens from the provision callback), a password, or none. */
export function smtpAuthOptions(config: Config): SmtpAuth {
  const { smtp, mailAuth } = config;
  if (!smtp.user) return undefined;
  if (mailAuth.smtp === 'access-token') return { type: 'OAuth2', user: smtp.user, accessToken: smtp.accessToken };
  if (mailAuth.smtp === 'oauth2') return { type: 'OAuth2', user: smtp.user };
  return { user: smtp.user, pass: smtp.password };
}

/** An error smtpErrorOf() retries: the code is none of the permanent ones, there is no SMTP reply code. */
function tokenUnavailable(err: unknown): Error {
  const e = new Error(`OAuth2 access token unavailable: ${(err as Error).message}`);
  (e as Error & { code: string }).code = 'EOAUTHTOKEN';
  return e;
}

/**
 * Wires `tokens` into `transporter` (which must have been made with `auth: { type: 'OAuth2', user }`)
 * and makes token trouble a transient send failure. Returns the same transporter.
 */
export function withTokenRenewal<T extends Transporter>(transporter: T, tokens: AccessTokenSource): T {
  // nodemailer calls this as a method of the connection's XOAuth2 object, whose accessToken is the
  // one the server just refused: dropping exactly that one lets connections refused together share
  // one renewal. Without it (another nodemailer), renew outright.
  transporter.set('oauth2_provision_cb', function (this: { accessToken?: unknown } | undefined, _user: string, renew: boolean, cb: (err: Error | null, token?: string, expires?: number) => void) {
    const refused = typeof this?.accessToken === 'string' ? this.accessToken : null;
    if (renew && refused) tokens.invalidate(refused);
    (renew && !refused ? tokens.renew() : tokens.getToken()).then(
      (token) => cb(null, token, tokens.reuseUntil()),
      (err: Error) => cb(err),
    );
  });
  const send = transporter.sendMail.bind(transporter) as (mail: SendMailOptions) => Promise<SentMessageInfo>;
  const sendWithToken = async (mail: SendMailOptions): Promise<SentMessageInfo> => {
    // Ask first: a token endpoint that is down shows as what it is, not as a refused login.
    try {
      await tokens.getToken();
    } catch (err) {
      throw tokenUnavailable(err);
    }
    try {
      return await send(mail);
    } catch (err) {
      // nodemailer turns a failed provision callback into EAUTH; the error object is still ours.
      if (err instanceof OAuthTokenError) throw tokenUnavailable(err);
      throw err;
    }
  };
  transporter.sendMail = ((mail: SendMailOptions, callback?: (err: Error | null, info: SentMessageInfo) => void) => {
    const sent = sendWithToken(mail);
    if (!callback) return sent;
    sent.then((info) => callback(null, info), (err: Error) => callback(err, undefined as unknown as SentMessageInfo));
    return undefined;
  }) as Transporter['sendMail'];
  return transporter;
}
