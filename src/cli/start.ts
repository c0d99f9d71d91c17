/**
 * `complaint-desk start`: run the service (watch the mailbox, send letters, keep the terms) until
 * SIGTERM or SIGINT stops it.
 */
import { commandAuthProblemsOf, type Config } from '../config.js';
import { startService } from '../main.js';

export async function runStart(config: Config): Promise<void> {
  // As check-config: a configuration in which her commands could never be obeyed does not start (issue 12).
  const never = commandAuthProblemsOf(config);
  if (never.length > 0) {
    process.stderr.write(`complaint-desk: ${never.join('\ncomplaint-desk: ')}\n`);
    process.exit(1);
  }
  const service = await startService(config);
  const shutdown = () => void service.stop().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
