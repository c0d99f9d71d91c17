/**
 * Composition root: config → store → inbox watcher, outbox relay, letter worker, health server;
 * and the reverse on shutdown (stop fetching, finish the message in hand, close workers, close
 * the DB). Everything the service is made of is wired here and nowhere else.
 */
import { Worker } from 'bullmq';
import { domainOf } from './util/address.js';
import type { Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { systemClock, type Clock } from './domain/clock.js';
import { WorkingDayCalendar } from './domain/calendar.js';
import { Store } from './store/store.js';
import { LetterRenderer } from './mail-out/render.js';
import { createTransport, type MailTransport } from './mail-out/transport.js';
import { TEMPLATES_DIR } from './paths.js';
import { InboxWatcher, type FetchedMessage } from './mail-in/inbox-watcher.js';
import { ownInboxPick } from './mail-in/own-inbox-pick.js';
import { imapSentFolder } from './mail-in/sent-folder.js';
import { receiveMessages } from './mail-in/receive-message.js';
import { OutboxRelay } from './jobs/outbox-relay.js';
import { LETTERS_QUEUE, lettersQueue, producerConnection, workerConnection, type SendLetterJob } from './jobs/queues.js';
import { sendLetterProcessor } from './jobs/send-letter.js';
import { startHealthServer, type HealthServer } from './http/server.js';
import { ServiceMetrics } from './http/metrics.js';
import type { AppContext } from './use-cases/context.js';
import { undeliveredLetters } from './use-cases/bounce-alert.js';
// Terms: reminders queue and worker, the hourly keeper (appeal windows, retention, reconciler).
import { REMINDERS_QUEUE, remindersQueue, type ReminderJob } from './jobs/reminders-queue.js';
import { sendReminderProcessor } from './jobs/send-reminder.js';
import { TermsKeeper } from './jobs/terms-keeper.js';
import { ImapMailboxPurger } from './jobs/mailbox-purge.js';
// The read-only web overview (WEB_ENABLED=true), mounted on the health server.
import { createWebOverview, type WebOverview } from './web/mount.js';

export interface ServiceOptions {
  clock?: Clock;
  log?: Logger;
  /** Called after every letter is marked sent. */
  onLetterSent?: (outboxId: number) => void;
  /** DNS for DKIM verification (tests serve their own keys). */
  dnsResolver?: (name: string, rrtype: string) => Promise<unknown>;
  /** Own mode: her command is put off to wait for its copy in the Sent folder (tests wait for it). */
  onSentCopyAwaited?: (e: { uid: number; messageId: string | null }) => void;
}

export interface Service {
  ctx: AppContext;
  /** The mailbox complaints are taken from: IMAP_MAILBOX, or in own mode the intake folder. */
  watcher: InboxWatcher;
  /** Own mode: her INBOX, read-only, for case mail and her commands; null in a dedicated mailbox. */
  inboxWatcher: InboxWatcher | null;
  relay: OutboxRelay;
  health: HealthServer;
  /** Reminders, appeal windows and retention: `reconcileNow()`, `maintainNow()`. */
  terms: TermsKeeper;
  /** What /metrics exposes (src/http/metrics.ts). */
  metrics: ServiceMetrics;
  /** The web overview, when WEB_ENABLED=true. */
  web: WebOverview | null;
  stop(): Promise<void>;
}

/** Build the calendar of the configured terms: holidays, closure days. */
export function calendarFor(config: Config): WorkingDayCalendar {
  return new WorkingDayCalendar({ liberationDay: config.liberationDay, closedDays: config.closedDays });
}

/** Start the whole service. Resolves once every part has started (IMAP may still be connecting). */
export async function startService(config: Config, opts: ServiceOptions = {}): Promise<Service> {
  const log = opts.log ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const store = Store.open(config.dataDir);
  const renderer = new LetterRenderer(TEMPLATES_DIR);
  if (config.commandAuth.includes('none')) {
    log.warn('COMMAND_AUTH=none: commands are NOT authenticated. Use this only for demos and tests, never in production.');
  }

  const producer = producerConnection(config.redisUrl);
  producer.on('error', (err) => log.debug({ err: err.message }, 'redis (producer) error'));
  // After Redis comes back (restarted, maybe empty), re-add at once the jobs of letters it lost,
  // rather than at the relay's next minute check (issue 5: no letter lost, recovered by itself).
  let redisWasDown = false;
  producer.on('close', () => (redisWasDown = true));
  producer.on('ready', () => {
    if (!redisWasDown) return;
    redisWasDown = false;
    relay?.kick();
    terms?.kick(); // the reminders' delayed jobs are rebuilt from SQLite the same way
    void relay?.requeueLost().catch((err: Error) => log.warn({ err: err.message }, 'could not re-queue lost letters'));
  });
  const queue = lettersQueue(producer, config.queuePrefix);
  queue.on('error', (err) => log.debug({ err: err.message }, 'queue error'));

  let relay: OutboxRelay | null = null;
  let terms: TermsKeeper | null = null;
  const ctx: AppContext = {
    config, store, clock, log, renderer, calendar: calendarFor(config),
    messageIdSecret: store.messageIdSecret(),
    messageIdDomain: domainOf(config.mailFrom),
    // A commit that wrote letters may also have started, met or moved deadlines: reconcile reminders too.
    outboxChanged: (o) => {
      if (o?.burst) relay?.kickWhenQuiet(100);
      else relay?.kick();
      if (!o?.termsUnchanged) terms?.kick();
    },
    dnsResolver: opts.dnsResolver,
  };
  relay = new OutboxRelay(store, queue, clock, log.child({ component: 'relay' }), {
    intervalMs: 1000, batchSize: 200, attempts: config.send.maxAttempts, backoffMs: config.send.retryBaseMs,
  });

  // Metrics: gauges read SQLite and the watcher at scrape time; counters move as letters go out.
  const metrics = new ServiceMetrics({ store, clock, timeZone: config.timeZone, imap: () => watcher });
  const transport: MailTransport = createTransport(config);
  const workerConn = workerConnection(config.redisUrl);
  workerConn.on('error', (err) => log.debug({ err: err.message }, 'redis (worker) error'));
  const worker = new Worker<SendLetterJob>(
    LETTERS_QUEUE,
    sendLetterProcessor({
      config, store, renderer, transport, clock, log: log.child({ component: 'send-letter' }), onSent: (id) => {
        metrics.letterSent(id);
        opts.onLetterSent?.(id);
      },
      undeliverable: undeliveredLetters(ctx),
    }),
    { connection: workerConn, prefix: config.queuePrefix, concurrency: 5, autorun: false },
  );
  worker.on('error', (err) => log.warn({ err: err.message }, 'letter worker error'));
  metrics.watchLetterWorker(worker);

  // --- Terms (SPEC §3, §4, §9): reminder jobs, their reconciler, appeal windows, retention purge.
  const reminders = remindersQueue(producer, config.queuePrefix);
  reminders.on('error', (err) => log.debug({ err: err.message }, 'reminders queue error'));
  const reminderConn = workerConnection(config.redisUrl);
  reminderConn.on('error', (err) => log.debug({ err: err.message }, 'redis (reminders) error'));
  // Each reminder job is one synchronous transaction, so jobs never interleave; fetching 25 at a
  // time only overlaps BullMQ's round trips (bench:reminders: 1,000 due together, p95 late 3.2 s
  // with 1, under 1 s with 25).
  const reminderWorker = new Worker<ReminderJob>(REMINDERS_QUEUE, sendReminderProcessor(ctx), {
    connection: reminderConn, prefix: config.queuePrefix, concurrency: 100, autorun: false,
  });
  reminderWorker.on('error', (err) => log.warn({ err: err.message }, 'reminder worker error'));
  terms = new TermsKeeper(ctx, reminders, new ImapMailboxPurger(config, log.child({ component: 'purge' })), log.child({ component: 'terms' }), {
    intervalMs: 3_600_000,
  });
  // --- end of terms wiring

  const handle = async (ms: FetchedMessage[]) => {
    const { error } = await receiveMessages(ctx, ms.map((m) => ({
      raw: m.raw, size: m.size, truncated: m.truncated, receivedAt: m.internalDate,
      source: { mailbox: m.mailbox, uidvalidity: m.uidvalidity, uid: m.uid },
    })));
    if (error) throw error;
  };
  // Own mode (issue 12): complaints from the intake folder (moved on as in a dedicated mailbox);
  // her INBOX watched read-only besides, for case mail and her commands only.
  const own = config.mailboxMode === 'own';
  if (own) ctx.sentFolder = imapSentFolder(config, log.child({ component: 'sent-folder' }));
  const watcher = new InboxWatcher({
    config, store, clock, log: log.child({ component: 'inbox' }), handle, mailbox: own ? config.imap.intakeMailbox : config.imap.mailbox,
  });
  const inboxWatcher = own
    ? new InboxWatcher({ config, store, clock, log: log.child({ component: 'own-inbox' }), handle, mailbox: config.imap.mailbox, keep: ownInboxPick(ctx, { onSentCopyAwaited: opts.onSentCopyAwaited }) })
    : null;

  const health = await startHealthServer(config.http.host, config.http.port, {
    imap: () => watcher.isConnected && (inboxWatcher?.isConnected ?? true),
    redis: async () => (await producer.ping()) === 'PONG',
    sqlite: () => store.healthy(),
  }, () => metrics.scrape());
  // --- Web overview: every path but /healthz, /readyz and /metrics, when enabled.
  const web = config.web.enabled ? createWebOverview(ctx, { host: config.http.host, port: health.port }) : null;
  if (web) health.mount(web.handle);

  relay.start();
  // The mailbox first, then the workers and the terms: on a large store the first reconcile and
  // a digest due at once hold the event loop for a second or more, and the IMAP login (hence
  // /readyz) would wait behind them (bench:scale).
  await watcher.start();
  await inboxWatcher?.start();
  for (const w of [worker, reminderWorker]) void w.run().catch((err: Error) => log.error({ err: err.message }, 'worker stopped'));
  terms.start();
  log.info({ http: `${config.http.host}:${health.port}` }, 'complaint-desk started');

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('stopping');
      await watcher.stop();
      await inboxWatcher?.stop();
      await relay!.stop();
      await terms!.stop();
      await reminderWorker.close();
      await reminders.close();
      reminderConn.disconnect();
      await worker.close();
      await queue.close();
      transport.close();
      web?.close();
      await health.close();
      workerConn.disconnect();
      producer.disconnect();
      store.close();
      log.info('stopped');
    })());
  return { ctx, watcher, inboxWatcher, relay, health, terms, metrics, web, stop };
}
