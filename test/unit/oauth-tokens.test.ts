/**
 * OAuth2 mailboxes without a mail server: the configuration's cross-checks, and the token
 * provider against a scripted token endpoint on loopback (renewal ahead of expiry, one request for
 * concurrent callers, refusals, explanations that name the key to fix and never a secret).
 */
import { ConfigError, OAuthTokenError } from '../../src/errors/index.js';
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { OAuthTokenProvider } from '../../src/mail-auth/tokens.js';
import { makeMailTokens } from '../../src/mail-auth/mail-tokens.js';

const BASE = {
  IMAP_HOST: 'outlook.office365.com',
  IMAP_USER: 'klachten@example.nl',
  SMTP_HOST: 'smtp.office365.com',
  MAIL_FROM: 'klachten@example.nl',
  COMMISSIONER_EMAILS: 'maja@example.nl',
  COMMISSIONER_NAME: 'M. Roozmond',
  PRACTICE_NAME: 'Praktijk LUX',
};
const REFRESH = {
  OAUTH_TOKEN_URL: 'https://oauth2.googleapis.com/token',
  OAUTH_CLIENT_ID: 'client-id',
  OAUTH_CLIENT_SECRET: 'client-secret-value',
  OAUTH_REFRESH_TOKEN: 'refresh-token-value',
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('OAuth2 configuration', () => {
  it('when only the OAUTH_* keys are set, then IMAP and SMTP (with SMTP_USER) use the refresh flow', () => {
    const c = loadConfig({ ...BASE, ...REFRESH, SMTP_USER: 'klachten@example.nl' });
    expect(c.mailAuth.imap).to.equal('oauth2');
    expect(c.mailAuth.smtp).to.equal('oauth2');
    expect(c.mailAuth.oauth2).to.include({ grant: 'refresh_token', clientId: 'client-id', tokenUrl: REFRESH.OAUTH_TOKEN_URL });
    const tokens = makeMailTokens(c);
    expect(tokens.imap).to.equal(tokens.smtp); // one provider, one cache
  });

  it('when there is no refresh token but a secret and a scope, then it is client credentials (Microsoft 365)', () => {
    const c = loadConfig({ ...BASE, ...REFRESH, OAUTH_REFRESH_TOKEN: '', OAUTH_SCOPE: 'https://outlook.office365.com/.default' });
    expect(c.mailAuth.oauth2?.grant).to.equal('client_credentials');
    expect(c.mailAuth.smtp).to.equal('none');
  });

  it('when passwords are set, then they are used and nothing changes for password users', () => {
    const c = loadConfig({ ...BASE, IMAP_PASSWORD: 'pw', SMTP_USER: 'u', SMTP_PASSWORD: 'pw2' });
    expect(c.mailAuth).to.deep.equal({ imap: 'password', smtp: 'password', oauth2: undefined });
    expect(makeMailTokens(c)).to.deep.equal({ imap: undefined, smtp: undefined, provider: undefined });
    expect(problemsOf({ ...BASE, IMAP_PASSWORD: 'pw', SMTP_USER: 'u' })).to.match(/SMTP_PASSWORD: is required when SMTP_USER is set/);
  });

  it('when IMAP uses a password and SMTP the token endpoint, then each side gets its own login', () => {
    const c = loadConfig({ ...BASE, ...REFRESH, IMAP_PASSWORD: 'pw', SMTP_USER: 'klachten@example.nl' });
    expect(c.mailAuth.imap).to.equal('password');
    expect(c.mailAuth.smtp).to.equal('oauth2');
  });

  it('when fixed access tokens are set, then they are used as given', () => {
    const c = loadConfig({ ...BASE, IMAP_ACCESS_TOKEN: 'fixed-imap', SMTP_USER: 'u', SMTP_ACCESS_TOKEN: 'fixed-smtp' });
    expect(c.mailAuth.imap).to.equal('access-token');
    expect(c.mailAuth.smtp).to.equal('access-token');
    expect(makeMailTokens(c).imap?.renewable).to.equal(false);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['the refresh flow without a client id', { ...REFRESH, OAUTH_CLIENT_ID: '' }, /OAUTH_CLIENT_ID: is required when OAUTH_TOKEN_URL is set/],
    ['a token URL with neither refresh token nor secret', { OAUTH_TOKEN_URL: REFRESH.OAUTH_TOKEN_URL, OAUTH_CLIENT_ID: 'c' }, /OAUTH_REFRESH_TOKEN: is required when OAUTH_TOKEN_URL is set/],
    ['client credentials without a scope', { ...REFRESH, OAUTH_REFRESH_TOKEN: '' }, /OAUTH_SCOPE: is required for client credentials/],
    ['OAUTH_* keys without a token URL', { OAUTH_CLIENT_ID: 'c', OAUTH_REFRESH_TOKEN: 'r' }, /OAUTH_TOKEN_URL: is required when OAUTH_CLIENT_ID, OAUTH_REFRESH_TOKEN are set/],
    ['a token URL over plain http', { ...REFRESH, OAUTH_TOKEN_URL: 'http://login.example.com/token' }, /OAUTH_TOKEN_URL: must be an https:\/\/ URL/],
    ['a token URL nobody uses', { ...REFRESH, IMAP_PASSWORD: 'pw' }, /OAUTH_TOKEN_URL: is set, but IMAP and SMTP both use other credentials/],
    ['a password and an access token for IMAP', { IMAP_PASSWORD: 'pw', IMAP_ACCESS_TOKEN: 't' }, /IMAP_ACCESS_TOKEN: set either IMAP_PASSWORD or IMAP_ACCESS_TOKEN/],
    ['an SMTP access token without SMTP_USER', { IMAP_PASSWORD: 'pw', SMTP_ACCESS_TOKEN: 't' }, /SMTP_USER: is required when SMTP_ACCESS_TOKEN is set/],
    ['no IMAP credentials at all', {}, /IMAP_PASSWORD: is required \(or IMAP_ACCESS_TOKEN, or OAUTH_TOKEN_URL/],
  ];
  for (const [what, env, expected] of bad) {
    it(`when ${what}, then that is a problem`, () => {
      expect(problemsOf({ ...BASE, ...env })).to.match(expected);
    });
  }

  it('when the configuration is wrong, then no secret or token is echoed', () => {
    const text = problemsOf({ ...BASE, ...REFRESH, OAUTH_TOKEN_URL: 'http://secret-host.example/token', OAUTH_CLIENT_ID: '', IMAP_PORT: 'x' });
    for (const s of ['client-secret-value', 'refresh-token-value', 'secret-host']) expect(text).not.to.include(s);
  });
});

type Answer = { status: number; body: unknown };

describe('OAuthTokenProvider (scripted token endpoint)', () => {
  let server: Server;
  let url: string;
  let requests: URLSearchParams[];
  let answer: (n: number, form: URLSearchParams) => Answer;

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += String(c)));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        requests.push(form);
        const a = answer(requests.length, form);
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/v2.0/token`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    requests = [];
    answer = (n) => ({ status: 200, body: { access_token: `at-${n}`, expires_in: 3600 } });
  });

  const provider = (extra: Partial<ConstructorParameters<typeof OAuthTokenProvider>[0]> = {}) =>
    new OAuthTokenProvider({ tokenUrl: url, clientId: 'cid', clientSecret: 'the-secret', refreshToken: 'the-refresh-token', grant: 'refresh_token', ...extra });

  it('when asked twice at once, then one request is made and the token is reused until ahead of its expiry', async () => {
    const p = provider();
    const before = Date.now();
    const [a, b] = await Promise.all([p.getToken(), p.getToken()]);
    expect([a, b]).to.deep.equal(['at-1', 'at-1']);
    expect(await p.getToken()).to.equal('at-1');
    expect(requests).to.have.length(1);
    expect(Object.fromEntries(requests[0]!)).to.deep.equal({ grant_type: 'refresh_token', client_id: 'cid', client_secret: 'the-secret', refresh_token: 'the-refresh-token' });
    // Renewed 5 minutes ahead of an hour-long token; a quarter ahead of a short one.
    expect(p.reuseUntil() - before).to.be.within(3_300_000 - 1000, 3_300_000 + 1000);
    answer = () => ({ status: 200, body: { access_token: 'short', expires_in: 8 } });
    await p.renew();
    expect(p.reuseUntil() - Date.now()).to.be.within(5000, 6000);
  });

  it('when the token is past its renewal point, then a new one is fetched; if that fails while the old one still lives, the old one is used', async () => {
    const p = provider();
    expect(await p.getToken()).to.equal('at-1');
    const realNow = Date.now;
    try {
      Date.now = () => realNow() + 3_400_000; // 100 s before expiry, past the 5-minute margin
      answer = (n) => ({ status: 200, body: { access_token: `at-${n}`, expires_in: 3600 } });
      expect(await p.getToken()).to.equal('at-2');
      Date.now = () => realNow() + 3_400_000 + 3_400_000;
      answer = () => ({ status: 503, body: {} });
      expect(await p.getToken(), 'still valid for 100 s').to.equal('at-2');
    } finally {
      Date.now = realNow;
    }
  });

  it('when a server refused a token, then invalidate() makes the next call fetch a new one; an older token does not', async () => {
    const p = provider();
    const t1 = await p.getToken();
    p.invalidate('not-the-current-one');
    expect(await p.getToken()).to.equal(t1);
    p.invalidate(t1);
    expect(await p.getToken()).to.equal('at-2');
    expect(requests).to.have.length(2);
  });

  it('when the refresh token is revoked, then the error says so, names the key, is permanent and carries no secret', async () => {
    answer = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'Token the-refresh-token has been expired or revoked.' } });
    const err = await provider().getToken().then(() => null, (e: unknown) => e as OAuthTokenError);
    expect(err).to.be.instanceOf(OAuthTokenError);
    expect(err!.permanent).to.equal(true);
    expect(err!.oauthError).to.equal('invalid_grant');
    expect(err!.message).to.match(/refused the refresh token .*invalid_grant.*revoked or has expired.*OAUTH_REFRESH_TOKEN/);
    expect(err!.message).not.to.include('the-refresh-token');
    expect(err!.message).not.to.include('the-secret');
  });

  it('when the client is refused, or the endpoint is down or unreachable, then the error says which', async () => {
    answer = () => ({ status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000222: The provided client secret keys are expired.' } });
    expect(await provider().getToken().catch((e: Error) => e.message)).to.match(/refused the client .*OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET/);
    answer = () => ({ status: 503, body: 'busy' });
    const down = await provider().getToken().catch((e: OAuthTokenError) => e);
    expect((down as OAuthTokenError).permanent).to.equal(false);
    expect((down as Error).message).to.match(/answered 503; will try again/);
    const nowhere = new OAuthTokenProvider({ tokenUrl: 'http://127.0.0.1:1/token', clientId: 'c', refreshToken: 'r', grant: 'refresh_token' });
    expect(await nowhere.getToken().catch((e: Error) => e.message)).to.match(/could not be reached/);
  });

  it('when the endpoint rotates the refresh token, then the new one is used next', async () => {
    answer = (n) => ({ status: 200, body: { access_token: `at-${n}`, expires_in: 3600, refresh_token: `rotated-${n}` } });
    const p = provider();
    await p.getToken();
    await p.renew();
    expect(requests.map((r) => r.get('refresh_token'))).to.deep.equal(['the-refresh-token', 'rotated-1']);
  });

  it('when it is client credentials, then the scope is sent and no refresh token', async () => {
    await provider({ grant: 'client_credentials', refreshToken: undefined, scope: 'https://outlook.office365.com/.default' }).getToken();
    expect(Object.fromEntries(requests[0]!)).to.deep.equal({
      grant_type: 'client_credentials', client_id: 'cid', client_secret: 'the-secret', scope: 'https://outlook.office365.com/.default',
    });
  });
});
