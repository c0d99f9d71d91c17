/**
 * Shared kit of the benchmarks: sizes from env/args, a private stack with the service on it,
 * statistics, the human-readable table and the final JSON line. Nothing here measures by
 * itself; each bench says what its figure is and what it is compared with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { ImapFlow } from 'imapflow';
import { startStack, type Stack } from '../../src/devstack/stack.js';
import { DEMO_USERS, stackConfig } from '../../src/devstack/stack-config.js';
import type { Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';

/** True when the module at `metaUrl` is the script node was started with. */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  return !!entry && metaUrl === pathToFileURL(path.resolve(entry)).href;
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

export function machine(): { node: string; cpus: number; cpuModel: string; platform: string } {
  const cpus = os.cpus();
  return { node: process.version, cpus: cpus.length, cpuModel: cpus[0]?.model ?? '?', platform: `${os.platform()} ${os.release()}` };
}

// ---------------------------------------------------------------- stack and service

export const KLACHTEN = DEMO_USERS.find((u) => u.user === 'klachten')!;

export interface BenchStack {
  stack: Stack;
  /** A fresh DATA_DIR under the stack's folder. */
  dataDir(): string;
  /** The service's configuration on this stack; `overrides` are env keys. */
  config(dataDir: string, overrides?: Record<string, string>): Config;
  /** A logged-in imapflow client of the complaints mailbox (caller logs out). */
  imap(opts?: { disableAutoIdle?: boolean }): Promise<ImapFlow>;
  stop(): Promise<void>;
}

export async function openBenchStack(): Promise<BenchStack> {
  const stack = await startStack({ users: DEMO_USERS });
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
    config: (dataDir, overrides = {}) => stackConfig(endpoints, dataDir, overrides),
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
