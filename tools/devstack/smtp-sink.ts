/**
 * A real SMTP peer for tests and the demo: records every letter the app sends, can answer
 * with chosen 4xx/5xx codes (fault injection), and hands accepted letters on to Dovecot over
 * LMTP so recipients read them over IMAP, as in life.
 */
import { EventEmitter } from 'node:events';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { freePort, LOOPBACK, waitForPortClosed } from './free-port.js';

/** One letter the sink accepted (or, inside {@link SinkRejection}, refused). */
export interface SinkMessage {
  /** MAIL FROM; '' for the null sender (bounces, auto-replies). */
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
  /** Message-ID header including the angle brackets, '' when absent. */
  messageId: string;
  /** Subject header, encoded-words decoded, '' when absent. */
  subject: string;
  at: Date;
  /** Recipients Dovecot took over LMTP; others had no mailbox there (the "outside world"). */
  relayedTo: string[];
}

/** A letter the sink answered with an error instead of 250. */
export interface SinkRejection extends SinkMessage {
  code: number;
  message: string;
}

/** Decides per letter: an SMTP error to answer with, or null to accept. */
export type Responder = (msg: SinkMessage) => { code: number; message: string } | null;

/** A running SMTP sink; see {@link startSmtpSink}. */
export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  /** Accepted letters, oldest first. */
  messages: SinkMessage[];
  /** Refused letters (responder or failed LMTP relay), oldest first. */
  rejected: SinkRejection[];
  /** Installs (or with null removes) the fault-injection hook. */
  setResponder(fn: Responder | null): void;
  /** Resolves with the first `count` accepted letters matching `pred`, as soon as they exist. */
  waitFor(pred: (m: SinkMessage) => boolean, count?: number, timeoutMs?: number): Promise<SinkMessage[]>;
  /** Forgets recorded letters (between tests). */
  clear(): void;
  /**
   * Installs (or with null removes) a rewrite of each recipient before the LMTP relay, e.g. to a
   * per-test-file mailbox user on a shared Dovecot. Recorded envelopes keep the original address.
   */
  setRoute(fn: ((rcpt: string) => string) | null): void;
  /** Calls `fn` with every letter as it is accepted or refused; returns the unsubscribe. */
  subscribe(fn: (m: SinkMessage | SinkRejection, accepted: boolean) => void): () => void;
  /** Closes the port and drops open connections with 421, like a server going down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** Options of {@link startSmtpSink}. */
export interface SmtpSinkOptions {
  /** Dovecot's LMTP port; when set, accepted letters are delivered there before the 250. */
  lmtpPort?: number;
  lmtpHost?: string;
  /** Fixed port; a free one is picked when omitted. */
  port?: number;
  /**
   * Opt-in OAuth2: AUTH is then required and only XOAUTH2 is offered; each bearer token is checked
   * against this RFC 7662 introspection URL (POST `token=…`) and must be active for the login
   * user (`username`, compared without domain). A refused token gets the 334 error challenge a
   * real server sends, so clients can renew and retry; an unreachable endpoint gets 454.
   */
  oauth2?: { introspectionUrl: string };
  /** Changes a submitted message before it is recorded and delivered (the demo's DKIM signer), by SMTP login. */
  transform?: (raw: Buffer, login: string | undefined) => Promise<Buffer>;
}

const MAX_SIZE = 60 * 1024 * 1024;

function smtpError(code: number, message: string): SMTPServerError {
  const err: SMTPServerError = new Error(message);
  err.responseCode = code;
  return err;
}

/** Asks the introspection endpoint whether `token` is active for `user` (local parts compared). */
async function tokenIsValidFor(introspectionUrl: string, user: string, token: string): Promise<boolean> {
  const res = await fetch(introspectionUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ token }).toString(),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`introspection answered ${res.status}`);
  const body = (await res.json()) as { active?: unknown; username?: unknown };
  const local = (u: string) => u.toLowerCase().split('@')[0];
  return body.active === true && typeof body.username === 'string' && local(body.username) === local(user);
}

function describe(m: SinkMessage): string {
  return `  ${m.at.toISOString()} to=${m.envelopeTo.join(',')} subject=${JSON.stringify(m.subject)}`;
}

/** The record of letters a sink (or one test file's view of a shared sink) accepted and refused. */
export interface MessageLog extends Pick<SmtpSink, 'messages' | 'rejected' | 'waitFor' | 'clear'> {
  accept(m: SinkMessage): void;
  reject(m: SinkRejection): void;
}

export function createMessageLog(): MessageLog {
  const events = new EventEmitter();
  events.setMaxListeners(0); // many concurrent waitFor() calls are normal in tests
  const log: MessageLog = {
    messages: [],
    rejected: [],
    accept: (m) => {
      log.messages.push(m);
      events.emit('message', m);
    },
    reject: (m) => void log.rejected.push(m),
    waitFor: (pred, count = 1, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = log.messages.filter(pred);
          if (found.length < count) return false;
          clearTimeout(timer);
          events.off('message', check);
          resolve(found.slice(0, count));
          return true;
        };
        const timer = setTimeout(() => {
          events.off('message', check);
          const got = log.messages.map(describe).join('\n') || '  (nothing)';
          const refused = log.rejected.map((r) => `${describe(r)} -> ${r.code}`).join('\n') || '  (nothing)';
          reject(new Error(`smtp sink: fewer than ${count} matching message(s) within ${timeoutMs} ms.\n` +
            `Accepted:\n${got}\nRejected:\n${refused}`));
        }, timeoutMs);
        if (!check()) events.on('message', check);
      }),
    clear: () => {
      log.messages.length = 0;
      log.rejected.length = 0;
    },
  };
  return log;
}

/**
 * Starts the sink on 127.0.0.1. Any AUTH PLAIN/LOGIN is accepted (the app may be configured
 * with credentials), unless `opts.oauth2` asks for XOAUTH2; no STARTTLS, so nothing needs a
 * certificate.
 */
export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const port = opts.port ?? (await freePort());
  let responder: Responder | null = null;
  let route: ((rcpt: string) => string) | null = null;
  let server: SMTPServer | undefined;
  const lmtpOptions = { host: opts.lmtpHost ?? LOOPBACK, port: opts.lmtpPort, lmtp: true, ignoreTLS: true, logger: false };
  const lmtp = opts.lmtpPort === undefined ? undefined : nodemailer.createTransport(lmtpOptions);

  /** Delivers to each recipient on its own, so one unknown user does not sink the rest. */
  async function relay(msg: SinkMessage): Promise<void> {
    if (!lmtp) return;
    for (const to of msg.envelopeTo) {
      try {
        await lmtp.sendMail({ envelope: { from: msg.envelopeFrom, to: [route ? route(to) : to] }, raw: msg.raw });
        msg.relayedTo.push(to);
      } catch (err) {
        const e = err as { responseCode?: number; command?: string };
        // 550 at RCPT = Dovecot has no such user: mail for the outside world, recorded only.
        if (e.command?.startsWith('RCPT') && (e.responseCode ?? 0) >= 500) continue;
        throw err;
      }
    }
  }

  const log = createMessageLog();
  const subscribers = new Set<(m: SinkMessage | SinkRejection, accepted: boolean) => void>();
  const sink: SmtpSink = {
    host: LOOPBACK,
    port,
    messages: log.messages,
    rejected: log.rejected,
    setResponder: (fn) => void (responder = fn),
    waitFor: log.waitFor,
    clear: log.clear,
    setRoute: (fn) => void (route = fn),
    subscribe: (fn) => {
      subscribers.add(fn);
      return () => void subscribers.delete(fn);
    },
    stop: async () => {
      if (!server) return;
      const s = server;
      server = undefined;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      // A crash, not a polite drain: pooled client connections must notice too.
      for (const conn of s.connections) {
        conn.send(421, 'Service not available, closing transmission channel');
        conn.close();
      }
      await closed;
      await waitForPortClosed(port, 'smtp sink');
    },
    start: async () => {
      if (server) return;
      server = createServer();
      const s = server;
      await new Promise<void>((resolve, reject) => {
        const failed = (err: Error): void => {
          server = undefined; // so a later start() tries again
          reject(err);
        };
        s.once('error', failed);
        s.listen(port, LOOPBACK, () => {
          s.off('error', failed);
          resolve();
        });
      });
    },
  };

  async function onData(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw smtpError(552, 'Message exceeds fixed maximum message size');
    const submitted = Buffer.concat(chunks);
    const raw = opts.transform ? await opts.transform(submitted, session.user as string | undefined) : submitted;
    // Malformed mail is still recorded (tests send it on purpose); only the two headers suffer.
    const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true }).catch(
      () => ({ messageId: undefined, subject: undefined }),
    );
    const { mailFrom, rcptTo } = session.envelope;
    const msg: SinkMessage = {
      envelopeFrom: mailFrom ? mailFrom.address : '',
      envelopeTo: rcptTo.map((r) => r.address),
      raw,
      messageId: parsed.messageId ?? '',
      subject: parsed.subject ?? '',
      at: new Date(),
      relayedTo: [],
    };
    const verdict = responder?.(msg) ?? null;
    if (verdict && verdict.code >= 400) {
      const r = { ...msg, ...verdict };
      log.reject(r);
      for (const fn of subscribers) fn(r, false);
      throw smtpError(verdict.code, verdict.message);
    }
    try {
      await relay(msg);
    } catch (err) {
      const message = `LMTP relay to Dovecot failed: ${(err as Error).message}`;
      const r = { ...msg, code: 451, message };
      log.reject(r);
      for (const fn of subscribers) fn(r, false);
      throw smtpError(451, message);
    }
    log.accept(msg);
    for (const fn of subscribers) fn(msg, true);
    return `OK queued as ${sink.messages.length}`;
  }

  /** OAuth2 mode (opts.oauth2): XOAUTH2 only, with a token the introspection endpoint calls active. */
  const onOAuth2Auth: SMTPServerOptions['onAuth'] = (auth, _session, cb) => {
    const url = opts.oauth2?.introspectionUrl;
    if (!url || auth.method !== 'XOAUTH2' || !auth.accessToken || !auth.username) {
      cb(smtpError(504, 'Only XOAUTH2 is accepted here'));
      return;
    }
    tokenIsValidFor(url, auth.username, auth.accessToken).then(
      (ok) => (ok ? cb(null, { user: auth.username }) : cb(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' } })),
      () => cb(smtpError(454, 'Temporary authentication failure')),
    );
  };

  function createServer(): SMTPServer {
    const s = new SMTPServer({
      authOptional: !opts.oauth2,
      allowInsecureAuth: true, // AUTH over plaintext; this is loopback-only test kit
      authMethods: opts.oauth2 ? ['XOAUTH2'] : ['PLAIN', 'LOGIN'],
      disabledCommands: ['STARTTLS'],
      size: MAX_SIZE,
      disableReverseLookup: true,
      logger: false,
      onAuth: opts.oauth2 ? onOAuth2Auth : (auth, _session, cb) => cb(null, { user: auth.username ?? 'anonymous' }),
      onData: (stream, session, cb) => {
        onData(stream, session).then((reply) => cb(null, reply), (err: Error) => cb(err));
      },
    });
    // Without a listener a client's broken socket would crash the test process.
    s.on('error', () => undefined);
    return s;
  }

  await sink.start();
  return sink;
}
