#!/usr/bin/env node
/**
 * The `complaint-desk` command. Each subcommand reads the configuration once, does its job,
 * and exits with 0 on success, 1 on a problem it explains, 2 on bad usage.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.js';
import { readEnv } from './env.js';
import { readOnlyEnv } from './cli/read-only-env.js';

/** `readOnly`: the command only reads the store and needs no mail settings (cli/read-only-env.ts). */
function configOrExit(readOnly = false): Config {
  try {
    return loadConfig(readOnly ? readOnlyEnv(readEnv()) : readEnv());
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
  .showHelpAfterError()
  // Bad usage exits 2 (commander would say 1); subcommands made below inherit this.
  .exitOverride();

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
  .description('validate the configuration and list every problem (exit 1 if any)')
  .option('--connect', 'also log in to IMAP and SMTP and ping Redis, and say which failed and why')
  .option('--json', 'print the checks as JSON')
  .action(async (opts: { connect?: boolean; json?: boolean }) => {
    const { runCheckConfig } = await import('./cli/check-config.js');
    process.exitCode = await runCheckConfig(opts, process.stdout);
  });

// --- The commissioner's desk: cases, the annual report (src/cli/, src/reporting/). Read-only.
const cases = program.command('cases').description('look at the cases (read-only; works while the service runs)');
cases
  .command('list')
  .description('every case: state, klager, next deadline and working days left')
  .option('--state <state>', 'only cases in this state; `open` for every running case, `all` to include purged ones')
  .option('--overdue', 'only cases with a deadline past its date')
  .option('--json', 'print the list as JSON')
  .action(async (opts: { state?: string; overdue?: boolean; json?: boolean }) => {
    const { runCasesList } = await import('./cli/cases-list.js');
    runCasesList(configOrExit(true), opts, process.stdout);
  });
cases
  .command('show')
  .description('one case: parties, timeline, deadlines with their moves, documents and letters')
  .argument('<number>', 'case number, e.g. KL-2026-0001')
  .option('--json', 'print the case as JSON')
  .action(async (number: string, opts: { json?: boolean }) => {
    const { runCasesShow } = await import('./cli/cases-show.js');
    runCasesShow(configOrExit(true), number, opts, process.stdout);
  });

program
  .command('report')
  .description('the annual report (jaarverslag): counts only, no names, addresses or texts')
  .option('--year <year>', 'the year to report on (default: last year)')
  .option('--format <format>', 'md, html (one self-contained file, prints on A4) or json', 'md')
  .option('--lang <lang>', 'nl or en (default: DEFAULT_LANGUAGE)')
  .option('--output <file>', 'write to this file instead of standard output')
  .action(async (opts: { year?: string; format?: string; lang?: string; output?: string }) => {
    const { runReport } = await import('./cli/report.js');
    runReport(configOrExit(true), opts, process.stdout);
  });
// --- end of the commissioner's desk

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
  // commander has printed its own message (usage, help, version) before throwing.
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  process.stderr.write(`complaint-desk: ${(err as Error).message}\n`);
  process.exit((err as { exitCode?: unknown }).exitCode === 2 ? 2 : 1);
});
