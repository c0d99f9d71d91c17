/**
 * One Redis, Dovecot and SMTP sink for the whole test run (a mocha root hook plugin: .mocharc.json
 * requires this file). The first test file that asks for a stack starts it; the root `afterAll`
 * stops it once, at the end of the run.
 *
 * Each file gets its own view of it ({@link fileStack}): mailbox users of its own on the shared
 * Dovecot (`f3-klachten`, `f3-klager`, … added to the passwd file at run time), its own BullMQ
 * queue prefixes on the shared Redis, and its own record of the letters the sink took. The sink
 * hands each letter for `klager@…` to the current file's `f3-klager`, so files never see each
 * other's mail or jobs. Mocha runs files one after another (no --parallel here), so "the current
 * file" is the view acquired last and not yet released.
 *
 * The view cannot stop or restart the shared daemons: tests that do (test/fault, and the few
 * integration tests that wipe or stop Redis) use `startPrivateStack()` from harness.ts.
 */
import { startStack, type Stack } from '../../tools/devstack/stack.js';
import { DEMO_USERS } from '../../tools/devstack/stack-config.js';
import type { DovecotHandle } from '../../tools/devstack/dovecot.js';
import type { RedisHandle } from '../../tools/devstack/redis.js';
import { createMessageLog, type Responder, type SinkMessage, type SinkRejection, type SmtpSink } from '../../tools/devstack/smtp-sink.js';

/** What a file's view adds to a Stack; private stacks have none (logins are the bare names). */
interface ViewInfo {
  /** e.g. 'f3': prefix of this file's mailbox users and queue prefixes. */
  ns: string;
  services: number;
}

const views = new WeakMap<Stack, ViewInfo>();
const BASE_USERS = new Set(DEMO_USERS.map((u) => u.user));

let shared: Promise<Stack> | undefined;
let files = 0;
let current: { info: ViewInfo; accept(m: SinkMessage): void; reject(m: SinkRejection): void; responder: Responder | null } | null = null;

function refuse(what: string): () => Promise<never> {
  return () => Promise.reject(new Error(`${what} belongs to the shared test stack and cannot be stopped or started by one test file: use startPrivateStack() (test/support/harness.ts)`));
}

async function sharedStack(): Promise<Stack> {
  shared ??= startStack({ users: [] }).then((s) => {
    // Letters for the demo users go to the current file's users; anything else is "outside world".
    s.smtp.setRoute((rcpt) => {
      const at = rcpt.lastIndexOf('@');
      const local = (at < 0 ? rcpt : rcpt.slice(0, at)).toLowerCase();
      return current && BASE_USERS.has(local) ? `${current.info.ns}-${local}${at < 0 ? '' : rcpt.slice(at)}` : rcpt;
    });
    s.smtp.setResponder((m) => current?.responder?.(m) ?? null);
    s.smtp.subscribe((m, accepted) => (accepted ? current?.accept(m) : current?.reject(m as SinkRejection)));
    return s;
  });
  shared.catch(() => (shared = undefined)); // a failed start may be retried by the next file
  return shared;
}

/**
 * This file's view of the shared stack: fresh mailbox users and queue prefixes, its own record
 * of sent letters. `stop()` releases the view (the daemons keep running for the next file).
 */
export async function fileStack(): Promise<Stack> {
  const base = await sharedStack();
  const info: ViewInfo = { ns: `f${++files}`, services: 0 };
  await base.dovecot.addUsers(DEMO_USERS.map((u) => ({ user: `${info.ns}-${u.user}`, password: u.password })));
  const log = createMessageLog();
  const me = { info, accept: log.accept, reject: log.reject, responder: null as Responder | null };
  current = me;

  const redis: RedisHandle = {
    url: base.redis.url, port: base.redis.port, get pid() { return base.redis.pid; },
    stop: refuse('Redis'), start: refuse('Redis'),
  } as RedisHandle;
  const dovecot: DovecotHandle = {
    host: base.dovecot.host, imapPort: base.dovecot.imapPort, lmtpPort: base.dovecot.lmtpPort, configFile: base.dovecot.configFile,
    get pid() { return base.dovecot.pid; },
    stop: refuse('Dovecot'), start: refuse('Dovecot'),
    kick: (user) => base.dovecot.kick(loginIn(info, user)),
    addUsers: (users) => base.dovecot.addUsers(users),
  };
  const smtp: SmtpSink = {
    host: base.smtp.host, port: base.smtp.port,
    messages: log.messages, rejected: log.rejected, waitFor: log.waitFor, clear: log.clear,
    setResponder: (fn) => void (me.responder = fn),
    setRoute: () => { throw new Error('the shared sink routes by file; use startPrivateStack() for a route of your own'); },
    subscribe: (fn) => base.smtp.subscribe((m, accepted) => { if (current === me) fn(m, accepted); }),
    stop: refuse('The SMTP sink'), start: refuse('The SMTP sink'),
  };
  const view: Stack = {
    dir: base.dir, redis, dovecot, smtp,
    stop: async () => {
      me.responder = null;
      if (current === me) current = null;
    },
  };
  views.set(view, info);
  return view;
}

function loginIn(info: ViewInfo | undefined, user: string): string {
  return info && BASE_USERS.has(user.toLowerCase()) ? `${info.ns}-${user.toLowerCase()}` : user;
}

/** The IMAP login of demo user `user` ('klachten', 'klager', …) on `stack`. */
export function loginOf(stack: Stack, user: string): string {
  return loginIn(views.get(stack), user);
}

/** A queue prefix no other file or service of this run uses. */
export function queuePrefixOf(stack: Stack): string {
  const info = views.get(stack);
  const n = info ? ++info.services : ++privateServices;
  return `cdt-${process.pid}-${info?.ns ?? 'p'}-${n}`;
}
let privateServices = 0;

/** Mocha root hooks: the shared stack is stopped once, after the last file. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    if (!shared) return;
    const s = await shared.catch(() => undefined);
    shared = undefined;
    await s?.stop();
  },
};
