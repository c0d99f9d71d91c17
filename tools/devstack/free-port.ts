/**
 * Port and process helpers for the throwaway dev/test stack.
 *
 * Everything here binds to or probes 127.0.0.1 only. The waits poll a real connection
 * (never a fixed sleep) and give up after a timeout with a message saying what was awaited.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';

/** The only interface the dev stack ever listens on. */
export const LOOPBACK = '127.0.0.1';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (listen on port 0, read it, close).
 * Another process may still grab it before the caller binds; that race is accepted here.
 */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}

/**
 * `count` distinct free ports. All listeners stay open until every port is picked, so the
 * kernel cannot hand out the same port twice (two sequential freePort() calls can collide).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, LOOPBACK, () => resolve());
      });
      ports.push((server.address() as net.AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** Options of {@link probe}. */
export interface ProbeOptions {
  /** Written once connected, e.g. `PING\r\n` for Redis. */
  send?: string;
  /** The first bytes the service must answer with, e.g. `+PONG` or `* OK`. Omit to accept any connection. */
  expect?: string;
  /** Per-attempt limit; the service counts as not ready when it does not answer in time. */
  timeoutMs?: number;
}

/**
 * One attempt: connects to 127.0.0.1:port and, if asked, checks the greeting or reply.
 * Resolves true/false, never rejects.
 */
export function probe(port: number, opts: ProbeOptions = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOOPBACK, port });
    let received = '';
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), opts.timeoutMs ?? 1000);
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
    socket.once('connect', () => {
      if (opts.send !== undefined) socket.write(opts.send);
      if (opts.expect === undefined) done(true);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (opts.expect !== undefined && received.length >= opts.expect.length) {
        done(received.startsWith(opts.expect));
      }
    });
  });
}

/**
 * Polls `check` every `intervalMs` until it resolves true. On timeout rejects with
 * `what` plus whatever `explain()` adds (typically the tail of the service's log).
 */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  opts: { timeoutMs?: number; intervalMs?: number; explain?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) {
      const extra = opts.explain ? `\n${opts.explain()}` : '';
      throw new Error(`timed out after ${opts.timeoutMs ?? 10_000} ms waiting for ${what}${extra}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 25));
  }
}

/** Waits until nothing accepts connections on 127.0.0.1:port any more. */
export function waitForPortClosed(port: number, what: string, timeoutMs = 10_000): Promise<void> {
  return waitUntil(async () => !(await probe(port, { timeoutMs: 500 })), `${what} to stop listening on ${port}`, {
    timeoutMs,
  });
}

/**
 * True while the process exists and is not a zombie. Daemons re-parent to PID 1, which in a
 * container may never reap them, so `kill(pid, 0)` alone would report a dead daemon as alive.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else; still alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}

/** Reads a daemon's pid file; undefined when absent or garbled. */
export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'latin1').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Sends `signal` and swallows "no such process"; usable from a synchronous 'exit' hook. */
export function killQuietly(pid: number | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/** The last `lines` lines of a log file, for error messages; never throws. */
export function tailFile(file: string, lines = 20): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return `--- last lines of ${file} ---\n${text.split('\n').slice(-lines).join('\n')}`;
  } catch {
    return `--- ${file}: (no log) ---`;
  }
}

/**
 * Runs a command that daemonises itself (redis-server --daemonize yes, dovecot) and resolves
 * once the foreground process has exited. Its stdout/stderr go to `outFile`, never to a pipe:
 * the daemon inherits them and would hold a pipe open forever. Rejects on a non-zero exit
 * with the tail of `outFile` and of `logFile`.
 */
export async function runDaemonizer(cmd: string, args: string[], outFile: string, logFile: string): Promise<void> {
  const fd = openSync(outFile, 'a');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (code !== 0) {
      throw new Error(`${cmd} exited with ${code}\n${tailFile(outFile)}\n${tailFile(logFile)}`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Starts a self-daemonising server (runDaemonizer) and waits until `ready` holds. A daemon that
 * does not get ready is killed (with `killGroup`, its whole process group: master and children),
 * so no half-started one is left behind. Resolves with the daemon's pid from `pidFile`.
 */
export async function startDaemon(opts: {
  cmd: string;
  args: string[];
  outFile: string;
  logFile: string;
  pidFile: string;
  ready: () => boolean | Promise<boolean>;
  what: string;
  timeoutMs: number;
  killGroup?: boolean;
}): Promise<number | undefined> {
  await rm(opts.pidFile, { force: true }); // a stale one may name a live, unrelated pid
  await runDaemonizer(opts.cmd, opts.args, opts.outFile, opts.logFile);
  try {
    await waitUntil(opts.ready, opts.what, { timeoutMs: opts.timeoutMs, explain: () => tailFile(opts.logFile) });
  } catch (err) {
    const half = readPidFile(opts.pidFile);
    if (half !== undefined) killQuietly(opts.killGroup ? -half : half, 'SIGKILL');
    throw err;
  }
  return readPidFile(opts.pidFile);
}
