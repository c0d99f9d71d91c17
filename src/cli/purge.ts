/**
 * `complaint-desk purge [--dry-run]`: the retention purge on demand, outside the service (which
 * also runs it every hour). The dry run lists what would go — case numbers and counts, never
 * personal data — and changes nothing; it does not even connect to the mailbox.
 */
import { buildAppContext } from '../app-context.js';
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import { formatPurgeReport, purgeCases, type PurgeReport } from '../use-cases/purge-cases.js';

export async function runPurgeCommand(config: Config, opts: { dryRun: boolean }): Promise<{ text: string; report: PurgeReport }> {
  // Logs go to stderr so that stdout holds only the report.
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  // Letters written here (none today) wait in the outbox for the running service's relay.
  const app = buildAppContext(config, { log });
  try {
    const report = await purgeCases(app.ctx, opts.dryRun ? null : app.mailboxPurger, { dryRun: opts.dryRun });
    return { text: formatPurgeReport(report), report };
  } finally {
    app.close();
  }
}
