/**
 * `npm run demo`: a throwaway local stack (private Redis, Dovecot with mailboxes for the
 * commissioner and the parties, an SMTP server that delivers into them over LMTP), the service
 * running against it, and one sample complaint walked in. It stays up, printing how to connect
 * with any mail client, until Ctrl-C stops everything it started.
 *
 * Commands are authenticated as in production (COMMAND_AUTH=dkim): the demo's SMTP server signs
 * what the commissioner's login submits, and the service checks with the demo key (demo-dkim.ts),
 * so a mail that only claims her From is refused here too.
 *
 * With `--practices` the desk serves two practices from the one mailbox (issue 16): a practices
 * file in the demo's data directory (tools/devstack/demo-practices.ts), the sample complaint to
 * klachten+lux@…, and the printout says how to write to each practice and to none.
 */
import nodemailer from 'nodemailer';
import { join } from 'node:path';
import { startStack } from '../../tools/devstack/stack.js';
import { DEMO_DOMAIN, DEMO_USERS, stackConfig } from '../../tools/devstack/stack-config.js';
import { startService } from '../main.js';
import { createLogger } from '../logger.js';
import { demoDkim } from '../../tools/devstack/demo-dkim.js';
import { DEMO_PRACTICES, writeDemoPractices } from '../../tools/devstack/demo-practices.js';

const out = (s = '') => process.stdout.write(`${s}\n`);

/** Options of {@link runDemo}: `practices` runs the two-practice desk. */
export interface DemoOptions {
  practices?: boolean;
}

export async function runDemo(opts: DemoOptions = {}): Promise<void> {
  out('complaint-desk demo: starting a private Redis, Dovecot and SMTP server …');
  const dkim = demoDkim(DEMO_DOMAIN, 'commissaris');
  const stack = await startStack({ users: DEMO_USERS, transform: dkim.sign });
  const endpoints = {
    redisUrl: stack.redis.url,
    imap: { host: stack.dovecot.host, port: stack.dovecot.imapPort },
    smtp: { host: stack.smtp.host, port: stack.smtp.port },
  };
  const dataDir = join(stack.dir, 'data');
  const practices = opts.practices ? writeDemoPractices(stack.dir) : undefined;
  const config = stackConfig(endpoints, dataDir, {
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', IMAP_POLL_SECONDS: '5', COMMAND_AUTH: 'dkim', PRACTICE_OWNER_NAME: 'Emma Hafkamp',
    ...practices?.env,
  });
  const service = await startService(config, { log: createLogger(config.logLevel), dnsResolver: dkim.resolver });

  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    out('\nstopping the service and the demo stack …');
    await service.stop();
    await stack.stop();
    out('stopped; nothing left running.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stopAll());
  process.on('SIGTERM', () => void stopAll());

  const klager = `klager@example.test`;
  const sampleTo = practices ? DEMO_PRACTICES[0].address : config.mailboxAddress;
  out(`sending a sample complaint from ${klager} to ${sampleTo} …`);
  const before = stack.smtp.messages.length;
  await nodemailer.createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true }).sendMail({
    from: { name: 'Jan Jansen', address: klager },
    to: sampleTo,
    subject: 'Klacht over de behandeling op 12 november',
    text: 'Geachte klachtencommissaris,\n\nOp 12 november ben ik door een medewerker van de praktijk onheus bejegend. '
      + 'Ik heb dit eerst met de medewerker en daarna met de eigenaar besproken, maar we zijn er niet uitgekomen.\n\n'
      + 'Met vriendelijke groet,\nJan Jansen',
  });
  const isLetter = (m: { envelopeFrom: string }) => m.envelopeFrom === config.mailFrom;
  const letters = await stack.smtp.waitFor((m) => isLetter(m) && stack.smtp.messages.indexOf(m) >= before, 2, 60_000);
  const c = service.ctx.store.cases.newest()!;
  out(`case ${c.number} opened (state: ${c.state})`);
  for (const l of letters) out(`  letter to ${l.envelopeTo.join(', ')}: ${l.subject}`);

  out('');
  out('The demo keeps running. Connect any mail client (no TLS, plain password):');
  out(`  IMAP  ${stack.dovecot.host}:${stack.dovecot.imapPort}    SMTP  ${stack.smtp.host}:${stack.smtp.port} (any login; the commissaris login signs her commands)`);
  const external = new Set(['klager', 'klager2', 'beklaagde']);
  const domainOf = (user: string) => (external.has(user) ? 'example.test' : user === 'directie' ? 'delinde-zorg.test' : DEMO_DOMAIN);
  for (const u of DEMO_USERS) out(`  ${`${u.user}@${domainOf(u.user)}`.padEnd(28)} login ${u.user.padEnd(12)} password ${u.password}`);
  out(`  the service reads the mailbox of "klachten"; the commissioner is commissaris@${DEMO_DOMAIN}`);
  out('  klager2@example.test is a second complainant with no case yet: write a complaint from it.');
  out('  Commands count only when sent through the SMTP server with the commissaris login (it signs them, DKIM).');
  out('');
  out(`Data directory: ${dataDir}`);
  // Through with-node24.sh, as `npm run demo` runs: on an older system Node, a bare `node` would
  // load the native addons built for Node 24 and fail.
  out('Look at the cases with the CLI while the demo runs (in the repository; read-only, no mail settings needed):');
  const practiceKeys = practices ? `PRACTICES_FILE=${practices.file}` : `PRACTICE_NAME='Praktijk LUX'`;
  out(`  DATA_DIR=${dataDir} COMMISSIONER_EMAILS=commissaris@${DEMO_DOMAIN} COMMISSIONER_NAME='M. Roozmond' ${practiceKeys} bash scripts/with-node24.sh node dist/src/cli.js cases list`);
  out('');
  out('This demo is not for real mail: its mail server, mailboxes and keys are throwaway, and everything is deleted when it stops.');
  out(`  health: http://${config.http.host}:${service.health.port}/healthz and /readyz`);
  if (practices) printPractices(practices.file);
  else out('Write a complaint to klachten@praktijk.test from any address and watch the letters arrive. Ctrl-C stops everything.');
}

function printPractices(file: string): void {
  out('');
  out(`This desk serves two practices from the one mailbox (${file}):`);
  for (const p of DEMO_PRACTICES) {
    out(`  ${p.id.padEnd(5)} ${p.name.padEnd(22)} write to ${p.address.padEnd(28)} cases ${p.prefix}-…, procedure ${p.procedure}, owner ${p.owner}`);
  }
  out(`  A complaint to plain klachten@${DEMO_DOMAIN} names no practice: it is held (KL-…) and the commissioner is asked`);
  out('  "Voor welke praktijk?"; she answers with #praktijk lux or #praktijk zorg, and only then does the klager hear from it.');
  out('Ctrl-C stops everything.');
}
