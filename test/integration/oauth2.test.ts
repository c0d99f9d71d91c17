/**
 * OAuth2 mailboxes on the real stack, without network (issue 8, item 4): a small HTTP server in
 * the test is the provider's token endpoint and its introspection endpoint; Dovecot's oauth2
 * passdb validates the service's bearer tokens against it, and the SMTP sink accepts XOAUTH2 only,
 * with a token that is active right now. Nothing sleeps a fixed time: the tests wait for token
 * requests, introspections, log lines, letters and rows, each with a timeout.
 */
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { Stack } from '../../tools/devstack/stack.js';
import { createLogger, type Logger } from '../../src/logger.js';
import {
  deliverToMailbox, eml, eventually, listMailbox, removeDir, startTestService, waitForInbox, type TestService,
} from '../support/harness.js';
import { startFakeOAuthServer, startOAuthStack, type FakeOAuthServer } from '../support/oauth-server.js';

interface LogLine {
  level: number;
  msg?: string;
  [k: string]: unknown;
}

/** A debug-level logger whose lines the test can read and wait for. */
function capturedLog(): { log: Logger; lines: LogLine[]; text: () => string; waitFor(pred: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine> } {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        raw.push(line);
        try {
          const parsed = JSON.parse(line) as LogLine;
          lines.push(parsed);
          events.emit('line', parsed);
        } catch {
          // not JSON: kept in raw only
        }
      }
      cb();
    },
  });
  return {
    log: createLogger('debug', stream),
    lines,
    text: () => raw.join('\n'),
    waitFor: (pred, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const found = lines.find(pred);
        if (found) return resolve(found);
        const on = (l: LogLine): void => {
          if (!pred(l)) return;
          clearTimeout(timer);
          events.off('line', on);
          resolve(l);
        };
        const timer = setTimeout(() => {
          events.off('line', on);
          reject(new Error(`no matching log line within ${timeoutMs} ms; last lines:\n${raw.slice(-15).join('\n')}`));
        }, timeoutMs);
        events.on('line', on);
      }),
  };
}

describe('OAuth2 mailboxes: XOAUTH2 for IMAP and SMTP, tokens renewed (real Dovecot, SMTP sink, token server)', function () {
  this.timeout(120_000);
  let oauth: FakeOAuthServer;
  let stack: Stack;
  let svc: TestService | null = null;
  let logs: ReturnType<typeof capturedLog>;
  /** When the current test began: the token server's records are filtered from here. */
  let t0 = 0;
  const grants = () => oauth.grants.filter((g) => g.at >= t0);
  const introspections = () => oauth.introspections.filter((i) => i.at >= t0);

  before(async () => {
    oauth = await startFakeOAuthServer({ username: 'klachten' });
    stack = await startOAuthStack(oauth);
  });
  after(async () => {
    await stack?.stop();
    await oauth?.close();
  });
  beforeEach(() => {
    t0 = Date.now();
    logs = capturedLog();
    oauth.ttlS = 3600;
    oauth.restoreRefreshToken();
    stack.smtp.clear();
  });
  afterEach(async function () {
    if (svc) {
      await svc.stop();
      removeDir(svc.dataDir);
      svc = null;
    }
    // The service logs into `logs`; show them on failure, or all of them with LOG_LEVEL=debug.
    if (process.env.LOG_LEVEL === 'debug') console.log(logs.text());
    else if (this.currentTest?.state === 'failed') console.log(logs.text().split('\n').slice(-40).join('\n'));
  });

  /** The refresh flow (Gmail style): no passwords at all for the service's own logins. */
  const refreshFlow = (o: FakeOAuthServer): Record<string, string> => ({
    IMAP_PASSWORD: '', // empty counts as not set
    SMTP_USER: 'klachten',
    OAUTH_TOKEN_URL: o.tokenUrl,
    OAUTH_CLIENT_ID: o.clientId,
    OAUTH_CLIENT_SECRET: o.clientSecret,
    OAUTH_REFRESH_TOKEN: o.refreshToken,
  });
  const start = async (overrides: Record<string, string>) => {
    svc = await startTestService(stack, { overrides, service: { log: logs.log } });
    return svc;
  };
  const casesIn = (s: TestService) => s.service.ctx.store.db.prepare('SELECT number FROM cases ORDER BY id').all() as { number: string }[];
  const readyz = async (s: TestService) => {
    const res = await fetch(`http://127.0.0.1:${s.service.health.port}/readyz`);
    return { status: res.status, body: (await res.json()) as { ok: boolean; checks: Record<string, boolean> } };
  };
  /** A complaint from `from`; resolves with its Message-ID once it is in the complaints INBOX. */
  const complaint = async (from: string, subject: string) => {
    const messageId = `${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ from, fromName: 'Klager', subject, messageId }));
    return messageId;
  };
  /** The acknowledgement the sink accepted for `messageId` (sent to `to`; it refers to the complaint). */
  const ackFor = (to: string, messageId: string, timeoutMs = 30_000) =>
    stack.smtp.waitFor((m) => m.envelopeTo.includes(to) && m.subject.includes('Ontvangstbevestiging') && m.raw.toString().includes(`<${messageId}>`), 1, timeoutMs);
  /**
   * Every letter written so far is marked sent. The sink records a letter just before its 250
   * goes out, so servers are only restarted once the service has the 250 too.
   */
  const lettersSettled = (s: TestService, count: number) =>
    eventually(() => {
      const r = s.service.ctx.store.db.prepare(`SELECT count(*) AS n, sum(status = 'sent') AS sent FROM outbox`).get() as { n: number; sent: number | null };
      return r.n >= count && r.sent === r.n;
    }, `${count} letters marked sent`, 30_000);
  const expectNoSecretsIn = (text: string) => {
    for (const s of oauth.secrets()) expect(text.includes(s), 'a token or secret was logged').to.equal(false);
  };
  const expireAllIssued = () => {
    const last = Math.max(...grants().filter((g) => g.token).map((g) => g.expiresAt));
    return eventually(() => Date.now() > last + 20, 'every issued token to expire', 10_000, 20);
  };

  it('when IMAP and SMTP use the refresh flow, then a complaint is ingested and acknowledged with bearer tokens on both sides, and no secret is logged', async () => {
    const s = await start(refreshFlow(oauth));
    const messageId = await complaint('klager@example.test', 'Klacht via OAuth2');
    const [ack] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === messageId);
    expect(ack!.subject).to.match(/^\[KL-\d{4}-0001\] Ontvangstbevestiging/);

    const granted = grants().filter((g) => g.token);
    expect(granted.length).to.be.greaterThanOrEqual(1);
    expect(granted.every((g) => g.grant === 'refresh_token')).to.equal(true);
    // Dovecot and the sink each saw a token the endpoint issued, and it was active.
    const imap = introspections().filter((i) => i.who === 'imap');
    const smtp = introspections().filter((i) => i.who === 'smtp');
    expect(imap.length).to.be.greaterThanOrEqual(1);
    expect(smtp.length).to.be.greaterThanOrEqual(1);
    expect([...imap, ...smtp].every((i) => i.active && granted.some((g) => g.token === i.token))).to.equal(true);
    expect((await readyz(s)).body.checks.imap).to.equal(true);
    expect(casesIn(s)).to.have.length(1);
    expectNoSecretsIn(logs.text());
  });

  it('when tokens live 3 s, then they are renewed ahead of expiry and ingestion goes on after they expired, with the IMAP cursor intact (no duplicate case)', async () => {
    oauth.ttlS = 3;
    const s = await start(refreshFlow(oauth));
    const first = await complaint('klager@example.test', 'Eerste klacht kort token');
    await ackFor('klager@example.test', first);
    await lettersSettled(s, 2); // acknowledgement and the commissioner's notice
    const firstToken = grants().find((g) => g.token)!.token;

    // Past expiry, make both sides log in again: Dovecot drops the session, the SMTP sink restarts.
    await expireAllIssued();
    const reloginAt = Date.now();
    await stack.dovecot.kick('klachten');
    await stack.smtp.stop();
    await stack.smtp.start();
    const relogin = await oauth.waitForIntrospection((i) => i.who === 'imap' && i.at >= reloginAt);
    expect(relogin.active, 'the watcher logged in again with a live token').to.equal(true);
    expect(relogin.token).to.not.equal(firstToken);
    await eventually(() => s.service.watcher.isConnected, 'the watcher connected again');

    const second = await complaint('tweede@example.test', 'Tweede klacht na verlopen token');
    await ackFor('tweede@example.test', second);

    // Renewed ahead of expiry: no server was ever shown an expired token.
    expect(grants().filter((g) => g.token && g.at >= reloginAt).length).to.be.greaterThanOrEqual(1);
    expect(introspections().filter((i) => !i.active)).to.deep.equal([]);
    expect(introspections().some((i) => i.who === 'smtp' && i.at >= reloginAt && i.active)).to.equal(true);

    // The cursor survived the reconnect: each message taken in once, each acknowledged once.
    await s.service.watcher.sweepNow();
    expect(casesIn(s)).to.have.length(2);
    const cp = s.service.ctx.store.mailbox.checkpoint('INBOX');
    const items = s.service.ctx.store.db.prepare('SELECT uid, moved_at FROM inbox_items ORDER BY uid').all() as { uid: number; moved_at: string | null }[];
    expect(items).to.have.length(2);
    expect(cp?.last_uid).to.equal(items[1]!.uid);
    const acks = stack.smtp.messages.filter((m) => m.subject.includes('Ontvangstbevestiging'));
    expect(acks).to.have.length(2);
    expectNoSecretsIn(logs.text());
  });

  it('when the refresh token is revoked, then IMAP stops with a clear error and /readyz says so; a complaint delivered meanwhile is handled once the token endpoint recovers', async () => {
    oauth.ttlS = 3;
    const s = await start(refreshFlow(oauth));
    const first = await complaint('klager@example.test', 'Klacht voor intrekking');
    await ackFor('klager@example.test', first);
    await lettersSettled(s, 2);

    oauth.revokeRefreshToken();
    await expireAllIssued();
    await stack.dovecot.kick('klachten');
    await stack.smtp.stop();
    await stack.smtp.start();

    const line = await logs.waitFor((l) => l.level >= 50 && /refused the refresh token/.test(l.msg ?? ''));
    expect(line.msg).to.match(/invalid_grant/);
    expect(line.msg).to.match(/revoked or has expired/);
    expect(line.msg).to.match(/OAUTH_REFRESH_TOKEN/);
    await eventually(async () => {
      const r = await readyz(s);
      return r.status === 503 && r.body.checks.imap === false;
    }, '/readyz to report IMAP down');

    // Delivered while no token can be had: it waits in the INBOX, untouched.
    const deliveredAt = Date.now();
    const meanwhile = await complaint('derde@example.test', 'Klacht tijdens storing');
    await oauth.waitForGrant((g) => g.at > deliveredAt && g.status === 400 && g.error === 'invalid_grant');
    expect(casesIn(s)).to.have.length(1);
    expect((await listMailbox(stack, 'klachten', 'INBOX')).some((m) => m.messageId === `<${meanwhile}>`)).to.equal(true);

    oauth.restoreRefreshToken();
    await ackFor('derde@example.test', meanwhile, 45_000);
    await eventually(async () => (await readyz(s)).body.ok, '/readyz to be ok again');
    await s.service.watcher.sweepNow();
    expect(casesIn(s)).to.have.length(2);
    const failed = s.service.ctx.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE status = 'failed'`).get() as { n: number };
    expect(failed.n).to.equal(0);
    expectNoSecretsIn(logs.text());
  });

  it('when a server refuses a token the service still holds as valid, then a new one is fetched at once: SMTP retries its login, IMAP reconnects', async () => {
    const s = await start(refreshFlow(oauth));
    const first = await complaint('klager@example.test', 'Klacht voor ingetrokken sessie');
    await ackFor('klager@example.test', first);
    await lettersSettled(s, 2);
    const grantsBefore = grants().length;

    // SMTP: the sink refuses the cached token (334 challenge); nodemailer asks for a renewal and retries.
    oauth.revokeIssuedTokens();
    let since = Date.now();
    await stack.smtp.stop();
    await stack.smtp.start();
    const second = await complaint('tweede@example.test', 'Klacht na intrekking smtp');
    await ackFor('tweede@example.test', second);
    await lettersSettled(s, 4);
    expect(grants().length, 'one renewal, for SMTP').to.equal(grantsBefore + 1);
    const smtpSeen = oauth.introspections.filter((i) => i.who === 'smtp' && i.at >= since);
    expect(smtpSeen.map((i) => i.active)).to.include.members([false, true]);
    expect(smtpSeen.findIndex((i) => i.active)).to.be.greaterThan(smtpSeen.findIndex((i) => !i.active));

    // IMAP (SMTP is idle now): AUTHENTICATIONFAILED drops the token; the next attempt logs in with a new one.
    oauth.revokeIssuedTokens();
    since = Date.now();
    await stack.dovecot.kick('klachten');
    await logs.waitFor((l) => /the server refused the OAuth2 access token/.test(l.msg ?? '') && (l.time as number) >= since);
    const back = await oauth.waitForIntrospection((i) => i.who === 'imap' && i.at >= since && i.active);
    expect(oauth.grants.some((g) => g.token === back.token && g.at >= since)).to.equal(true);
    const third = await complaint('derde@example.test', 'Klacht na intrekking imap');
    await ackFor('derde@example.test', third);
    expect(casesIn(s)).to.have.length(3);
    // No letter was given up on because of a refused token, and none went twice.
    await lettersSettled(s, 6);
    expect(stack.smtp.messages.filter((m) => m.subject.includes('Ontvangstbevestiging'))).to.have.length(3);
    expectNoSecretsIn(logs.text());
  });

  it('when SMTP needs a new token while the token endpoint refuses, then the letters wait (retried, not failed) and go out once it answers again', async () => {
    oauth.ttlS = 3;
    const s = await start(refreshFlow(oauth));
    const first = await complaint('klager@example.test', 'Klacht voor smtp-storing');
    await ackFor('klager@example.test', first);
    await lettersSettled(s, 2);

    // IMAP stays logged in (its session outlives the token); SMTP must log in anew.
    oauth.revokeRefreshToken();
    await expireAllIssued();
    await stack.smtp.stop();
    await stack.smtp.start();
    const second = await complaint('tweede@example.test', 'Klacht tijdens smtp-storing');
    const waiting = await eventually(
      () => s.service.ctx.store.db.prepare(`SELECT status, last_error FROM outbox WHERE last_error LIKE '%OAuth2 access token unavailable%'`).get() as { status: string; last_error: string } | undefined,
      'a letter held back for want of a token',
    );
    expect(waiting.status).to.not.equal('failed');
    expect(waiting.last_error).to.match(/refused the refresh token/);
    expect(stack.smtp.rejected).to.deep.equal([]); // never reached the server with a stale token

    oauth.restoreRefreshToken();
    await ackFor('tweede@example.test', second);
    await lettersSettled(s, 4);
    expect(introspections().filter((i) => !i.active)).to.deep.equal([]);
    expectNoSecretsIn(logs.text());
  });

  it('when client credentials are configured (Microsoft 365), then tokens come from the client_credentials grant with the scope', async () => {
    const s = await start({
      ...refreshFlow(oauth),
      OAUTH_REFRESH_TOKEN: '',
      OAUTH_SCOPE: 'https://outlook.office365.com/.default',
    });
    expect(s.config.mailAuth.oauth2?.grant).to.equal('client_credentials');
    const messageId = await complaint('klager@example.test', 'Klacht via client credentials');
    await ackFor('klager@example.test', messageId);
    expect(grants().filter((g) => g.token).map((g) => g.grant)).to.satisfy((gs: string[]) => gs.length > 0 && gs.every((g) => g === 'client_credentials'));
    expect(introspections().filter((i) => !i.active)).to.deep.equal([]);
    expectNoSecretsIn(logs.text());
  });
});
