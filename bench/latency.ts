/**
 * bench:latency — complaints one at a time: time from APPEND into the complaints mailbox to the
 * acknowledgement accepted by the SMTP server (the sink records it after its 250), beside the
 * floor measured on the very same APPENDs: the moment a second imapflow connection to the same
 * Dovecot, idling in INBOX, hears `* N EXISTS`. No service can learn of a message sooner than
 * its IMAP server tells it, so ack − floor is what the service itself costs.
 *
 *   npm run bench:latency                  # 50 complaints (BENCH_N / --n)
 *   BENCH_N=30 npm run bench:latency
 *
 * Settings (env BENCH_X or --x): n (50), warmup (2, not counted), gap-ms (1000: mean pause
 * between the previous complaint being done and the next APPEND, ±50 % random), poll-seconds
 * (60: IMAP_POLL_SECONDS of the service, the production default, so the sweep timer cannot hide a
 * slow reaction to IDLE), timeout-ms (60000 per complaint).
 */
import { performance } from 'node:perf_hooks';
import type { ImapFlow } from 'imapflow';
import { startService, type Service } from '../src/main.js';
import { answers, complaint, rng } from './lib/complaints.js';
import {
  captureLogger, isMain, machine, note, openBenchStack, report, round, setting, sleep, summarize, table, until,
  type LogLine, type Summary,
} from './lib/kit.js';

export interface LatencyOptions {
  n: number;
  warmup: number;
  gapMs: number;
  pollSeconds: number;
  timeoutMs: number;
}

export interface LatencySample {
  i: number;
  uid: number;
  /** APPEND command issued → its OK. */
  appendMs: number;
  /** APPEND issued → `exists` on the second connection (the floor). */
  floorMs: number;
  /** APPEND issued → the service committed the message ('message handled'). */
  commitMs: number;
  /** APPEND issued → the acknowledgement recorded by the SMTP sink. */
  ackMs: number;
}

export interface LatencyJson {
  bench: 'latency';
  unit: 'ms';
  settings: LatencyOptions;
  floor: Summary;
  ack: Summary;
  /** ack percentile minus floor percentile, each figure on its own. */
  difference: { p50: number; p95: number; max: number };
  /** Per complaint: ack minus its own floor. */
  excess: Summary;
  breakdown: { append: Summary; appendToCommit: Summary; commitToAck: Summary };
  target: { rule: string; limitMs: number; met: boolean };
  samples: LatencySample[];
  machine: ReturnType<typeof machine>;
}

const now = () => performance.timeOrigin + performance.now();

export async function runLatency(opts: LatencyOptions): Promise<{ text: string; json: LatencyJson }> {
  const bs = await openBenchStack();
  let floor: ImapFlow | null = null;
  let appender: ImapFlow | null = null;
  let service: Service | null = null;
  try {
    // The floor: a second connection idling in INBOX, noting every EXISTS that grows the count.
    floor = await bs.imap({ disableAutoIdle: true });
    await floor.mailboxOpen('INBOX');
    const floorEvents: { t: number; count: number }[] = [];
    floor.on('exists', (e: { count: number; prevCount: number }) => {
      if (e.count > e.prevCount) floorEvents.push({ t: now(), count: e.count });
    });
    void floor.idle().catch(() => undefined);

    appender = await bs.imap({ disableAutoIdle: true });

    // The service, logging at info (the production default) into memory: commit times by UID.
    const commits = new Map<number, number>();
    const log = captureLogger('info', (l: LogLine) => {
      if (l.msg === 'message handled' || l.msg === 'message quarantined') commits.set(Number(l.uid), l.time);
    });
    const dataDir = bs.dataDir();
    const config = bs.config(dataDir, { IMAP_POLL_SECONDS: String(opts.pollSeconds), LOG_LEVEL: 'info' });
    service = await startService(config, { log });
    const svc = service;
    await until(() => svc.watcher.isConnected && svc.watcher.lastSweepAt, 'the service to connect and sweep once', 20_000);
    const moved = (uid: number) =>
      (svc.ctx.store.db.prepare('SELECT moved_at FROM inbox_items WHERE uid = ? AND moved_at IS NOT NULL').get(uid) as object | undefined) !== undefined;

    const r = rng(7);
    const runTag = `l${Date.now().toString(36)}`;
    const samples: LatencySample[] = [];
    const total = opts.warmup + opts.n;
    for (let k = 0; k < total; k++) {
      await sleep(opts.gapMs * (0.5 + r()));
      const c = complaint(k, { runTag, seed: 11 });
      const ackP = bs.stack.smtp.waitFor((m) => m.envelopeTo.includes(c.from) && answers(m.raw, c.messageId), 1, opts.timeoutMs);
      const floorMark = floorEvents.length;
      const t0 = now();
      const res = await appender.append('INBOX', c.raw);
      const tAppended = now();
      if (!res || res.uid === undefined) throw new Error('APPEND returned no UID');
      const uid = res.uid;
      await ackP;
      const tAck = now();
      const f = await until(() => floorEvents.slice(floorMark).find((e) => e.t >= t0), `EXISTS on the floor connection for complaint ${k}`, opts.timeoutMs);
      const tCommit = await until(() => commits.get(uid), `the commit of uid ${uid}`, opts.timeoutMs);
      // At rest before the next one: the message moved out of INBOX.
      await until(() => moved(uid), `uid ${uid} moved to the processed folder`, opts.timeoutMs);
      const sample: LatencySample = {
        i: k, uid,
        appendMs: round(tAppended - t0), floorMs: round(f.t - t0), commitMs: round(tCommit - t0), ackMs: round(tAck - t0),
      };
      if (k >= opts.warmup) samples.push(sample);
      note(`${k < opts.warmup ? 'warmup ' : ''}#${k}: floor ${sample.floorMs} ms, commit ${sample.commitMs} ms, ack ${sample.ackMs} ms`);
    }

    const floorS = summarize(samples.map((s) => s.floorMs));
    const ackS = summarize(samples.map((s) => s.ackMs));
    const excess = summarize(samples.map((s) => s.ackMs - s.floorMs));
    const breakdown = {
      append: summarize(samples.map((s) => s.appendMs)),
      appendToCommit: summarize(samples.map((s) => s.commitMs)),
      commitToAck: summarize(samples.map((s) => s.ackMs - s.commitMs)),
    };
    const limitMs = round(floorS.p95 + 300);
    const json: LatencyJson = {
      bench: 'latency',
      unit: 'ms',
      settings: opts,
      floor: floorS,
      ack: ackS,
      difference: { p50: round(ackS.p50 - floorS.p50), p95: round(ackS.p95 - floorS.p95), max: round(ackS.max - floorS.max) },
      excess,
      breakdown,
      target: { rule: 'ack p95 <= floor p95 + 300 ms', limitMs, met: ackS.p95 <= limitMs },
      samples,
      machine: machine(),
    };
    const row = (name: string, s: Summary) => [name, s.p50, s.p95, s.max, s.mean];
    const text = [
      `bench:latency — ${opts.n} complaints one at a time (+${opts.warmup} warm-up), IMAP_POLL_SECONDS=${opts.pollSeconds}, ms from APPEND`,
      '',
      table(['figure', 'p50', 'p95', 'max', 'mean'], [
        row('floor: EXISTS on 2nd connection', floorS),
        row('ack accepted by SMTP', ackS),
        ['difference (ack − floor)', json.difference.p50, json.difference.p95, json.difference.max, round(ackS.mean - floorS.mean)],
        row('per complaint: ack − its floor', excess),
        row('  APPEND round trip', breakdown.append),
        row('  APPEND → commit (service)', breakdown.appendToCommit),
        row('  commit → ack (relay, queue, SMTP)', breakdown.commitToAck),
      ]),
      '',
      `target: ack p95 ${ackS.p95} ms ≤ floor p95 ${floorS.p95} ms + 300 = ${limitMs} ms: ${json.target.met ? 'MET' : 'NOT MET'}`,
    ].join('\n');
    return { text, json };
  } finally {
    await service?.stop().catch((err: Error) => note(`service stop: ${err.message}`));
    await appender?.logout().catch(() => appender?.close());
    floor?.close();
    await bs.stop();
  }
}

export function latencyOptionsFromEnv(): LatencyOptions {
  return {
    n: setting('n', 50),
    warmup: setting('warmup', 2),
    gapMs: setting('gap-ms', 1000),
    pollSeconds: setting('poll-seconds', 60),
    timeoutMs: setting('timeout-ms', 60_000),
  };
}

if (isMain(import.meta.url)) {
  runLatency(latencyOptionsFromEnv()).then(
    ({ text, json }) => {
      report(text, json);
      process.exit(0);
    },
    (err: Error) => {
      process.stderr.write(`bench:latency failed: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
