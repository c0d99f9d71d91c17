/**
 * Composition root of the service: config → context (src/app-context.ts) → the letters pipeline,
 * the terms, the inbox watchers, the HTTP listener; and the reverse on shutdown (stop fetching,
 * finish the message in hand, close workers, close the DB). Each part starts in its own file;
 * this one only puts them together.
 */
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { Clock } from './domain/clock.js';
import { buildAppContext } from './app-context.js';
import type { InboxWatcher } from './mail-in/inbox-watcher.js';
import { inboxWatchers } from './mail-in/start-inbox.js';
import type { OutboxRelay } from './jobs/outbox-relay.js';
import { producerConnection } from './jobs/queues.js';
import { startLetters, type LettersPipeline } from './jobs/start-letters.js';
import { startTerms, type Terms } from './jobs/start-terms.js';
import type { HourlyMaintenance } from './jobs/hourly-maintenance.js';
import type { ReminderReconciler } from './jobs/reminder-reconciler.js';
import type { HealthServer } from './http/server.js';
import { ServiceMetrics } from './http/metrics.js';
import { startHttp } from './http/start-http.js';
import type { AppContext } from './use-cases/context.js';
import { undeliveredLetters } from './use-cases/bounce-alert.js';
import type { WebOverview } from './web/mount.js';

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
  /** The reminders queue kept in step with SQLite: `reconcileNow()`. */
  reconciler: ReminderReconciler;
  /** Appeal windows and retention, every hour, then a reconcile: `maintainNow()`. */
  maintenance: HourlyMaintenance;
  /** What /metrics exposes (src/http/metrics.ts). */
  metrics: ServiceMetrics;
  /** The web overview, when WEB_ENABLED=true. */
  web: WebOverview | null;
  stop(): Promise<void>;
}

/** Start the whole service. Resolves once every part has started (IMAP may still be connecting). */
export async function startService(config: Config, opts: ServiceOptions = {}): Promise<Service> {
  let letters: LettersPipeline | null = null;
  let terms: Terms | null = null;
  const app = buildAppContext(config, {
    clock: opts.clock, log: opts.log, dnsResolver: opts.dnsResolver, sentFolder: true,
    // A commit that wrote letters may also have started, met or moved deadlines: reconcile reminders too.
    outboxChanged: (o) => {
      if (o?.burst) letters?.relay.kickWhenQuiet(100);
      else letters?.relay.kick();
      if (!o?.termsUnchanged) terms?.reconciler.kick();
    },
  });
  const { ctx } = app;
  const { log } = ctx;
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
    letters?.relay.kick();
    terms?.reconciler.kick(); // the reminders' delayed jobs are rebuilt from SQLite the same way
    void letters?.relay.requeueLost().catch((err: Error) => log.warn({ err: err.message }, 'could not re-queue lost letters'));
  });

  // Metrics: gauges read SQLite and the watcher at scrape time; counters move as letters go out.
  const metrics = new ServiceMetrics({ store: ctx.store, clock: ctx.clock, timeZone: config.timeZone, practices: config.practices, imap: () => inbox.watcher });
  letters = startLetters(ctx, { producer, smtpTokens: app.tokens.smtp, metrics, undeliverable: undeliveredLetters(ctx), onLetterSent: opts.onLetterSent });
  terms = startTerms(ctx, { producer, mailboxPurger: app.mailboxPurger });
  const inbox = inboxWatchers(ctx, { imapTokens: app.tokens.imap, onSentCopyAwaited: opts.onSentCopyAwaited });
  const http = await startHttp(ctx, { producer, metrics, imapConnected: inbox.isConnected });

  // The mailbox first, then the workers and the terms: on a large store the first reconcile and
  // a digest due at once hold the event loop for a second or more, and the IMAP login (hence
  // /readyz) would wait behind them (bench:scale).
  await inbox.start();
  letters.run();
  terms.run();
  log.info({ http: `${config.http.host}:${http.health.port}` }, 'complaint-desk started');

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('stopping');
      await inbox.stop();
      await terms!.stop();
      await letters!.stop();
      await http.close();
      producer.disconnect();
      app.close();
      log.info('stopped');
    })());
  return {
    ctx, watcher: inbox.watcher, inboxWatcher: inbox.inboxWatcher, relay: letters.relay, health: http.health,
    reconciler: terms.reconciler, maintenance: terms.maintenance, metrics, web: http.web, stop,
  };
}
