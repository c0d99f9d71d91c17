/**
 * `complaint-desk check-config [--connect] [--json]`: every problem with the configuration, one
 * line each, and exit 1 when there is any. Without --connect it looks only at this machine: the
 * keys, the addresses, DATA_DIR and its store, the letter templates. With --connect it also logs
 * in to IMAP and SMTP and pings Redis, as the service would, and says which failed and why.
 */
import { ConfigError } from '../errors/index.js';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ImapFlow } from 'imapflow';
import { Redis } from 'ioredis';
import { CONFIG_KEYS, commandAuthProblemsOf, loadConfig, type Config } from '../config.js';
import { termText } from '../config-procedure.js';
import type { Practice } from '../domain/practice.js';
import { unknownKeys } from './config-keys.js';
import { readEnv } from '../env.js';
import { imapAuth, makeMailTokens, type MailTokens } from '../mail-auth/mail-tokens.js';
import { LETTERS } from '../mail-out/letters.js';
import { LANGS, LetterRenderer } from '../mail-out/render.js';
import { createTransport } from '../mail-out/transport.js';
import { MIGRATIONS_DIR, TEMPLATES_DIR } from '../paths.js';
import { Store } from '../store/store.js';
import { painter, safeJson, type Output } from './common.js';

export type CheckStatus = 'ok' | 'warning' | 'failed' | 'skipped';

export interface CheckResult {
  /** config, practices, addresses, command-auth, data, templates, imap, smtp, redis */
  check: string;
  status: CheckStatus;
  message: string;
}

export interface CheckReport {
  ok: boolean;
  results: CheckResult[];
}

const CONNECT_TIMEOUT_MS = 15_000;

/** Rejects after `ms` with "timed out after …", so one dead server does not hang the check. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms))),
  ]);
}

/** A server error in one line, with the details that tell what to fix (never a password or token). */
function why(err: unknown): string {
  const e = err as Error & { code?: string; responseText?: string; serverResponseCode?: string; authenticationFailed?: boolean; response?: string; responseCode?: number };
  const parts: string[] = [];
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED' || e.code === 'EAUTH') parts.push('login refused (wrong user or password/token)');
  if (e.code && e.code !== 'EAUTH') parts.push(e.code);
  if (e.serverResponseCode && e.serverResponseCode !== 'AUTHENTICATIONFAILED') parts.push(e.serverResponseCode);
  const detail = (e.responseText ?? e.response ?? e.message ?? String(err)).replace(/[\r\n]+/g, ' ').trim();
  if (detail) parts.push(detail);
  return [...new Set(parts)].join(': ');
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

function latestMigration(): number {
  return Math.max(0, ...readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}-/.test(f)).map((f) => Number(f.slice(0, 3))));
}

/** Addresses that would make the service talk to itself. */
function checkAddresses(c: Config): CheckResult[] {
  const own = new Set([c.mailboxAddress, c.mailFrom]);
  const out: CheckResult[] = [];
  // The same checks stop `start` (cli.ts): a configuration in which her commands can never be obeyed.
  for (const message of commandAuthProblemsOf(c)) out.push({ check: 'addresses', status: 'failed', message });
  if (c.practiceOwnerEmail && own.has(c.practiceOwnerEmail)) {
    out.push({ check: 'addresses', status: 'failed', message: `PRACTICE_OWNER_EMAIL is ${c.practiceOwnerEmail}, the service's own address` });
  }
  if (out.length === 0) out.push({ check: 'addresses', status: 'ok', message: `commissioner ${c.commissionerEmails.join(', ')}; letters from ${c.mailFrom}, replies to ${c.mailboxAddress}; ${c.mailboxMode === 'own' ? `her own mailbox, complaints from ${c.imap.intakeMailbox}` : 'a dedicated mailbox'}; commands authenticated by ${c.commandAuth.join(', ')}` });
  if (c.commandAuth.includes('none')) {
    out.push({ check: 'command-auth', status: 'warning', message: 'COMMAND_AUTH=none: commands are obeyed without checking DKIM; for demos and tests only' });
  }
  return out;
}

/**
 * DATA_DIR writable (or creatable), and the store in it readable and not newer than this build.
 * Creatable is tried, not guessed from permission bits (root passes every access() check, and a
 * read-only file system or a path through a file fails only when tried): the missing folders are
 * made and removed again.
 */
/** How a complaint is told to be this practice's, in words. */
function recognisedBy(p: Practice): string {
  const r = p.recognise;
  const ways = [...r.addresses, ...r.plusTags.map((t) => `+${t}`), ...r.folders.map((f) => `folder ${f}`)];
  return ways.join(', ');
}

/**
 * The practices the desk serves (issue 16), one line each: id, name, case numbers, procedure and
 * how its complaints are recognised. A practice recognised by nothing is a warning: its
 * complaints are held until she assigns them with #praktijk.
 */
function checkPractices(c: Config): CheckResult[] {
  const set = c.practices;
  const line = (p: Practice) => {
    const pr = p.procedure;
    const handle = `handling ${termText(pr.terms.handle)} from the ${pr.handleFrom}`;
    return `${p.id}: ${p.name}, cases ${p.casePrefix}-YYYY-NNNN, ${p.language}, procedure ${pr.preset} (${handle}), owner ${p.ownerEmails.join(', ') || 'none'}`;
  };
  if (set.single) {
    const p = set.practices[0]!;
    return [{ check: 'practices', status: 'ok', message: `${line(p)}; the only practice (no PRACTICES_FILE), so every complaint is its` }];
  }
  const out: CheckResult[] = set.practices.map((p) => {
    const by = recognisedBy(p);
    return by
      ? { check: 'practices', status: 'ok' as const, message: `${line(p)}; recognised by ${by}` }
      : { check: 'practices', status: 'warning' as const, message: `${line(p)}; recognised by nothing: each of its complaints is held until #praktijk ${p.id}` };
  });
  out.push({ check: 'practices', status: 'ok', message: `a complaint whose practice cannot be told is held as ${set.holdPrefix}-YYYY-NNNN until #praktijk ID assigns it` });
  return out;
}

function checkData(dataDir: string): CheckResult {
  const dir = resolve(dataDir);
  let probe = dir;
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  if (existsSync(probe) && !statSync(probe).isDirectory()) return { check: 'data', status: 'failed', message: `DATA_DIR ${dir}: ${probe} is not a folder` };
  const trial = join(dir, `.check-config-${process.pid}`);
  try {
    mkdirSync(trial, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { check: 'data', status: 'failed', message: `DATA_DIR ${dir}: ${probe === dir ? 'not writable' : 'cannot be created'} (${code})` };
  } finally {
    // Remove what the trial made: the trial folder, and DATA_DIR and its parents if they were new.
    const made = probe === dir ? trial : join(probe, dir.slice(probe.length).split(/[\\/]/).filter(Boolean)[0] ?? '');
    try {
      rmSync(made, { recursive: true, force: true });
    } catch {
      // Nothing was made (the name itself is what failed).
    }
  }
  const file = join(dir, 'complaint-desk.sqlite');
  if (!existsSync(file)) {
    return { check: 'data', status: 'ok', message: `DATA_DIR ${dir} ${probe === dir ? 'is writable' : 'can be created'}; the store will be made at the first start` };
  }
  try {
    const store = Store.open(dir, { readonly: true });
    const version = store.schemaVersion();
    const cases = store.cases.count();
    store.close();
    const latest = latestMigration();
    if (version > latest) return { check: 'data', status: 'failed', message: `the store in ${dir} has schema ${version}, newer than this version of complaint-desk knows (${latest})` };
    const migrate = version < latest ? `; schema ${version} will be brought to ${latest} at the next start` : '';
    return { check: 'data', status: 'ok', message: `DATA_DIR ${dir}: store with ${cases} case${cases === 1 ? '' : 's'}${migrate}` };
  } catch (err) {
    return { check: 'data', status: 'failed', message: `the store ${file} cannot be read: ${(err as Error).message}` };
  }
}

/** The defaults, and (issue 16) every practice's overlays: a broken one is named here, before a start. */
function checkTemplates(config: Config | null): CheckResult {
  try {
    const names = new Set(new LetterRenderer(TEMPLATES_DIR, config?.practices).names());
    const missing = Object.keys(LETTERS).filter((n) => !names.has(n));
    if (missing.length > 0) return { check: 'templates', status: 'failed', message: `no template in ${LANGS.join(' and ')} for: ${missing.join(', ')}` };
    return { check: 'templates', status: 'ok', message: `${Object.keys(LETTERS).length} letters, each in ${LANGS.join(' and ')}, text and HTML` };
  } catch (err) {
    return { check: 'templates', status: 'failed', message: `templates in ${TEMPLATES_DIR}: ${(err as Error).message}` };
  }
}

async function checkImap(c: Config, tokens: MailTokens): Promise<CheckResult> {
  const where = `${c.imap.user} at ${c.imap.host}:${c.imap.port}${c.imap.secure ? ' (TLS)' : ''}`;
  let client: ImapFlow | null = null;
  try {
    client = new ImapFlow({
      host: c.imap.host, port: c.imap.port, secure: c.imap.secure, auth: await imapAuth(c, tokens.imap), logger: false,
      tls: { rejectUnauthorized: true }, connectionTimeout: CONNECT_TIMEOUT_MS, greetingTimeout: CONNECT_TIMEOUT_MS,
    });
    client.on('error', () => undefined); // reported through connect()'s rejection
    const conn = client;
    await within(CONNECT_TIMEOUT_MS, conn.connect());
    const status = await within(CONNECT_TIMEOUT_MS, conn.status(c.imap.mailbox, { messages: true })).catch((err: unknown) => {
      throw new Error(`logged in, but the mailbox '${c.imap.mailbox}' (IMAP_MAILBOX) cannot be opened: ${why(err)}`);
    });
    await conn.logout().catch(() => undefined);
    const count = status ? status.messages ?? 0 : 0;
    return { check: 'imap', status: 'ok', message: `IMAP: logged in as ${where}; ${c.imap.mailbox} holds ${count} message(s)` };
  } catch (err) {
    client?.close();
    return { check: 'imap', status: 'failed', message: `IMAP: ${where}: ${why(err)}` };
  }
}

async function checkSmtp(c: Config, tokens: MailTokens): Promise<CheckResult> {
  const where = `${c.smtp.host}:${c.smtp.port}${c.smtp.secure ? ' (TLS)' : ''}${c.smtp.user ? ` as ${c.smtp.user}` : ' without login'}`;
  const transport = createTransport(c, { tokens: tokens.smtp });
  try {
    await within(CONNECT_TIMEOUT_MS, transport.verify());
    return { check: 'smtp', status: 'ok', message: `SMTP: ${where} accepts us` };
  } catch (err) {
    return { check: 'smtp', status: 'failed', message: `SMTP: ${where}: ${why(err)}` };
  } finally {
    transport.close();
  }
}

async function checkRedis(c: Config): Promise<CheckResult[]> {
  const where = redactUrl(c.redisUrl);
  const redis = new Redis(c.redisUrl, {
    lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: CONNECT_TIMEOUT_MS, retryStrategy: () => null,
  });
  // The socket's own error (ECONNREFUSED, ENOTFOUND, WRONGPASS) says more than the rejected command.
  let socketError: Error | undefined;
  redis.on('error', (err: Error) => (socketError ??= err));
  try {
    await within(CONNECT_TIMEOUT_MS, redis.connect());
    const pong = await within(CONNECT_TIMEOUT_MS, redis.ping());
    if (pong !== 'PONG') return [{ check: 'redis', status: 'failed', message: `Redis: ${where} answered '${pong}' to PING` }];
    const out: CheckResult[] = [{ check: 'redis', status: 'ok', message: `Redis: ${where} answers` }];
    // BullMQ loses jobs when Redis may evict keys. Managed Redis may refuse CONFIG: then say nothing.
    const policy = await redis.config('GET', 'maxmemory-policy').then((r) => (r as string[])[1], () => undefined);
    if (policy && policy !== 'noeviction') {
      out.push({ check: 'redis', status: 'warning', message: `Redis: maxmemory-policy is '${policy}'; the letter queue needs 'noeviction'` });
    }
    return out;
  } catch (err) {
    return [{ check: 'redis', status: 'failed', message: `Redis: ${where}: ${why(socketError ?? err)}` }];
  } finally {
    redis.disconnect();
  }
}

/** Run every check; `env` is what the service would read (process.env over .env). */
export async function checkConfig(env: Record<string, string | undefined>, opts: { connect?: boolean } = {}): Promise<CheckReport> {
  const results: CheckResult[] = [];
  let config: Config | null = null;
  try {
    config = loadConfig(env);
    results.push({ check: 'config', status: 'ok', message: `configuration is valid (mailbox ${config.imap.user}@${config.imap.host}, ${config.commissionerEmails.length} commissioner address(es))` });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) results.push({ check: 'config', status: 'failed', message: p });
  }
  for (const u of unknownKeys(Object.keys(env), CONFIG_KEYS)) {
    results.push({ check: 'config', status: 'failed', message: `${u.key}: not a key of complaint-desk${u.suggestion ? `; did you mean ${u.suggestion}?` : ''}` });
  }
  results.push(checkTemplates(config));
  // The folder is checked even when other keys are wrong: every problem at once, not the first.
  results.push(checkData(config?.dataDir ?? (env.DATA_DIR || './data')));
  if (config) {
    results.push(...checkPractices(config));
    results.push(...checkAddresses(config));
    if (opts.connect) {
      // One token set for both logins, as in the service (a renewal for one serves the other).
      const tokens = makeMailTokens(config);
      const [imap, smtp, redis] = await Promise.all([checkImap(config, tokens), checkSmtp(config, tokens), checkRedis(config)]);
      results.push(imap, smtp, ...redis);
    }
  } else if (opts.connect) {
    results.push({ check: 'connect', status: 'skipped', message: 'IMAP, SMTP and Redis not tried: fix the configuration first' });
  }
  return { ok: results.every((r) => r.status !== 'failed'), results };
}

export function formatCheckReport(r: CheckReport, out: Output): string {
  const paint = painter(out);
  const tag: Record<CheckStatus, string> = {
    ok: paint('green', 'ok      '), warning: paint('yellow', 'WARNING '), failed: paint('red', 'FAILED  '), skipped: paint('dim', 'skipped '),
  };
  const problems = r.results.filter((x) => x.status === 'failed').length;
  const lines = r.results.map((x) => `${tag[x.status]}${x.message}`);
  lines.push(problems === 0 ? 'no problems found' : `${problems} problem${problems === 1 ? '' : 's'} found`);
  return `${lines.join('\n')}\n`;
}

/** The command: prints the report; exit code 1 when anything failed. */
export async function runCheckConfig(opts: { connect?: boolean; json?: boolean }, out: Output): Promise<number> {
  const report = await checkConfig(readEnv(), opts);
  out.write(opts.json ? safeJson(report) : formatCheckReport(report, out));
  return report.ok ? 0 : 1;
}
