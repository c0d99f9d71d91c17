/**
 * `EOAUTHTOKEN` (nodemailer's style, so SMTP failures read alike): no OAuth2 access token could be
 * had from the token endpoint. `permanent`: a person must act (revoked refresh token, bad client);
 * otherwise it is retried. Never carries a token or a secret.
 */
export class OAuthTokenError extends Error {
  readonly code = 'EOAUTHTOKEN';
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly oauthError?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OAuthTokenError';
  }
}
