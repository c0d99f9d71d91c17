/**
 * bench:ingest — a backlog of varied complaints (every k-th with PDF/JPEG attachments) already in
 * the complaints mailbox when the service starts: time from start until every one is a case and
 * every letter it caused (acknowledgement + commissioner notice) is accepted by the SMTP server.
 * Beside it two ceilings, measured on the very same backlog just before: the raw one (one imapflow
 * connection FETCHing every message's source and mailparser parsing each, nothing stored) and the
 * honest one (bench/lib/honest-ceiling.ts: the necessary work, raw libraries, one process).
 *
 * The backlog is APPENDed once into `Bench/Backlog`; each consumer gets a fresh server-side COPY of
 * it in INBOX: copy 1 for the raw ceiling (read-only, it leaves the copy as it found it) and then
 * the honest ceiling (which consumes it: MOVE), copy 2 for the service.
 *
 *   npm run bench:ingest                   # 2000 complaints (BENCH_N / --n)
 *   BENCH_N=500 npm run bench:ingest
 *
 * Settings (env BENCH_X or --x): n (2000), attachment-every (10), ceiling-runs (2, the best
 * counts; the first also warms Dovecot's caches for the others), honest (1: run the honest ceiling;
 * 0 skips it), batch-size (50, the service's FETCH batch, for the honest ceiling), append-connections (4),
 * poll-seconds (60), timeout-ms (600000).
 */
import { performance } from 'node:perf_hooks';
import { simpleParser } from 'mailparser';
import path from 'node:path';
import { openDb } from '../src/store/db.js';
import { spawn } from 'node:child_process';
import { PROJECT_ROOT, TEMPLATES_DIR } from '../src/paths.js';
import { PARSER_OPTIONS, type HonestOptions, type HonestResult } from './lib/honest-ceiling.js';
import { complaint, type Shape } from './lib/complaints.js';
import {
  KLACHTEN, machine, messageCount, note, productionNodeFlags, openBenchStack, round, runAsMain, setting, startServiceProcess, table, until,
  type BenchStack, type LogLine, type ServiceProcess,
} from './lib/kit.js';

export interface IngestOptions {
  n: number;
  attachmentEvery: number;
  ceilingRuns: number;
  /** 1: measure the honest ceiling too (default); 0: skip it. */
  honest: number;
  /** FETCH batch of the honest ceiling (the service's is 50). */
  batchSize: number;
  appendConnections: number;
  pollSeconds: number;
  timeoutMs: number;
}

export interface IngestJson {
  bench: 'ingest';
  settings: IngestOptions;
  backlog: { messages: number; bytes: number; withAttachments: number; shapes: Record<string, number>; appendSeconds: number };
  ceiling: { seconds: number; rate: number; runs: number[] };
  /** The necessary work (bench/lib/honest-ceiling.ts); null when `honest` is 0. */
  ceilingHonest: (Omit<HonestResult, 'seconds'> & {
    /** Process spawned → last letter accepted (as the service's `seconds`). */
    seconds: number;
    /** Inside the process: connected → last letter accepted (without node's start and imports). */
    inProcessSeconds: number;
    rate: number; lettersPerSecond: number; cpuSeconds: number; cpuMsPerMessage: number; stepsMsPerMessage: Record<string, number> }) | null;
  /** The order the runs were taken in. */
  order: string[];
  service: {
    /** Start → last letter accepted by SMTP: the figure. */
    seconds: number;
    rate: number;
    /** Start → every message committed (case + letters decided). */
    committedSeconds: number;
    /** Start → the inbox empty (every message moved to its folder). */
    movedSeconds: number;
    /** Start → the first acknowledgement accepted. */
    firstAckSeconds: number;
    /** CPU (user + system) the service process used until the last letter: steadier than wall time on a busy machine. */
    cpuSeconds: number;
    /** Service CPU milliseconds per complaint (start-up included). */
    cpuMsPerMessage: number;
    cases: number;
    letters: number;
    lettersPerSecond: number;
  };
  /** service rate / raw ceiling rate. */
  ratio: number;
  /** service rate / honest ceiling rate (null without it). */
  ratioHonest: number | null;
  /** service CPU per complaint / honest ceiling CPU per complaint (each its own process). */
  cpuRatioHonest: number | null;
  target: { rule: string; met: boolean };
  targetHonest: { rule: string; met: boolean } | null;
  machine: ReturnType<typeof machine>;
}

const now = () => performance.now();

/** Where the backlog is APPENDed once; each run gets a server-side COPY of it in INBOX. */
const BACKLOG_FOLDER = 'Bench/Backlog';
/** The honest ceiling's processed folder (the service's own starts empty). */
const HONEST_PROCESSED = 'Bench/Honest-Verwerkt';

async function fillMailbox(bs: BenchStack, opts: IngestOptions, runTag: string) {
  const shapes: Record<string, number> = {};
  let bytes = 0;
  const t0 = now();
  const conns = await Promise.all(Array.from({ length: Math.max(1, opts.appendConnections) }, () => bs.imap()));
  await conns[0]!.mailboxCreate(BACKLOG_FOLDER.split('/')).catch(() => undefined);
  let next = 0;
  await Promise.all(conns.map(async (c) => {
    for (let i = next++; i < opts.n; i = next++) {
      const m = complaint(i, { runTag, seed: 23, attachmentEvery: opts.attachmentEvery });
      shapes[m.shape] = (shapes[m.shape] ?? 0) + 1;
      bytes += m.raw.length;
      await c.append(BACKLOG_FOLDER, m.raw);
    }
    await c.logout();
  }));
  return { messages: opts.n, bytes, withAttachments: shapes['attachment' satisfies Shape] ?? 0, shapes, appendSeconds: round((now() - t0) / 1000, 2) };
}

/** A fresh copy of the backlog into INBOX (server-side COPY), which must be empty. */
async function copyBacklog(bs: BenchStack, n: number): Promise<void> {
  const c = await bs.imap();
  try {
    if ((await messageCount(c)) !== 0) throw new Error('ingest: INBOX is not empty before a copy of the backlog');
    await c.mailboxOpen(BACKLOG_FOLDER, { readOnly: true });
    await c.messageCopy('1:*', 'INBOX');
    const have = await messageCount(c);
    if (have !== n) throw new Error(`ingest: INBOX holds ${have} after the copy, expected ${n}`);
  } finally {
    await c.logout();
  }
}

/**
 * The honest ceiling as its own process (bench/lib/honest-child.ts), as the service runs: its
 * own event loop and core, the SMTP sink staying in the bench process. Seconds from the spawn.
 * BENCH_NODE_ARGS (e.g. --cpu-prof) is given to it as to the service.
 */
async function honestCeilingProcess(bs: BenchStack, o: Omit<HonestOptions, 'imap'>): Promise<{ result: HonestResult & { cpuSeconds: number }; seconds: number }> {
  const login = { host: bs.stack.dovecot.host, port: bs.stack.dovecot.imapPort, user: KLACHTEN.user, pass: KLACHTEN.password };
  const t0 = now();
  const child = spawn(process.execPath, [...productionNodeFlags(), ...(process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean), path.join(PROJECT_ROOT, 'dist', 'bench', 'lib', 'honest-child.js')], {
    env: { PATH: process.env.PATH ?? '', HONEST_OPTIONS: JSON.stringify(o), HONEST_IMAP: JSON.stringify(login) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => void (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => void (err = (err + c.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const seconds = (now() - t0) / 1000;
  if (code !== 0) throw new Error(`honest ceiling exited ${code}:\n${err}`);
  return { result: JSON.parse(out.trim().split('\n').pop()!) as HonestResult & { cpuSeconds: number }, seconds };
}

/** FETCH 1:* with source on a fresh connection and parse each: the most the service could do. */
async function ceilingRun(bs: BenchStack, n: number): Promise<number> {
  const t0 = now();
  const c = await bs.imap();
  const box = await c.mailboxOpen('INBOX', { readOnly: true });
  if (box.exists !== n) throw new Error(`ceiling: INBOX holds ${box.exists} messages, expected ${n}`);
  let parsed = 0;
  for await (const m of c.fetch('1:*', { uid: true, source: true })) {
    if (!m.source) throw new Error(`ceiling: no source for uid ${m.uid}`);
    await simpleParser(m.source, PARSER_OPTIONS);
    parsed++;
  }
  const seconds = (now() - t0) / 1000;
  await c.logout();
  if (parsed !== n) throw new Error(`ceiling: parsed ${parsed} of ${n}`);
  return seconds;
}

export async function runIngest(opts: IngestOptions): Promise<{ text: string; json: IngestJson }> {
  const bs = await openBenchStack();
  let service: ServiceProcess | null = null;
  try {
    const runTag = `i${Date.now().toString(36)}`;
    note(`appending ${opts.n} complaints to INBOX …`);
    const backlog = await fillMailbox(bs, opts, runTag);
    note(`backlog: ${backlog.messages} messages, ${(backlog.bytes / 1e6).toFixed(1)} MB in ${backlog.appendSeconds} s`);
    const order: string[] = [];

    // Copy 1: the raw ceiling reads it (read-only, best of `ceilingRuns`, the first warms Dovecot's
    // caches), then the honest ceiling consumes it. Copy 2: the service.
    await copyBacklog(bs, opts.n);
    const runs: number[] = [];
    for (let r = 0; r < Math.max(1, opts.ceilingRuns); r++) {
      runs.push(round(await ceilingRun(bs, opts.n), 3));
      note(`ceiling run ${r + 1}: ${runs[r]} s (${Math.round(opts.n / runs[r]!)} msg/s)`);
    }
    const ceilingSeconds = Math.min(...runs);
    order.push(`raw ceiling ×${runs.length} (copy 1, read-only)`);

    const config0 = bs.config(bs.dataDir());
    let honest: IngestJson['ceilingHonest'] = null;
    if (opts.honest) {
      note(`honest ceiling on copy 1 …`);
      const { result: h, seconds: hSeconds } = await honestCeilingProcess(bs, {
        smtp: { host: bs.stack.smtp.host, port: bs.stack.smtp.port },
        mailFrom: config0.mailFrom, mailboxAddress: config0.mailboxAddress, commissionerEmail: config0.commissionerEmails[0]!,
        practiceName: config0.practiceName, processedFolder: HONEST_PROCESSED, scratchDir: bs.dataDir(),
        templatesDir: TEMPLATES_DIR, n: opts.n, batchSize: opts.batchSize,
      });
      const { cpuSeconds } = h;
      honest = {
        ...h, seconds: round(hSeconds, 3), inProcessSeconds: round(h.seconds, 3), rate: round(opts.n / hSeconds), lettersPerSecond: round(h.letters / hSeconds),
        cpuSeconds: round(cpuSeconds, 2), cpuMsPerMessage: round((cpuSeconds * 1000) / opts.n, 2),
        stepsMsPerMessage: Object.fromEntries(Object.entries(h.steps).map(([k, v]) => [k, round(v / opts.n, 2)])),
      };
      order.push('honest ceiling (copy 1, consumed)');
      note(`honest ceiling: ${honest.seconds} s (${honest.rate} msg/s), steps ms ${JSON.stringify(h.steps)}`);
      // Its MOVE leaves INBOX empty.
      if ((await bs.imap().then(async (c) => [await messageCount(c), await c.logout()][0])) !== 0) throw new Error('honest ceiling left mail in INBOX');
    } else {
      // No honest ceiling: empty INBOX of copy 1 so the service gets a fresh copy like the other runs.
      const c = await bs.imap();
      await c.mailboxOpen('INBOX');
      await c.messageDelete('1:*');
      await c.logout();
    }
    await copyBacklog(bs, opts.n);
    order.push('service (copy 2)');

    // The service as its own process (`complaint-desk start`) on the backlog, logging at info.
    let commits = 0;
    let committedAt = 0;
    const onLine = (l: LogLine) => {
      if (l.msg === 'message handled' || l.msg === 'message quarantined') if (++commits === opts.n) committedAt = now();
    };
    const dataDir = bs.dataDir();
    const mailFrom = bs.config(dataDir).mailFrom;
    // Letters the sink holds from the service: the honest ceiling's came before it started.
    const before = bs.stack.smtp.messages.length;
    const letters = () => bs.stack.smtp.messages.slice(before).filter((m) => m.envelopeFrom === mailFrom).length;
    const watcher = await bs.imap();
    note(`starting the service on the backlog …`);
    const t0 = now();
    service = startServiceProcess(bs, dataDir, { IMAP_POLL_SECONDS: String(opts.pollSeconds), LOG_LEVEL: 'info' }, onLine);
    let firstAck = 0;
    let movedAt = 0;
    let watching = true;
    // Beside the wait: when the first letter is accepted, and when INBOX is empty (all moved).
    const side = (async () => {
      while (watching && (!firstAck || !movedAt)) {
        if (!firstAck && letters() > 0) firstAck = now();
        if (!movedAt && (await messageCount(watcher)) === 0) movedAt = now();
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await service.started;
    await until(() => commits >= opts.n, `${opts.n} messages committed (have ${commits})`, opts.timeoutMs, 10);
    // Every complaint's letters are decided now; wait until the SMTP server accepted all of them.
    const db = openDb(path.join(dataDir, 'complaint-desk.sqlite'), { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const expected = count(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'queued', 'sent')`);
    await until(() => letters() >= expected, `${expected} letters accepted by SMTP (have ${letters()})`, opts.timeoutMs, 5);
    const tSent = now();
    const cpuSeconds = service.cpuSeconds();
    await until(() => movedAt, 'INBOX empty', opts.timeoutMs, 10);
    // The service marks a letter sent only after the SMTP server's 250, so the sink sees it first.
    await until(() => count(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'queued')`) === 0, 'every accepted letter marked sent', opts.timeoutMs, 10);
    watching = false;
    await side;
    await watcher.logout();

    // Check the run did what it claims: N cases, every letter sent and seen by the SMTP sink.
    const cases = count('SELECT count(*) AS n FROM cases');
    const unsent = count(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'queued')`);
    db.close();
    const atSink = letters();
    if (cases !== opts.n || unsent !== 0 || atSink < expected) {
      throw new Error(`ingest: ${cases} cases of ${opts.n}, ${unsent} letters unsent, ${atSink} of ${expected} at the SMTP sink`);
    }

    const seconds = (tSent - t0) / 1000;
    const rate = opts.n / seconds;
    const ceilingRate = opts.n / ceilingSeconds;
    const ratio = round(rate / ceilingRate, 3);
    const ratioHonest = honest ? round(rate / honest.rate, 3) : null;
    const cpuMsPerMessage = round((cpuSeconds * 1000) / opts.n, 2);
    const json: IngestJson = {
      bench: 'ingest',
      settings: opts,
      backlog,
      ceiling: { seconds: ceilingSeconds, rate: round(ceilingRate), runs },
      ceilingHonest: honest,
      order,
      service: {
        seconds: round(seconds, 3), rate: round(rate),
        committedSeconds: round((committedAt - t0) / 1000, 3),
        movedSeconds: round((Math.max(movedAt, tSent) - t0) / 1000, 3),
        firstAckSeconds: round((firstAck - t0) / 1000, 3),
        cpuSeconds: round(cpuSeconds, 2),
        cpuMsPerMessage,
        cases, letters: atSink, lettersPerSecond: round(atSink / seconds),
      },
      ratio,
      ratioHonest,
      cpuRatioHonest: honest ? round(cpuMsPerMessage / honest.cpuMsPerMessage, 2) : null,
      target: { rule: 'service rate >= 0.8 × ceiling rate', met: ratio >= 0.8 },
      targetHonest: ratioHonest === null ? null : { rule: 'service rate >= 0.6 × honest ceiling rate (issue 18)', met: ratioHonest >= 0.6 },
      machine: machine(),
    };
    const s = json.service;
    const text = [
      `bench:ingest — backlog of ${opts.n} complaints (${backlog.withAttachments} with attachments, ${(backlog.bytes / 1e6).toFixed(1)} MB) in INBOX at start`,
      '',
      table(['figure', 'seconds', 'msg/s', 'ratio'], [
        ['ceiling (raw): imapflow FETCH 1:* + mailparser each', ceilingSeconds, json.ceiling.rate, 1],
        ...(honest ? [
          ['ceiling (honest): fetch, parse, blobs, commit, move, 2 letters', honest.seconds, honest.rate, round(honest.rate / ceilingRate, 3)],
          ...Object.entries(honest.steps).map(([k, v]) => [`  ${k}: ${round(v / 1000, 3)} s, ${honest!.stepsMsPerMessage[k]} ms per complaint`, '', '', '']),
          [`  its CPU: ${honest.cpuSeconds} s, ${honest.cpuMsPerMessage} ms per complaint (own process, start-up included)`, '', '', ''],
        ] : []),
        ['service: start → all cases, all letters accepted', s.seconds, s.rate, ratio],
        ...(ratioHonest !== null ? [['  ratio to the honest ceiling', '', '', ratioHonest]] : []),
        ['  start → first acknowledgement accepted', s.firstAckSeconds, '', ''],
        ['  start → all committed (cases + outbox rows)', s.committedSeconds, round(opts.n / s.committedSeconds), round(opts.n / s.committedSeconds / ceilingRate, 3)],
        ['  start → inbox empty (all moved)', s.movedSeconds, '', ''],
        [`  letters accepted (${atSink})`, s.seconds, s.lettersPerSecond, ''],
        [`  service CPU: ${s.cpuSeconds} s, ${s.cpuMsPerMessage} ms per complaint`, '', '', ''],
      ]),
      '',
      `target: ratio ${ratio} ≥ 0.8: ${json.target.met ? 'MET' : 'NOT MET'}`,
      ...(json.targetHonest ? [`target (issue 18): ratio to the honest ceiling ${ratioHonest} ≥ 0.6: ${json.targetHonest.met ? 'MET' : 'NOT MET'}`] : []),
      `runs, in order: ${order.join(' → ')}; load1 ${json.machine.load1.start} → ${json.machine.load1.end}`,
    ].join('\n');
    return { text, json };
  } finally {
    await service?.stop().catch((err: Error) => note(`service stop: ${err.message}`));
    await bs.stop();
  }
}

export function ingestOptionsFromEnv(): IngestOptions {
  return {
    n: setting('n', 2000),
    attachmentEvery: setting('attachment-every', 10),
    ceilingRuns: setting('ceiling-runs', 2),
    honest: setting('honest', 1),
    batchSize: setting('batch-size', 50),
    appendConnections: setting('append-connections', 4),
    pollSeconds: setting('poll-seconds', 60),
    timeoutMs: setting('timeout-ms', 600_000),
  };
}

runAsMain(import.meta.url, 'ingest', () => runIngest(ingestOptionsFromEnv()));
