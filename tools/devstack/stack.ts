/**
 * The whole throwaway stack in one call: private Redis, Dovecot (IMAP + LMTP) and an SMTP
 * sink that delivers into Dovecot. Used by the integration tests and `npm run demo`.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDovecot, type DovecotHandle, type MailUser } from './dovecot.js';
import { freePorts, killQuietly } from './free-port.js';
import { startRedis, type RedisHandle } from './redis.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

/** A running stack; see {@link startStack}. */
export interface Stack {
  /** Root folder of everything the stack wrote. */
  dir: string;
  redis: RedisHandle;
  dovecot: DovecotHandle;
  smtp: SmtpSink;
  /** Stops all three and removes `dir` if the stack made it (kept when KEEP_STACK=1). */
  stop(): Promise<void>;
}

/** Options of {@link startStack}. */
export interface StartStackOptions {
  /**
   * Whether the SMTP sink delivers each letter into Dovecot (over LMTP, before its 250) so
   * recipients can read it over IMAP; default true. The benchmarks turn it off: their sink answers
   * like a relay that queues the letter, so they time the service, not Dovecot's delivery.
   */
  deliver?: boolean;
  /** Passed to the SMTP sink: the demo signs what the commissioner's login submits (demo-dkim.ts). */
  transform?: (raw: Buffer, login: string | undefined) => Promise<Buffer>;
  /** Use this folder (kept on stop); by default a fresh temp folder is made and removed. */
  dir?: string;
  users: MailUser[];
}

/** Daemons of every live stack, killed synchronously if the process ends without stop(). */
const live = new Set<{ pids: () => (number | undefined)[]; dir: string; removeDir: boolean }>();
let hooksInstalled = false;

function killAll(): void {
  for (const entry of live) {
    for (const pid of entry.pids()) killQuietly(pid, 'SIGTERM');
    if (entry.removeDir && process.env.KEEP_STACK !== '1') rmSync(entry.dir, { recursive: true, force: true });
  }
  live.clear();
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' runs on process.exit() and normal ends, but not when a signal kills us by default.
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      // Someone else (the demo, mocha) handles this signal and will exit: 'exit' covers us.
      if (process.listenerCount(signal) > 1) return;
      killAll();
      process.off(signal, onSignal);
      process.kill(process.pid, signal); // die of the signal as if we had not been here
    };
    process.on(signal, onSignal);
  }
}

/**
 * Starts Redis, Dovecot and the SMTP sink (relaying into Dovecot), each on 127.0.0.1 on
 * free ports, under one temp folder. If any part fails, the parts already up are stopped.
 */
export async function startStack(opts: StartStackOptions): Promise<Stack> {
  const removeDir = opts.dir === undefined;
  const dir = opts.dir ?? mkdtempSync(path.join(os.tmpdir(), 'complaint-desk-stack-'));
  // Dovecot's unprivileged auth process must be able to walk into it (mkdtemp makes 0700).
  chmodSync(dir, 0o755);
  // One call, so the four ports are distinct (parallel freePort() calls can collide).
  const [redisPort, imapPort, lmtpPort, smtpPort] = (await freePorts(4)) as [number, number, number, number];

  let redis: RedisHandle | undefined;
  let dovecot: DovecotHandle | undefined;
  let smtp: SmtpSink | undefined;
  const entry = { pids: () => [redis?.pid, dovecot?.pid], dir, removeDir };
  installHooks();
  live.add(entry);

  const stop = async (): Promise<void> => {
    const results = await Promise.allSettled([redis?.stop(), dovecot?.stop(), smtp?.stop()]);
    live.delete(entry);
    if (removeDir && process.env.KEEP_STACK !== '1') rmSync(dir, { recursive: true, force: true });
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };

  try {
    const redisUp = startRedis({ dir: path.join(dir, 'redis'), port: redisPort }).then((h) => (redis = h));
    const dovecotUp = startDovecot({ dir: path.join(dir, 'dovecot'), users: opts.users, imapPort, lmtpPort }).then(
      (h) => (dovecot = h),
    );
    // allSettled first: a failing Redis must not leave a Dovecot starting unseen behind our back.
    const started = await Promise.allSettled([redisUp, dovecotUp]);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    smtp = await startSmtpSink({ port: smtpPort, lmtpPort: opts.deliver === false ? undefined : lmtpPort, lmtpHost: dovecot?.host, transform: opts.transform });
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  return { dir, redis: redis as RedisHandle, dovecot: dovecot as DovecotHandle, smtp: smtp as SmtpSink, stop };
}
