/**
 * A private redis-server for tests and the demo: 127.0.0.1 on a free port, no persistence,
 * `noeviction` (BullMQ needs it), files under the caller's folder. Never the shared 6379.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  freePort,
  killQuietly,
  LOOPBACK,
  pidAlive,
  probe,
  startDaemon,
  tailFile,
  waitForPortClosed,
  waitUntil,
} from './free-port.js';

/** A running (or stopped, restartable) private Redis. */
export interface RedisHandle {
  /** `redis://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Pid of the running server, undefined while stopped. Read synchronously by exit hooks. */
  readonly pid: number | undefined;
  /** Stops the server (no save) and resolves once the port refuses connections. */
  stop(): Promise<void>;
  /** Starts it again on the same port after stop(); resolves when it answers PING. */
  start(): Promise<void>;
}

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** Folder for the pid file, log and working dir; created if missing. */
  dir: string;
  /** Fixed port; a free one is picked when omitted. */
  port?: number;
  /** How long start/stop may take before failing (default 10 s). */
  timeoutMs?: number;
}

/**
 * Starts redis-server daemonised on 127.0.0.1 and waits until it answers PING.
 * @throws with the tail of redis.log when it does not come up in time.
 */
export async function startRedis(opts: StartRedisOptions): Promise<RedisHandle> {
  await mkdir(opts.dir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const pidFile = path.join(opts.dir, 'redis.pid');
  const logFile = path.join(opts.dir, 'redis.log');
  const outFile = path.join(opts.dir, 'redis.stdout.log');
  let pid: number | undefined;

  const args = [
    '--port', String(port),
    '--bind', LOOPBACK,
    '--save', '',
    '--appendonly', 'no',
    '--maxmemory-policy', 'noeviction',
    '--daemonize', 'yes',
    '--pidfile', pidFile,
    '--logfile', logFile,
    '--dir', opts.dir,
  ];

  const start = async (): Promise<void> => {
    if (pid !== undefined && pidAlive(pid)) return;
    pid = await startDaemon({
      cmd: 'redis-server', args, outFile, logFile, pidFile,
      // PONG (not merely an open port): a Redis still loading answers -LOADING.
      ready: () => probe(port, { send: 'PING\r\n', expect: '+PONG' }),
      what: `redis-server on port ${port}`, timeoutMs,
    });
  };

  const stop = async (): Promise<void> => {
    const current = pid; // never a pid file: after a hard kill it may name a recycled pid
    if (current === undefined) return;
    // SIGTERM with `save ""` and no AOF exits at once without writing anything.
    killQuietly(current, 'SIGTERM');
    await waitUntil(() => !pidAlive(current), `redis-server pid ${current} to exit`, {
      timeoutMs,
      explain: () => tailFile(logFile),
    });
    pid = undefined;
    await waitForPortClosed(port, 'redis-server', timeoutMs);
  };

  await start();
  return { url: `redis://${LOOPBACK}:${port}`, port, get pid() { return pid; }, stop, start };
}
