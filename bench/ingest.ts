/**
 * bench:ingest — a backlog of varied complaints (every k-th with PDF/JPEG attachments) already in
 * the complaints mailbox when the service starts: time from start until every one is a case and
 * every letter it caused (acknowledgement + commissioner notice) is accepted by the SMTP server.
 * Beside it the ceiling, measured on the very same mailbox just before: one imapflow
 * connection FETCHing every message's source and mailparser parsing each, with nothing stored.
 *
 *   npm run bench:ingest                   # 2000 complaints (BENCH_N / --n)
 *   BENCH_N=500 npm run bench:ingest
 *
 * Settings (env BENCH_X or --x): n (2000), attachment-every (10), ceiling-runs (2, the best
 * counts; the first also warms Dovecot's caches for the service), append-connections (4),
 * poll-seconds (60), timeout-ms (600000).
 */
import { performance } from 'node:perf_hooks';
import { simpleParser, type SimpleParserOptions } from 'mailparser';
import path from 'node:path';
import { openDb } from '../src/store/db.js';
import { complaint, type Shape } from './lib/complaints.js';
import {
  machine, messageCount, note, openBenchStack, round, runAsMain, setting, startServiceProcess, table, until,
  type BenchStack, type LogLine, type ServiceProcess,
} from './lib/kit.js';

export interface IngestOptions {
  n: number;
  attachmentEvery: number;
  ceilingRuns: number;
  appendConnections: number;
  pollSeconds: number;
  timeoutMs: number;
}

export interface IngestJson {
  bench: 'ingest';
  settings: IngestOptions;
  backlog: { messages: number; bytes: number; withAttachments: number; shapes: Record<string, number>; appendSeconds: number };
  ceiling: { seconds: number; rate: number; runs: number[] };
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
  ratio: number;
  target: { rule: string; met: boolean };
  machine: ReturnType<typeof machine>;
}

const now = () => performance.now();

/** mailparser as the service calls it (src/mail-in/parse-mail.ts): the same work per message. */
const PARSER_OPTIONS: SimpleParserOptions = {
  keepDeliveryStatus: true, ignoreEmbedded: true, keepCidLinks: true, skipTextToHtml: true, checksumAlgo: false,
  maxHtmlLengthToParse: 2_000_000,
};

async function fillMailbox(bs: BenchStack, opts: IngestOptions, runTag: string) {
  const shapes: Record<string, number> = {};
  let bytes = 0;
  const t0 = now();
  const conns = await Promise.all(Array.from({ length: Math.max(1, opts.appendConnections) }, () => bs.imap()));
  let next = 0;
  await Promise.all(conns.map(async (c) => {
    for (let i = next++; i < opts.n; i = next++) {
      const m = complaint(i, { runTag, seed: 23, attachmentEvery: opts.attachmentEvery });
      shapes[m.shape] = (shapes[m.shape] ?? 0) + 1;
      bytes += m.raw.length;
      await c.append('INBOX', m.raw);
    }
    await c.logout();
  }));
  return { messages: opts.n, bytes, withAttachments: shapes['attachment' satisfies Shape] ?? 0, shapes, appendSeconds: round((now() - t0) / 1000, 2) };
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

    const runs: number[] = [];
    for (let r = 0; r < Math.max(1, opts.ceilingRuns); r++) {
      runs.push(round(await ceilingRun(bs, opts.n), 3));
      note(`ceiling run ${r + 1}: ${runs[r]} s (${Math.round(opts.n / runs[r]!)} msg/s)`);
    }
    const ceilingSeconds = Math.min(...runs);

    // The service as its own process (`complaint-desk start`) on the backlog, logging at info.
    let commits = 0;
    let committedAt = 0;
    const onLine = (l: LogLine) => {
      if (l.msg === 'message handled' || l.msg === 'message quarantined') if (++commits === opts.n) committedAt = now();
    };
    const dataDir = bs.dataDir();
    const mailFrom = bs.config(dataDir).mailFrom;
    const letters = () => bs.stack.smtp.messages.filter((m) => m.envelopeFrom === mailFrom).length;
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
    const json: IngestJson = {
      bench: 'ingest',
      settings: opts,
      backlog,
      ceiling: { seconds: ceilingSeconds, rate: round(ceilingRate), runs },
      service: {
        seconds: round(seconds, 3), rate: round(rate),
        committedSeconds: round((committedAt - t0) / 1000, 3),
        movedSeconds: round((Math.max(movedAt, tSent) - t0) / 1000, 3),
        firstAckSeconds: round((firstAck - t0) / 1000, 3),
        cpuSeconds: round(cpuSeconds, 2),
        cpuMsPerMessage: round((cpuSeconds * 1000) / opts.n, 2),
        cases, letters: atSink, lettersPerSecond: round(atSink / seconds),
      },
      ratio,
      target: { rule: 'service rate >= 0.8 × ceiling rate', met: ratio >= 0.8 },
      machine: machine(),
    };
    const s = json.service;
    const text = [
      `bench:ingest — backlog of ${opts.n} complaints (${backlog.withAttachments} with attachments, ${(backlog.bytes / 1e6).toFixed(1)} MB) in INBOX at start`,
      '',
      table(['figure', 'seconds', 'msg/s', 'ratio'], [
        ['ceiling: imapflow FETCH 1:* + mailparser each', ceilingSeconds, json.ceiling.rate, 1],
        ['service: start → all cases, all letters accepted', s.seconds, s.rate, ratio],
        ['  start → first acknowledgement accepted', s.firstAckSeconds, '', ''],
        ['  start → all committed (cases + outbox rows)', s.committedSeconds, round(opts.n / s.committedSeconds), round(opts.n / s.committedSeconds / ceilingRate, 3)],
        ['  start → inbox empty (all moved)', s.movedSeconds, '', ''],
        [`  letters accepted (${atSink})`, s.seconds, s.lettersPerSecond, ''],
        [`  service CPU: ${s.cpuSeconds} s, ${s.cpuMsPerMessage} ms per complaint`, '', '', ''],
      ]),
      '',
      `target: ratio ${ratio} ≥ 0.8: ${json.target.met ? 'MET' : 'NOT MET'}`,
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
    appendConnections: setting('append-connections', 4),
    pollSeconds: setting('poll-seconds', 60),
    timeoutMs: setting('timeout-ms', 600_000),
  };
}

runAsMain(import.meta.url, 'ingest', () => runIngest(ingestOptionsFromEnv()));
