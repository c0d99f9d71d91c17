/**
 * Prometheus metrics on /metrics (prom-client). Gauges are read from SQLite when scraped
 * (collect callbacks), so they are true even for work done by another process (the CLI's purge)
 * and cost nothing between scrapes; counters and the latency histogram move as letters go out.
 * Labels are states, deadline kinds, template names and outbox statuses: a fixed vocabulary that
 * never carries a name, an address or a case number. Every per-case metric also has `practice`
 * (issue 16): the practice's id from the configuration, never its name; `none` for a case held
 * under no practice yet, and for a letter of no case (the digest, a sign-in link).
 */
import type { Worker } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { STATES } from '../domain/case.js';
import { localDateOf } from '../domain/calendar.js';
import type { Clock } from '../domain/clock.js';
import { LETTERS } from '../mail-out/letters.js';
import type { PracticeSet } from '../domain/practice.js';
import type { Store } from '../store/store.js';
import { NO_PRACTICE } from '../use-cases/practice-filter.js';

const DEADLINE_KINDS = ['ack', 'present', 'response', 'handle', 'appeal', 'appeal-handle'] as const;
const BACKLOG_STATUSES = ['pending', 'queued', 'held'] as const;

/** What the IMAP gauges read: the inbox watcher. */
export interface ImapState {
  readonly isConnected: boolean;
  readonly lastSweepAt: Date | null;
}

export interface MetricsSources {
  store: Store;
  clock: Clock;
  timeZone: string;
  /** The inbox watcher, once it exists (it is made after the letter worker). */
  imap?: () => ImapState | null;
  /** Process metrics (CPU, memory, event loop, GC); on by default. */
  defaultMetrics?: boolean;
  /** The desk's practices: every one gets its zeros; a single desk's cases are its one practice's. */
  practices?: PracticeSet;
}

/**
 * The process metrics live in one registry per process: they describe the process, and
 * collectDefaultMetrics installs observers that a second call (a second service in a test run)
 * would only duplicate.
 */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface MetricsEndpoint {
  contentType: string;
  body: string;
}

/** Seconds from ingest to the acknowledgement leaving: seconds (auto) up to days (ACK_MODE=review). */
const ACK_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 86_400, 3 * 86_400, 10 * 86_400];

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly sent: Counter<'template' | 'practice'>;
  private readonly failed: Counter<'template' | 'practice'>;
  private readonly ackLatency: Histogram<'practice'>;
  private readonly practiceLabel: (practiceId: string | null | undefined) => string;

  constructor(private readonly src: MetricsSources) {
    const { store } = src;
    const registers = [this.registry];
    const today = () => localDateOf(src.clock.now(), src.timeZone);
    const set = src.practices;
    // The ids only, never a name: the label set is the configuration's, plus `none`.
    const practiceLabels = [...(set?.practices.map((p) => p.id) ?? []), NO_PRACTICE];
    const onlyPractice = set?.single ? set.practices[0]!.id : undefined;
    const label = (id: string | null | undefined): string => id ?? onlyPractice ?? NO_PRACTICE;
    this.practiceLabel = label;

    new Gauge({
      name: 'complaint_desk_cases', help: 'Cases by state and practice (purged: only the anonymous statistics remain).', labelNames: ['state', 'practice'], registers,
      collect() {
        this.reset();
        for (const s of STATES) for (const practice of practiceLabels) this.set({ state: s, practice }, 0);
        for (const r of store.cases.countByState()) this.inc({ state: r.state, practice: label(r.practice_id) }, r.n);
      },
    });
    new Gauge({
      name: 'complaint_desk_deadlines_overdue', help: 'Open deadlines of running cases whose date has passed, by kind and practice.', labelNames: ['kind', 'practice'], registers,
      collect() {
        this.reset();
        for (const k of DEADLINE_KINDS) for (const practice of practiceLabels) this.set({ kind: k, practice }, 0);
        for (const r of store.deadlines.overdueCountByKind(today())) this.inc({ kind: r.kind, practice: label(r.practice_id) }, r.n);
      },
    });
    new Gauge({
      name: 'complaint_desk_outbox_backlog', help: 'Letters not sent yet: pending (to queue), queued (to send), held (waiting for #ontvangst).',
      labelNames: ['status'], registers,
      collect() {
        this.reset();
        for (const s of BACKLOG_STATUSES) this.set({ status: s }, 0);
        for (const r of store.outbox.backlogByStatus()) this.set({ status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'complaint_desk_outbox_oldest_age_seconds', help: 'Age of the oldest letter pending or queued (0 when none waits).', registers,
      collect() {
        const oldest = store.outbox.oldestWaitingSince();
        this.set(oldest ? Math.max(0, (src.clock.now().getTime() - Date.parse(oldest)) / 1000) : 0);
      },
    });
    new Gauge({
      name: 'complaint_desk_quarantined_messages', help: 'Messages kept in quarantine (unreadable, too large, not a party, forged commands).', registers,
      collect() {
        this.set(store.messages.countQuarantined());
      },
    });
    new Gauge({
      name: 'complaint_desk_imap_connected', help: '1 while the complaints mailbox is logged in, else 0.', registers,
      collect() {
        this.set(src.imap?.()?.isConnected ? 1 : 0);
      },
    });
    new Gauge({
      name: 'complaint_desk_imap_last_fetch_timestamp_seconds', help: 'Unix time of the last inbox sweep that completed without error (0: none yet).', registers,
      collect() {
        const at = src.imap?.()?.lastSweepAt;
        this.set(at ? at.getTime() / 1000 : 0);
      },
    });
    this.sent = new Counter({ name: 'complaint_desk_letters_sent_total', help: 'Letters the SMTP server accepted, by template and practice.', labelNames: ['template', 'practice'], registers });
    this.failed = new Counter({ name: 'complaint_desk_letters_failed_total', help: 'Letters that failed for good (permanent error, retries spent, refused), by template and practice.', labelNames: ['template', 'practice'], registers });
    for (const t of Object.keys(LETTERS)) {
      for (const practice of practiceLabels) {
        this.sent.inc({ template: t, practice }, 0);
        this.failed.inc({ template: t, practice }, 0);
      }
    }
    this.ackLatency = new Histogram({
      name: 'complaint_desk_ack_latency_seconds', help: 'From ingesting a complaint to its acknowledgement being sent, by practice.', buckets: ACK_BUCKETS,
      labelNames: ['practice'], registers,
    });
    for (const practice of practiceLabels) this.ackLatency.zero({ practice });
  }

  /** A letter was marked sent (send-letter's onSent): count it; for an acknowledgement, its latency. */
  letterSent(sent: { template: string; sentAt: string; caseCreatedAt: string | null; practiceId: string | null }): void {
    // From the processor's own row, not read again per letter (bench:ingest profile). A letter of
    // no case (the digest) has no practice, also on a single desk.
    const practice = sent.caseCreatedAt === null ? NO_PRACTICE : this.practiceLabel(sent.practiceId);
    this.sent.inc({ template: sent.template, practice });
    if (sent.template === 'acknowledgement' && sent.caseCreatedAt) {
      this.ackLatency.observe({ practice }, Math.max(0, (Date.parse(sent.sentAt) - Date.parse(sent.caseCreatedAt)) / 1000));
    }
  }

  /** A letter job ended in failure: counted when its row is failed for good (not on an attempt that will be retried). */
  letterJobFailed(outboxId: number): void {
    const row = this.src.store.outbox.get(outboxId);
    if (row?.status !== 'failed') return;
    const caseRow = row.case_id === null ? undefined : this.src.store.cases.get(row.case_id);
    this.failed.inc({ template: row.template, practice: caseRow ? this.practiceLabel(caseRow.practice_id) : NO_PRACTICE });
  }

  /** Count the letter worker's final failures. */
  watchLetterWorker(worker: Worker<{ outboxId: number }>): void {
    worker.on('failed', (job) => {
      if (job) this.letterJobFailed(job.data.outboxId);
    });
  }

  /** The exposition, for the HTTP server. */
  async scrape(): Promise<MetricsEndpoint> {
    const registry = this.src.defaultMetrics === false ? this.registry : Registry.merge([this.registry, processMetrics()]);
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
}
