/**
 * bench:scale — the service on a store of 100,000 open cases (generated straight into SQLite
 * through the store's repositories, bench/lib/cases-gen.ts): cold start to ready, memory at
 * ready and after the reminder hour, the reconciler rebuilding every reminder job after a Redis
 * FLUSHALL, and `complaint-desk cases list` on that store.
 *
 *   npm run bench:scale                    # 100,000 cases (BENCH_CASES / --cases)
 *
 * How each figure is taken:
 * - start: `complaint-desk start` spawned → first 200 from GET /readyz (IMAP logged in, Redis
 *   answers, SQLite open), polled every 10 ms. Redis is empty, so the first reconcile at start
 *   plans and adds every reminder job: its end is reported beside it.
 * - RSS: VmRSS of the service process at ready, and after "the reminder hour": the service runs
 *   with REMINDER_HOUR = the current local hour, so every reminder of today (the digest, each
 *   beklaagde whose response term ends within two working days) is due at once; measured when the
 *   reminders queue is idle and every letter they wrote is sent. VmHWM (peak) beside it.
 * - rebuild: the jobs in the reminders queue are counted, Redis is FLUSHALLed, and a complaint is
 *   delivered: its commit kicks the reconciler (as any commit does). Time from that commit (the
 *   service's own log line) until the queue holds every planned job again.
 * - cases list: `complaint-desk cases list` on the same store while the service runs, to its exit.
 *
 * Settings (env BENCH_X or --x): cases (100000), timeout-ms (900000).
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { freePort } from '../tools/devstack/free-port.js';
import { calendarFor } from '../src/app-context.js';
import { Store } from '../src/store/store.js';
import { openDb } from '../src/store/db.js';
import { PROJECT_ROOT } from '../src/paths.js';
import { REMINDERS_QUEUE } from '../src/jobs/reminders-queue.js';
import { generateOpenCases, todayIn, type GeneratedCases } from './lib/cases-gen.js';
import { complaint } from './lib/complaints.js';
import {
  machine, note, openBenchStack, procMemoryMb, round, runAsMain, setting, startServiceProcess, table, until,
  type LogLine, type ServiceProcess,
} from './lib/kit.js';

export interface ScaleOptions {
  cases: number;
  timeoutMs: number;
  /** How long the service is left quiet after the reminder hour before its RSS is taken again. */
  settleSeconds: number;
}

export interface ScaleJson {
  bench: 'scale';
  settings: ScaleOptions;
  store: GeneratedCases & { megabytes: number };
  start: { readySeconds: number; firstReconcileSeconds: number; jobsAdded: number };
  memory: {
    readyMb: number; afterReminderHourMb: number; peakMb: number; reminderHour: { jobsRan: number; letters: number; seconds: number };
    /** V8's view at the same two moments (from /metrics): RSS minus these is native memory. */
    heapAtReady: Awaited<ReturnType<typeof heapOf>>; heapAfterReminderHour: Awaited<ReturnType<typeof heapOf>>;
    /** RSS and heap after `settleSeconds` without work following the reminder hour. */
    settled: { rss: number; heap: Awaited<ReturnType<typeof heapOf>>; seconds: number };
  };
  rebuild: { seconds: number; jobs: number; reconcileLoggedSeconds: number };
  casesList: { seconds: number; lines: number };
  /** rssLe150Mb: issue 6's rule (at ready and settled); peakLe180Mb: issue 18's (the reminder hour's VmHWM). */
  targets: { startLe2s: boolean; rssLe150Mb: boolean; peakLe180Mb: boolean; rebuildLe10s: boolean };
  machine: ReturnType<typeof machine>;
}

const now = () => performance.timeOrigin + performance.now();

function httpStatus(port: number, p: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: p, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/** The service's own heap figures from its /metrics (prom-client's defaults), in MB: where its RSS goes. */
async function heapOf(port: number): Promise<{ heapUsedMb: number; heapTotalMb: number; externalMb: number }> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
  const get = (name: string) => round(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN) / 1e6, 1);
  return { heapUsedMb: get('nodejs_heap_size_used_bytes'), heapTotalMb: get('nodejs_heap_size_total_bytes'), externalMb: get('nodejs_external_memory_bytes') };
}

const PENDING = ['delayed', 'waiting', 'prioritized'] as const;

export async function runScale(opts: ScaleOptions): Promise<{ text: string; json: ScaleJson }> {
  const bs = await openBenchStack();
  let service: ServiceProcess | null = null;
  let redis: Redis | null = null;
  let queue: Queue | null = null;
  try {
    const dataDir = bs.dataDir();
    const hour = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: bs.config(dataDir).timeZone }).format(new Date());
    const overrides = { REMINDER_HOUR: String(Number(hour)), IMAP_POLL_SECONDS: '60', LOG_LEVEL: 'info', HTTP_PORT: String(await freePort()) };
    const config = bs.config(dataDir, overrides);

    note(`generating ${opts.cases} open cases in SQLite …`);
    const store = Store.open(dataDir);
    const gen = generateOpenCases(store, config, calendarFor(config), { count: opts.cases, today: todayIn(config), tag: 's' });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const megabytes = round((store.db.pragma('page_count', { simple: true }) as number) * (store.db.pragma('page_size', { simple: true }) as number) / 1e6);
    store.close();
    note(`store: ${gen.cases} cases, ${gen.openDeadlines} open deadlines, ${megabytes} MB, in ${round(gen.seconds)} s`);

    // --- cold start
    let reconciled: { t: number; added: number }[] = [];
    let remindersRan = 0;
    let lettersSent = 0;
    const commits = new Map<number, number>();
    const onLine = (l: LogLine) => {
      if (l.msg === 'reminders reconciled') reconciled.push({ t: l.time, added: Number(l.added ?? 0) });
      else if (l.msg === 'reminder job ran') remindersRan++;
      else if (l.msg === 'letter sent') lettersSent++;
      else if (l.msg === 'message handled') commits.set(Number(l.uid), l.time);
    };
    const port = Number(overrides.HTTP_PORT);
    const t0 = now();
    service = startServiceProcess(bs, dataDir, overrides, onLine);
    const svc = service;
    await until(async () => (await httpStatus(port, '/readyz')) === 200, 'GET /readyz 200', opts.timeoutMs, 10);
    const tReady = now();
    const readyMem = procMemoryMb(svc.proc.pid);
    const readyHeap = await heapOf(port);
    note(`ready after ${round((tReady - t0) / 1000, 2)} s, RSS ${readyMem.rss} MB (${JSON.stringify(readyHeap)})`);
    const first = await until(() => reconciled[0], 'the first reconcile', opts.timeoutMs, 20);
    note(`first reconcile done after ${round((first.t - t0) / 1000, 2)} s: ${first.added} jobs added`);

    // --- the reminder hour: every reminder of today is due now; wait until all ran and were sent.
    redis = new Redis(bs.stack.redis.url, { maxRetriesPerRequest: null });
    redis.on('error', (err: Error) => note(`bench redis client: ${err.message}`));
    const flushall = redis.flushall.bind(redis);
    queue = new Queue(REMINDERS_QUEUE, { connection: redis, prefix: config.queuePrefix });
    const db = openDb(path.join(dataDir, 'complaint-desk.sqlite'), { readonly: true });
    const unsent = () => (db.prepare(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'queued')`).get() as { n: number }).n;
    const tHour = now();
    let quiet = 0;
    await until(async () => {
      const c = await queue!.getJobCounts('waiting', 'active', 'prioritized');
      const busy = (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0) + unsent();
      quiet = busy === 0 ? quiet + 1 : 0;
      return quiet >= 3;
    }, 'the reminder hour to finish', opts.timeoutMs, 200);
    const hourSeconds = (now() - tHour) / 1000;
    const afterMem = procMemoryMb(svc.proc.pid);
    const afterHeap = await heapOf(port);
    note(`reminder hour: ${remindersRan} jobs ran, ${lettersSent} letters sent, RSS ${afterMem.rss} MB (peak ${afterMem.peak} MB; ${JSON.stringify(afterHeap)})`);
    // Right after a burst V8 still holds its garbage (heapUsed ≫ live); it gives it back once the
    // service has been quiet a while (its memory reducer). Both moments are reported.
    const settled = { rss: afterMem.rss, heap: afterHeap, seconds: 0 };
    const tQuiet = now();
    while (now() - tQuiet < opts.settleSeconds * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      settled.rss = procMemoryMb(svc.proc.pid).rss;
      settled.seconds = round((now() - tQuiet) / 1000, 1);
    }
    settled.heap = await heapOf(port);
    note(`after ${settled.seconds} s quiet: RSS ${settled.rss} MB (${JSON.stringify(settled.heap)})`);

    // --- rebuild after FLUSHALL, kicked by the commit of a new complaint
    const counts = async () => Object.values(await queue!.getJobCounts(...PENDING)).reduce((a, b) => a + b, 0);
    const jobs = await counts();
    reconciled = [];
    await flushall();
    note(`FLUSHALL with ${jobs} reminder jobs waiting; delivering a complaint to kick the reconciler …`);
    const appender = await bs.imap();
    const c = complaint(0, { runTag: `s${Date.now().toString(36)}`, seed: 3 });
    const res = await appender.append('INBOX', c.raw);
    await appender.logout();
    if (!res || res.uid === undefined) throw new Error('APPEND returned no UID');
    const uid = res.uid;
    const tCommit = await until(() => commits.get(uid), 'the commit of the complaint', opts.timeoutMs, 10);
    await until(async () => (await counts()) >= jobs, `${jobs} reminder jobs back in Redis`, opts.timeoutMs, 20);
    const tRebuilt = now();
    const logged = await until(() => reconciled[0], 'the rebuild reconcile logged', opts.timeoutMs, 20);
    const rebuildSeconds = (tRebuilt - tCommit) / 1000;
    note(`rebuilt ${await counts()} jobs ${round(rebuildSeconds, 2)} s after the commit`);

    // --- cases list, while the service runs
    const tl = now();
    const lines = await new Promise<number>((resolve, reject) => {
      const p = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'cli.js'), 'cases', 'list'], {
        cwd: dataDir, env: { PATH: process.env.PATH ?? '', ...bs.env(dataDir, overrides) }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let n = 0;
      let err = '';
      p.stdout.on('data', (b: Buffer) => {
        for (const x of b) if (x === 10) n++;
      });
      p.stderr.on('data', (b: Buffer) => void (err += b.toString()));
      p.on('exit', (code) => (code === 0 ? resolve(n) : reject(new Error(`cases list exited ${code}: ${err.slice(-2000)}`))));
    });
    const listSeconds = (now() - tl) / 1000;
    db.close();

    const json: ScaleJson = {
      bench: 'scale',
      settings: opts,
      store: { ...gen, seconds: round(gen.seconds, 2), megabytes },
      start: { readySeconds: round((tReady - t0) / 1000, 3), firstReconcileSeconds: round((first.t - t0) / 1000, 3), jobsAdded: first.added },
      memory: {
        readyMb: readyMem.rss, afterReminderHourMb: afterMem.rss, peakMb: afterMem.peak, heapAtReady: readyHeap, heapAfterReminderHour: afterHeap, settled,
        reminderHour: { jobsRan: remindersRan, letters: lettersSent, seconds: round(hourSeconds, 2) },
      },
      rebuild: { seconds: round(rebuildSeconds, 3), jobs, reconcileLoggedSeconds: round((logged.t - tCommit) / 1000, 3) },
      casesList: { seconds: round(listSeconds, 3), lines },
      targets: {
        startLe2s: (tReady - t0) / 1000 <= 2,
        rssLe150Mb: Math.max(readyMem.rss, settled.rss) <= 150,
        peakLe180Mb: afterMem.peak <= 180,
        rebuildLe10s: rebuildSeconds <= 10,
      },
      machine: machine(),
    };
    const ok = (b: boolean) => (b ? 'MET' : 'NOT MET');
    const text = [
      `bench:scale — ${gen.cases} open cases (${gen.openDeadlines} open deadlines, ${megabytes} MB SQLite)`,
      '',
      table(['figure', 'value', 'target'], [
        ['cold start → /readyz 200 (s)', json.start.readySeconds, `≤ 2 s: ${ok(json.targets.startLe2s)}`],
        [`  start → first reconcile done, ${first.added} jobs added (s)`, json.start.firstReconcileSeconds, ''],
        ['RSS at ready (MB)', readyMem.rss, `≤ 150 MB: ${ok(readyMem.rss <= 150)}`],
        [`RSS as the reminder hour ends (MB; ${remindersRan} jobs, ${lettersSent} letters in ${round(hourSeconds, 1)} s)`, afterMem.rss, `V8 heap used ${afterHeap.heapUsedMb} MB`],
        [`RSS ${settled.seconds} s later, quiet (MB)`, settled.rss, `≤ 150 MB: ${ok(settled.rss <= 150)}`],
        ['  peak RSS (VmHWM, MB)', afterMem.peak, `≤ 180 MB: ${ok(json.targets.peakLe180Mb)}`],
        [`rebuild of ${jobs} reminder jobs after FLUSHALL (s)`, json.rebuild.seconds, `≤ 10 s: ${ok(json.targets.rebuildLe10s)}`],
        [`cases list (${lines} lines, s)`, json.casesList.seconds, ''],
      ]),
    ].join('\n');
    return { text, json };
  } finally {
    await service?.stop().catch((err: Error) => note(`service stop: ${err.message}`));
    await queue?.close().catch(() => undefined);
    redis?.disconnect();
    await bs.stop();
  }
}

export function scaleOptionsFromEnv(): ScaleOptions {
  return { cases: setting('cases', 100_000), timeoutMs: setting('timeout-ms', 900_000), settleSeconds: setting('settle-seconds', 30) };
}

runAsMain(import.meta.url, 'scale', () => runScale(scaleOptionsFromEnv()));

