#!/usr/bin/env node
/**
 * The `complaint-desk` command. Each subcommand reads the configuration once, does its job,
 * and exits with 0 on success, 1 on a problem it explains, 2 on bad usage.
 */
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { readEnv } from './env.js';

function configOrExit(): Config {
  try {
    return loadConfig(readEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`complaint-desk: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

const program = new Command('complaint-desk')
  .description('Runs a complaints procedure (klachtenprocedure) by e-mail.')
  .showHelpAfterError();

program
  .command('start')
  .description('run the service: watch the mailbox, send letters, keep the terms')
  .action(async () => {
    const config = configOrExit();
    const { startService } = await import('./main.js');
    const service = await startService(config);
    const shutdown = () => void service.stop().then(() => process.exit(0));
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });

program
  .command('demo')
  .description('start a throwaway local stack (Redis, Dovecot, SMTP), run the service on it and send a sample complaint')
  .action(async () => {
    const { runDemo } = await import('./demo.js');
    await runDemo();
  });

program
  .command('check-config')
  .description('validate the configuration and list every problem')
  .action(() => {
    const config = configOrExit();
    process.stdout.write(`configuration is valid (mailbox ${config.imap.user}@${config.imap.host}, ${config.commissionerEmails.length} commissioner address(es))\n`);
  });

const templates = program.command('templates').description('work with the letter templates');
templates
  .command('preview')
  .description('render a letter with sample data')
  .argument('<name>', 'letter name, e.g. acknowledgement')
  .option('--lang <lang>', 'nl or en', 'nl')
  .option('--html', 'print the HTML instead of the plain text')
  .action(async (name: string, opts: { lang: string; html?: boolean }) => {
    const { previewLetter } = await import('./mail-out/preview.js');
    process.stdout.write(previewLetter(name, opts.lang === 'en' ? 'en' : 'nl', opts.html ? 'html' : 'text'));
  });

program
  .command('purge')
  .description('delete what is past its retention (RETENTION_MONTHS after closing), keeping anonymous statistics')
  .option('--dry-run', 'only list what would be deleted: case numbers and counts')
  .action(async (opts: { dryRun?: boolean }) => {
    const config = configOrExit();
    const { runPurgeCommand } = await import('./jobs/purge-command.js');
    const { text, report } = await runPurgeCommand(config, { dryRun: opts.dryRun ?? false });
    process.stdout.write(text);
    if (report.failed.length > 0) process.exit(1);
  });

program
  .command('backup')
  .description('take an online backup of the store (safe while the service runs)')
  .argument('<file>', 'where to write the backup')
  .action(async (file: string) => {
    const config = configOrExit();
    const { Store } = await import('./store/store.js');
    const store = Store.open(config.dataDir);
    await store.db.backup(file);
    store.close();
    process.stdout.write(`backup written to ${file}\n`);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`complaint-desk: ${(err as Error).message}\n`);
  process.exit(1);
});
