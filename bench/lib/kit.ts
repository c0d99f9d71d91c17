/**
 * Shared kit of the benchmarks: sizes from env/args, a private stack with the service on it,
 * statistics, the human-readable table and the final JSON line. Nothing here measures by
 * itself; each bench says what its figure is and what it is compared with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { ImapFlow } from 'imapflow';
import { startStack, type Stack } from '../../tools/devstack/stack.js';
import { DEMO_USERS, stackConfig, stackEnv } from '../../tools/devstack/stack-config.js';
import type { Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/** True when the module at `metaUrl` is the script node was started with. */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  return !!entry && metaUrl === pathToFileURL(path.resolve(entry)).href;
}

/**
 * When the module at `metaUrl` is the script node was started with: run the bench, print its
 * table and JSON (report), and exit 0; on failure print why and exit 1.
 */
export function runAsMain(metaUrl: string, name: string, run: () => Promise<{ text: string; json: object }>): void {
  if (!isMain(metaUrl)) return;
  run().then(
    ({ text, json }) => {
      report(text, json);
      process.exit(0);
    },
    (err: Error) => {
      process.stderr.write(`bench:${name} failed: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}

/**
 * A size or setting: `--name=V` / `--name V` on the command line, else env `BENCH_NAME`
 * (upper-cased, '-' → '_'), else `def`.
 */
export function setting(name: string, def: number, argv = process.argv.slice(2), env = process.env): number {
  const flag = `--${name}`;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith(`${flag}=`)) return toNumber(name, a.slice(flag.length + 1));
    if (a === flag && argv[i + 1] !== undefined) return toNumber(name, argv[i + 1]!);
  }
  const v = env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  return v !== undefined && v !== '' ? toNumber(name, v) : def;
}

function toNumber(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`bench: ${name} must be a non-negative number (got '${v}')`);
  return n;
}

// ---------------------------------------------------------------- statistics

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summarize(values: readonly number[]): Summary {
  const r = (x: number) => Math.round(x * 10) / 10;
  if (values.length === 0) return { n: 0, min: Number.NaN, p50: Number.NaN, p95: Number.NaN, max: Number.NaN, mean: Number.NaN };
  return {
    n: values.length,
    min: r(Math.min(...values)),
    p50: r(percentile(values, 50)),
    p95: r(percentile(values, 95)),
    max: r(Math.max(...values)),
    mean: r(values.reduce((a, b) => a + b, 0) / values.length),
  };
}

export const round = (x: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

// ---------------------------------------------------------------- output

/** A plain-text table; numbers right-aligned. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? (Number.isNaN(c) ? '-' : String(c)) : c)))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[], isHeader = false) =>
    r.map((c, i) => (i === 0 || isHeader ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(cells[0]!, true), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map((r) => line(r))].join('\n');
}

/** Progress and notes go to stderr, so stdout is the table and, last, the JSON. */
export function note(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** Print the report: the table(s) first, then the JSON object as the last output on stdout. */
export function report(text: string, json: object): void {
  process.stdout.write(`${text}\n\n`);
  process.stdout.write(`${JSON.stringify(json)}\n`);
}

/**
 * The machine, with its load average (1 min) when the bench began and ended: a figure taken while
 * other work ran (another test suite, a build) says so here, and is worth taking again.
 */
export function machine(loadAtStart = startLoad): { node: string; cpus: number; cpuModel: string; platform: string; load1: { start: number; end: number } } {
  const cpus = os.cpus();
  return {
    node: process.version, cpus: cpus.length, cpuModel: cpus[0]?.model ?? '?', platform: `${os.platform()} ${os.release()}`,
    load1: { start: round(loadAtStart, 2), end: round(os.loadavg()[0]!, 2) },
  };
}

const startLoad = os.loadavg()[0]!;
if (startLoad > os.cpus().length * 0.5) {
  note(`load average is ${startLoad.toFixed(2)} on ${os.cpus().length} cores: other work is running, figures will be noisy`);
}

// ---------------------------------------------------------------- stack and service

export const KLACHTEN = DEMO_USERS.find((u) => u.user === 'klachten')!;

export interface BenchStack {
  stack: Stack;
  /** A fresh DATA_DIR under the stack's folder. */
  dataDir(): string;
  /** The service's configuration on this stack; `overrides` are env keys. */
  config(dataDir: string, overrides?: Record<string, string>): Config;
  /** The same as environment variables, as `complaint-desk start` reads them. */
  env(dataDir: string, overrides?: Record<string, string>): Record<string, string>;
  /** A logged-in imapflow client of the complaints mailbox (caller logs out). */
  imap(opts?: { disableAutoIdle?: boolean }): Promise<ImapFlow>;
  stop(): Promise<void>;
}

function queuePrefixOf(dataDir: string): string {
  return `bench-${process.pid}-${path.basename(dataDir)}`.replace(/[^A-Za-z0-9_-]/g, '-');
}

export async function openBenchStack(): Promise<BenchStack> {
  // deliver: false — the sink answers 250 as a relay that queues the letter would; delivering
  // into Dovecot before the 250 timed Dovecot (bench:ingest: one LMTP delivery per letter).
  const stack = await startStack({ users: DEMO_USERS, deliver: false });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cd-bench-'));
  const endpoints = {
    redisUrl: stack.redis.url,
    imap: { host: stack.dovecot.host, port: stack.dovecot.imapPort },
    smtp: { host: stack.smtp.host, port: stack.smtp.port },
  };
  let n = 0;
  return {
    stack,
    dataDir: () => path.join(scratch, `data-${++n}`),
    // One queue prefix per data dir, so the bench's own BullMQ clients see the service's queues.
    config: (dataDir, overrides = {}) => stackConfig(endpoints, dataDir, { QUEUE_PREFIX: queuePrefixOf(dataDir), ...overrides }),
    env: (dataDir, overrides = {}) => stackEnv(endpoints, dataDir, { QUEUE_PREFIX: queuePrefixOf(dataDir), ...overrides }),
    imap: async (opts = {}) => {
      const c = new ImapFlow({
        host: stack.dovecot.host, port: stack.dovecot.imapPort, secure: false, doSTARTTLS: false,
        auth: { user: KLACHTEN.user, pass: KLACHTEN.password }, logger: false,
        disableAutoIdle: opts.disableAutoIdle ?? true,
      });
      c.on('error', (err: Error) => note(`imap client error: ${err.message}`));
      await c.connect();
      return c;
    },
    stop: async () => {
      await stack.stop();
      if (process.env.KEEP_STACK !== '1') rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The service running as its own process, as in production (`complaint-desk start`). */
export interface ServiceProcess {
  proc: ChildProcess;
  /** Resolves once the service logged 'complaint-desk started' (IMAP connected or connecting). */
  started: Promise<void>;
  /** SIGTERM (graceful stop: finish the message in hand, close workers) and wait for the exit. */
  stop(): Promise<void>;
  /**
   * CPU seconds (user + system) the service used so far, from /proc (Linux; NaN elsewhere).
   * Unlike wall time it hardly moves when other work shares the machine.
   */
  cpuSeconds(): number;
}

/** Resident and peak resident memory of `pid` in MB, from /proc (NaN elsewhere). */
export function procMemoryMb(pid: number | undefined): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: round(kb('VmRSS') / 1024), peak: round(kb('VmHWM') / 1024) };
  } catch {
    return { rss: Number.NaN, peak: Number.NaN };
  }
}

/** utime + stime of `pid` in seconds (Linux clock ticks of 1/100 s). */
function procCpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The node flags of `npm start` (package.json), so the bench runs the service as production does. */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter((w) => w.startsWith('--'));
}

/**
 * Starts `node dist/src/cli.js start` with the stack's environment and `overrides`, in an empty
 * working directory (so no stray .env is read). Its JSON log lines on stdout go to `onLine`;
 * `nodeArgs` (e.g. BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof') profile it. The
 * service gets its own event loop and core, as in life: the SMTP sink, the floor connection and
 * the bench's bookkeeping run in the bench process and cost the service nothing.
 */
export function startServiceProcess(
  bs: BenchStack, dataDir: string, overrides: Record<string, string>, onLine: (l: LogLine) => void,
  opts: { nodeArgs?: string[]; entry?: string[]; env?: Record<string, string> } = {},
): ServiceProcess {
  const nodeArgs = [...productionNodeFlags(), ...(opts.nodeArgs ?? (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean))];
  const entry = opts.entry ?? [path.join(PROJECT_ROOT, 'dist', 'src', 'cli.js'), 'start'];
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'cd-bench-svc-'));
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...bs.env(dataDir, overrides), ...opts.env };
  const proc = spawn(process.execPath, [...nodeArgs, ...entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-4000)));
  let resolveStarted: () => void = () => undefined;
  let rejectStarted: (e: Error) => void = () => undefined;
  const started = new Promise<void>((res, rej) => ((resolveStarted = res), (rejectStarted = rej)));
  void exited.then((code) => rejectStarted(new Error(`service exited (${code}) before it started:\n${stderr}`)));
  createInterface({ input: proc.stdout! }).on('line', (s) => {
    let l: LogLine;
    try {
      l = JSON.parse(s) as LogLine;
    } catch {
      return;
    }
    if (l.msg === 'complaint-desk started') resolveStarted();
    if (l.level >= 50) note(`service: ${l.msg} ${JSON.stringify(l.err ?? '')}`);
    onLine(l);
  });
  return {
    proc,
    started,
    cpuSeconds: () => procCpuSeconds(proc.pid),
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** A parsed pino line the bench cares about. */
export interface LogLine {
  time: number;
  level: number;
  msg: string;
  [k: string]: unknown;
}

/**
 * The service's logger at `level`, written into memory instead of stdout: the bench reads the
 * timestamps of 'message handled' / 'letter sent' from it. At 'info' this is what production
 * does (LOG_LEVEL defaults to info), so it costs what it costs in life.
 */
export function captureLogger(level: string, onLine: (l: LogLine) => void): Logger {
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      for (const s of chunk.toString().split('\n')) {
        if (!s) continue;
        try {
          onLine(JSON.parse(s) as LogLine);
        } catch {
          /* not JSON: ignore */
        }
      }
      cb();
    },
  });
  return createLogger(level, sink);
}

/** How many messages `mailbox` holds (STATUS: needs no SELECT, so any idle connection will do). */
export async function messageCount(c: ImapFlow, mailbox = 'INBOX'): Promise<number> {
  const st = await c.status(mailbox, { messages: true });
  if (!st || st.messages === undefined) throw new Error(`STATUS ${mailbox} gave no message count`);
  return st.messages;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` until truthy; rejects after `timeoutMs` naming `what`. */
export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs: number, intervalMs = 5): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
