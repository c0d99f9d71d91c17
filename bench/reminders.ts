/**
 * bench:reminders — 1,000 beklaagde reminders due at the same moment a few seconds ahead:
 * how late each runs (its job done: deadline re-checked, ledger written, letter decided) and how
 * late its letter is accepted by the SMTP server, against the moment it was due.
 *
 *   npm run bench:reminders                # 1000 reminders (BENCH_N / --n)
 *
 * The cases are generated straight into SQLite (bench/lib/cases-gen.ts): presented, with a
 * beklaagde, the response term ending two working days after the reminder day. The service runs
 * as its own process (bench/lib/service-child.ts: `complaint-desk start` with a clock shifted by
 * BENCH_CLOCK_OFFSET_MS), so that REMINDER_HOUR:00 on the reminder day falls `lead-ms` after the
 * service has started and planned its jobs: the real reconciler plans them, BullMQ holds them as
 * delayed jobs, and they come due together. The commissioner's digest of that day is due at
 * the same moment and is counted apart.
 *
 * Settings (env BENCH_X or --x): n (1000), lead-ms (5000: due this long after the service is
 * expected to be ready), start-allowance-ms (1500), timeout-ms (300000).
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { atLocalTime } from '../src/domain/calendar.js';
import { calendarFor } from '../src/app-context.js';
import { Store } from '../src/store/store.js';
import { generateReminderCases, todayIn, workingDayFrom } from './lib/cases-gen.js';
import {
  machine, note, openBenchStack, round, runAsMain, setting, startServiceProcess, summarize, table, until,
  type LogLine, type ServiceProcess, type Summary,
} from './lib/kit.js';

export interface RemindersOptions {
  n: number;
  leadMs: number;
  startAllowanceMs: number;
  timeoutMs: number;
}

export interface RemindersJson {
  bench: 'reminders';
  unit: 'ms';
  settings: RemindersOptions;
  /** How long before the due moment the jobs were planned (the first reconcile ended). */
  plannedAheadMs: number;
  /** Job done (deadline re-checked, ledger row, letter in the outbox) minus due. */
  jobLateness: Summary;
  /** Letter accepted by the SMTP server minus due. */
  letterLateness: Summary;
  digest: { ran: boolean; lateMs: number | null };
  target: { rule: string; met: boolean };
  machine: ReturnType<typeof machine>;
}

const now = () => performance.timeOrigin + performance.now();
const HOUR = 12; // noon: never in a DST gap or overlap

export async function runReminders(opts: RemindersOptions): Promise<{ text: string; json: RemindersJson }> {
  const bs = await openBenchStack();
  let service: ServiceProcess | null = null;
  try {
    const dataDir = bs.dataDir();
    const overrides = { REMINDER_HOUR: String(HOUR), IMAP_POLL_SECONDS: '60', LOG_LEVEL: 'info' };
    const config = bs.config(dataDir, overrides);
    const calendar = calendarFor(config);
    const reminderDay = workingDayFrom(todayIn(config), calendar);
    const store = Store.open(dataDir);
    const tag = `r${Date.now().toString(36)}`;
    const gen = generateReminderCases(store, config, calendar, { count: opts.n, reminderDay, tag });
    store.close();

    // Shift the service's clock so that HOUR:00 on the reminder day is `lead` after its expected start.
    const dueClock = atLocalTime(reminderDay, HOUR, 0, config.timeZone).getTime();
    const spawnAt = Date.now();
    const dueWall = spawnAt + opts.startAllowanceMs + opts.leadMs;
    const offset = dueClock - dueWall;

    const ran = new Map<string, number>();
    let reconciledAt = 0;
    const onLine = (l: LogLine) => {
      if (l.msg === 'reminder job ran') ran.set(String(l.jobId), l.time);
      else if (l.msg === 'reminders reconciled' && !reconciledAt) reconciledAt = l.time;
    };
    const entry = [path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib', 'service-child.js')];
    service = startServiceProcess(bs, dataDir, overrides, onLine, { entry, env: { BENCH_CLOCK_OFFSET_MS: String(offset) } });
    await service.started;
    await until(() => reconciledAt, 'the first reconcile', opts.timeoutMs, 10);
    const plannedAheadMs = round(dueWall - reconciledAt);
    note(`${gen.cases} reminders planned ${plannedAheadMs} ms before they are due`);
    if (plannedAheadMs < 0) note('the jobs were planned after their due time: raise start-allowance-ms');

    const beklaagde = (id: string) => id.startsWith('rem-');
    await until(() => [...ran.keys()].filter(beklaagde).length >= opts.n, `${opts.n} reminder jobs ran`, opts.timeoutMs, 20);
    const letters = () => bs.stack.smtp.messages.filter((m) => m.envelopeTo.some((a) => a.startsWith('beklaagde.') && a.includes(`.${tag}.`)));
    await until(() => letters().length >= opts.n, `${opts.n} reminder letters accepted`, opts.timeoutMs, 20);

    const jobLate = [...ran].filter(([id]) => beklaagde(id)).map(([, t]) => t - dueWall);
    const letterLate = letters().map((m) => m.at.getTime() - dueWall);
    const digestAt = [...ran].find(([id]) => id.startsWith('digest-'))?.[1];
    const jobLateness = summarize(jobLate);
    const letterLateness = summarize(letterLate);
    const json: RemindersJson = {
      bench: 'reminders',
      unit: 'ms',
      settings: opts,
      plannedAheadMs,
      jobLateness,
      letterLateness,
      digest: { ran: digestAt !== undefined, lateMs: digestAt === undefined ? null : round(digestAt - dueWall) },
      target: { rule: 'reminder job lateness p95 <= 1000 ms', met: jobLateness.p95 <= 1000 },
      machine: machine(),
    };
    const row = (name: string, s: Summary) => [name, s.p50, s.p95, s.max, s.mean];
    const text = [
      `bench:reminders — ${opts.n} beklaagde reminders due together, planned ${plannedAheadMs} ms ahead; ms after due`,
      '',
      table(['figure', 'p50', 'p95', 'max', 'mean'], [
        row('reminder job done', jobLateness),
        row('its letter accepted by SMTP', letterLateness),
      ]),
      '',
      `digest of the day: ${json.digest.ran ? `done ${json.digest.lateMs} ms after due` : 'did not run'}`,
      `target: job lateness p95 ${jobLateness.p95} ms ≤ 1000 ms: ${json.target.met ? 'MET' : 'NOT MET'}`,
    ].join('\n');
    return { text, json };
  } finally {
    await service?.stop().catch((err: Error) => note(`service stop: ${err.message}`));
    await bs.stop();
  }
}

export function remindersOptionsFromEnv(): RemindersOptions {
  return {
    n: setting('n', 1000),
    leadMs: setting('lead-ms', 5000),
    startAllowanceMs: setting('start-allowance-ms', 1500),
    timeoutMs: setting('timeout-ms', 300_000),
  };
}

runAsMain(import.meta.url, 'reminders', () => runReminders(remindersOptionsFromEnv()));
