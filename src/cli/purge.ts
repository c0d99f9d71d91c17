/**
 * `complaint-desk purge [--dry-run]`: the retention purge on demand, outside the service (which
 * also runs it every hour). The dry run lists what would go — case numbers and counts, never
 * personal data — and changes nothing; it does not even connect to the mailbox.
 */
import type { Config } from '../config.js';
import { WorkingDayCalendar } from '../domain/calendar.js';
import { systemClock } from '../domain/clock.js';
import { createLogger } from '../logger.js';
import { LetterRenderer } from '../mail-out/render.js';
import { TEMPLATES_DIR } from '../paths.js';
import { Store } from '../store/store.js';
import type { AppContext } from '../use-cases/context.js';
import { formatPurgeReport, purgeCases, type PurgeReport } from '../use-cases/purge-cases.js';
import { domainOf } from '../util/address.js';
import { ImapMailboxPurger } from '../jobs/mailbox-purge.js';

export async function runPurgeCommand(config: Config, opts: { dryRun: boolean }): Promise<{ text: string; report: PurgeReport }> {
  // Logs go to stderr so that stdout holds only the report.
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  const store = Store.open(config.dataDir);
  try {
    const ctx: AppContext = {
      config, store, clock: systemClock, log,
      calendar: new WorkingDayCalendar({ liberationDay: config.liberationDay, closedDays: config.closedDays }),
      renderer: new LetterRenderer(TEMPLATES_DIR),
      messageIdSecret: store.messageIdSecret(), messageIdDomain: domainOf(config.mailFrom),
      // Letters written here (none today) wait in the outbox for the running service's relay.
      outboxChanged: () => undefined,
    };
    const report = await purgeCases(ctx, opts.dryRun ? null : new ImapMailboxPurger(config, log), { dryRun: opts.dryRun });
    return { text: formatPurgeReport(report), report };
  } finally {
    store.close();
  }
}
