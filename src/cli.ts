#!/usr/bin/env node
/**
 * The `complaint-desk` command: it only registers the subcommands, one file each in src/cli/.
 * Each reads the configuration once, does its job, and exits with 0 on success, 1 on a problem it
 * explains, 2 on bad usage.
 */
import { ConfigError } from './errors/index.js';
import { Command, CommanderError } from 'commander';
import { loadConfig, type Config } from './config.js';
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
    const { runStart } = await import('./cli/start.js');
    await runStart(config);
  });

program
  .command('demo')
  .description('start a throwaway local stack (Redis, Dovecot, SMTP), run the service on it and send a sample complaint')
  .option('--practices', 'serve two practices from the one mailbox (PRACTICES_FILE): lux (the seed\'s procedure) and zorg (the Wkkgz)')
  .action(async (opts: { practices?: boolean }) => {
    // The demo and its dev stack are left out of the production build (tsconfig.build.json), so
    // the image has no demo: the path is a plain string, which tsc does not follow into them.
    const demo: string = './cli/demo.js';
    const loaded = (await import(demo).catch((err: { code?: unknown }) => {
      if (err.code === 'ERR_MODULE_NOT_FOUND') return undefined;
      throw err;
    })) as { runDemo(o: { practices?: boolean }): Promise<void> } | undefined;
    if (!loaded) {
      process.stderr.write('complaint-desk: the demo is not part of this build (the Docker image); run `npm run demo` in a clone of the repository\n');
      process.exit(1);
    }
    await loaded.runDemo({ practices: opts.practices });
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

// The commissioner's desk: cases, the annual report (src/cli/, src/annual-report/). Read-only.
const cases = program.command('cases').description('look at the cases (read-only; works while the service runs)');
cases
  .command('list')
  .description('every case: state, klager, next deadline and working days left')
  .option('--state <state>', 'only cases in this state; `open` for every running case, `all` to include purged ones')
  .option('--overdue', 'only cases with a deadline past its date')
  .option('--practice <id>', 'only the cases of this practice; `none` for those held for #praktijk')
  .option('--json', 'print the list as JSON')
  .action(async (opts: { state?: string; overdue?: boolean; practice?: string; json?: boolean }) => {
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
  .option('--practice <id>', 'the report of this practice only (default: all practices, with a row per practice)')
  .option('--format <format>', 'md, html (one self-contained file, prints on A4) or json', 'md')
  .option('--lang <lang>', 'nl or en (default: DEFAULT_LANGUAGE)')
  .option('--output <file>', 'write to this file instead of standard output')
  .action(async (opts: { year?: string; format?: string; lang?: string; output?: string; practice?: string }) => {
    const { runReport } = await import('./cli/annual-report.js');
    runReport(configOrExit(true), opts, process.stdout);
  });
cases
  .command('export')
  .description('the whole file of one case, for a disputes body or a court: a PDF, or a zip with the PDF, every original mail and attachment, and a manifest')
  .argument('<number>', 'case number, e.g. KL-2026-0001')
  .requiredOption('--output <file>', 'where to write it')
  .option('--format <format>', 'pdf or zip', 'pdf')
  .action(async (number: string, opts: { output: string; format: string }) => {
    const { runCasesExport } = await import('./cli/cases-export.js');
    await runCasesExport(configOrExit(), number, opts, process.stdout);
  });

program
  .command('verify')
  .description('check the tamper-evident record: the chain of events and every stored file (exit 1 when broken)')
  .argument('[number]', 'one case, e.g. KL-2026-0001 (default: every case)')
  .option('--json', 'print the result as JSON')
  .action(async (number: string | undefined, opts: { json?: boolean }) => {
    const { runVerify } = await import('./cli/verify.js');
    process.exitCode = runVerify(configOrExit(), number, opts, process.stdout);
  });

program
  .command('subject-access')
  .description('an access request (AVG art. 15): everything held about EMAIL that they may receive, as a PDF; logs the request and its term')
  .argument('<email>', 'the address of the person asking')
  .requiredOption('--output <file>', 'where to write the export (PDF)')
  .option('--answered', 'also mark the request answered (after you checked the identity and sent the export)')
  .action(async (email: string, opts: { output: string; answered?: boolean }) => {
    const { runSubjectAccess } = await import('./cli/subject-access.js');
    await runSubjectAccess(configOrExit(), email, opts, process.stdout);
  });

const templates = program.command('templates').description('work with the letter templates');
templates
  .command('preview')
  .description('render a letter with sample data')
  .argument('<name>', 'letter name, e.g. acknowledgement')
  .option('--lang <lang>', 'nl or en', 'nl')
  .option('--html', 'print the HTML instead of the plain text')
  .option('--procedure <preset>', 'the letters of procedure lux or wkkgz', 'lux')
  .action(async (name: string, opts: { lang: string; html?: boolean; procedure: string }) => {
    const { previewLetter } = await import('./cli/templates-preview.js');
    process.stdout.write(previewLetter(name, opts.lang === 'en' ? 'en' : 'nl', opts.html ? 'html' : 'text', opts.procedure === 'wkkgz' ? 'wkkgz' : 'lux'));
  });

program
  .command('purge')
  .description('delete what is past its retention (RETENTION_MONTHS after closing), keeping anonymous statistics')
  .option('--dry-run', 'only list what would be deleted: case numbers and counts')
  .action(async (opts: { dryRun?: boolean }) => {
    const config = configOrExit();
    const { runPurgeCommand } = await import('./cli/purge.js');
    const { text, report } = await runPurgeCommand(config, { dryRun: opts.dryRun ?? false });
    process.stdout.write(text);
    if (report.failed.length > 0) process.exit(1);
  });

program
  .command('reprocess')
  .description('take quarantined or rate-limited mail in again from the quarantine folder (SPEC §5)')
  .option('--uid <n>', 'the message with this UID in IMAP_QUARANTINE_MAILBOX')
  .option('--message-id <id>', 'the message(s) with this Message-ID')
  .option('--all', 'everything in the quarantine folder')
  .option('--dry-run', 'only list what would be taken in; change nothing')
  .option('--json', 'machine-readable output')
  .action(async (opts: { uid?: string; messageId?: string; all?: boolean; dryRun?: boolean; json?: boolean }) => {
    const config = configOrExit();
    const { runReprocess } = await import('./cli/reprocess.js');
    process.exitCode = await runReprocess(config, opts, process.stdout);
  });

program
  .command('backup')
  .description('take an online backup of the store (safe while the service runs)')
  .argument('<file>', 'where to write the backup')
  .action(async (file: string) => {
    const config = configOrExit();
    const { runBackup } = await import('./cli/backup.js');
    await runBackup(config, file, process.stdout);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  // commander has printed its own message (usage, help, version) before throwing.
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  process.stderr.write(`complaint-desk: ${(err as Error).message}\n`);
  process.exit((err as { exitCode?: unknown }).exitCode === 2 ? 2 : 1);
});
