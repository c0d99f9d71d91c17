/**
 * The honest ceiling as its own process, as the service runs: the SMTP sink lives in the bench
 * process, so the ceiling's event loop and core are its own, as the service's are. Options come
 * as JSON in HONEST_OPTIONS (without the IMAP client: it logs in itself with HONEST_IMAP); the
 * result goes to stdout as one JSON line.
 */
import { ImapFlow } from 'imapflow';
import { honestCeiling, type HonestOptions } from './honest-ceiling.js';

const opts = JSON.parse(process.env.HONEST_OPTIONS ?? '{}') as Omit<HonestOptions, 'imap'>;
const login = JSON.parse(process.env.HONEST_IMAP ?? '{}') as { host: string; port: number; user: string; pass: string };
const imap = new ImapFlow({ host: login.host, port: login.port, secure: false, doSTARTTLS: false, auth: { user: login.user, pass: login.pass }, logger: false, disableAutoIdle: true });
await imap.connect();
try {
  const r = await honestCeiling({ ...opts, imap });
  const cpu = process.cpuUsage(); // the whole process, start-up included, as the service's from /proc
  process.stdout.write(`${JSON.stringify({ ...r, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
} finally {
  await imap.logout().catch(() => undefined);
}
