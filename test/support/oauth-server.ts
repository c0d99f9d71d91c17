/**
 * OAuth2 on the private stack, without network: a small HTTP server that is the provider's token
 * endpoint (refresh_token and client_credentials grants) and its RFC 7662 introspection endpoint,
 * plus a stack whose Dovecot (oauth2 passdb) and SMTP sink (XOAUTH2 only) validate bearer tokens
 * against it. Tokens are active only until their expiry and until revoked. Everything it sees is
 * recorded and emitted, so tests wait for events instead of sleeping.
 */
import { EventEmitter } from 'node:events';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { startDovecot, type DovecotHandle } from '../../tools/devstack/dovecot.js';
import { freePorts } from '../../tools/devstack/free-port.js';
import { startRedis, type RedisHandle } from '../../tools/devstack/redis.js';
import { startSmtpSink, type SmtpSink } from '../../tools/devstack/smtp-sink.js';
import { DEMO_USERS } from '../../tools/devstack/stack-config.js';
import type { Stack } from '../../tools/devstack/stack.js';

export interface Grant {
  at: number;
  grant: string;
  /** The access token issued, or null when refused. */
  token: string | null;
  expiresAt: number;
  status: number;
  error?: string;
}

export interface Introspection {
  at: number;
  /** Which server asked: the last path segment of the introspection URL (`imap` or `smtp`). */
  who: string;
  token: string;
  active: boolean;
}

export interface FakeOAuthServer {
  tokenUrl: string;
  introspectionUrl(who: 'imap' | 'smtp'): string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** The mailbox login the tokens are for. */
  username: string;
  /** Lifetime (expires_in) of the tokens issued from now on. */
  ttlS: number;
  grants: Grant[];
  introspections: Introspection[];
  /** Every secret the server knows or issued: none of them may appear in a log. */
  secrets(): string[];
  /** The refresh token is refused with invalid_grant until restored. */
  revokeRefreshToken(): void;
  restoreRefreshToken(): void;
  /** Every access token issued so far becomes inactive (as if the provider revoked the sessions). */
  revokeIssuedTokens(): void;
  /** Resolves with the first grant/introspection matching `pred`, already recorded or still to come. */
  waitForGrant(pred: (g: Grant) => boolean, timeoutMs?: number): Promise<Grant>;
  waitForIntrospection(pred: (i: Introspection) => boolean, timeoutMs?: number): Promise<Introspection>;
  close(): Promise<void>;
}

function waitForRecord<T>(events: EventEmitter, name: string, list: T[], pred: (x: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const found = list.find(pred);
    if (found) return resolve(found);
    const on = (x: T): void => {
      if (!pred(x)) return;
      clearTimeout(timer);
      events.off(name, on);
      resolve(x);
    };
    const timer = setTimeout(() => {
      events.off(name, on);
      reject(new Error(`fake OAuth server: no matching ${what} within ${timeoutMs} ms (${list.length} recorded)`));
    }, timeoutMs);
    events.on(name, on);
  });
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

export async function startFakeOAuthServer(opts: { username?: string; ttlS?: number } = {}): Promise<FakeOAuthServer> {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const issued = new Map<string, { expiresAt: number; revoked: boolean }>();
  let refreshRevoked = false;
  const secret = (p: string) => `${p}-${randomBytes(12).toString('hex')}`;

  const fake: FakeOAuthServer = {
    tokenUrl: '',
    introspectionUrl: () => '',
    clientId: 'complaint-desk-test-client',
    clientSecret: secret('cs'),
    refreshToken: secret('rt'),
    username: opts.username ?? 'klachten',
    ttlS: opts.ttlS ?? 3600,
    grants: [],
    introspections: [],
    secrets: () => [fake.clientSecret, fake.refreshToken, ...issued.keys()],
    revokeRefreshToken: () => void (refreshRevoked = true),
    restoreRefreshToken: () => void (refreshRevoked = false),
    revokeIssuedTokens: () => {
      for (const t of issued.values()) t.revoked = true;
    },
    waitForGrant: (pred, timeoutMs = 20_000) => waitForRecord(events, 'grant', fake.grants, pred, timeoutMs, 'token request'),
    waitForIntrospection: (pred, timeoutMs = 20_000) => waitForRecord(events, 'introspection', fake.introspections, pred, timeoutMs, 'introspection'),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const record = (g: Grant): void => {
    fake.grants.push(g);
    events.emit('grant', g);
  };

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await formOf(req);
    const grant = form.get('grant_type') ?? '';
    const refuse = (status: number, error: string, description: string): void => {
      record({ at: Date.now(), grant, token: null, expiresAt: 0, status, error });
      json(res, status, { error, error_description: description });
    };
    if (form.get('client_id') !== fake.clientId || form.get('client_secret') !== fake.clientSecret) {
      return refuse(401, 'invalid_client', 'Unknown client or wrong secret.');
    }
    if (grant === 'refresh_token') {
      if (form.get('refresh_token') !== fake.refreshToken || refreshRevoked) return refuse(400, 'invalid_grant', 'Token has been expired or revoked.');
    } else if (grant === 'client_credentials') {
      if (form.get('scope') !== 'https://outlook.office365.com/.default') return refuse(400, 'invalid_scope', 'The scope is not valid.');
    } else {
      return refuse(400, 'unsupported_grant_type', 'Only refresh_token and client_credentials.');
    }
    const access = `at-${randomBytes(16).toString('hex')}`;
    const expiresAt = Date.now() + fake.ttlS * 1000;
    issued.set(access, { expiresAt, revoked: false });
    record({ at: Date.now(), grant, token: access, expiresAt, status: 200 });
    json(res, 200, { access_token: access, token_type: 'Bearer', expires_in: fake.ttlS, scope: 'https://mail.google.com/' });
  }

  async function introspect(req: IncomingMessage, res: ServerResponse, who: string): Promise<void> {
    const form = await formOf(req);
    const tok = form.get('token') ?? '';
    const held = issued.get(tok);
    const active = !!held && !held.revoked && Date.now() < held.expiresAt;
    const entry = { at: Date.now(), who, token: tok, active };
    fake.introspections.push(entry);
    events.emit('introspection', entry);
    json(res, 200, active ? { active: true, username: fake.username, exp: Math.floor(held!.expiresAt / 1000) } : { active: false });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const handled =
      req.method !== 'POST' ? Promise.resolve(json(res, 405, { error: 'method_not_allowed' }))
      : url.pathname === '/token' ? token(req, res)
      : url.pathname.startsWith('/introspect/') ? introspect(req, res, url.pathname.slice('/introspect/'.length))
      : Promise.resolve(json(res, 404, { error: 'not_found' }));
    handled.catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.tokenUrl = `${base}/token`;
  fake.introspectionUrl = (who) => `${base}/introspect/${who}`;
  return fake;
}

/**
 * Redis, Dovecot validating bearer tokens with `oauth`, and an SMTP sink that accepts XOAUTH2
 * only (relaying into Dovecot), shaped like startStack()'s Stack so the test harness takes it.
 * Password logins to Dovecot keep working: the tests deliver mail and read mailboxes with them.
 */
export async function startOAuthStack(oauth: FakeOAuthServer): Promise<Stack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'complaint-desk-oauth-'));
  chmodSync(dir, 0o755); // Dovecot's unprivileged auth process must be able to walk into it
  const [redisPort, imapPort, lmtpPort, smtpPort] = (await freePorts(4)) as [number, number, number, number];
  let redis: RedisHandle | undefined;
  let dovecot: DovecotHandle | undefined;
  let smtp: SmtpSink | undefined;
  const stop = async (): Promise<void> => {
    await Promise.allSettled([redis?.stop(), dovecot?.stop(), smtp?.stop()]);
    if (process.env.KEEP_STACK !== '1') rmSync(dir, { recursive: true, force: true });
  };
  try {
    redis = await startRedis({ dir: path.join(dir, 'redis'), port: redisPort });
    dovecot = await startDovecot({
      dir: path.join(dir, 'dovecot'), users: DEMO_USERS, imapPort, lmtpPort,
      oauth2: { introspectionUrl: oauth.introspectionUrl('imap') },
    });
    smtp = await startSmtpSink({ port: smtpPort, lmtpPort, lmtpHost: dovecot.host, oauth2: { introspectionUrl: oauth.introspectionUrl('smtp') } });
  } catch (err) {
    await stop();
    throw err;
  }
  return { dir, redis, dovecot, smtp, stop };
}
