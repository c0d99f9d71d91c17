/**
 * Ingestion without IMAP: an AppContext on a real SQLite store in a temp folder, built by
 * buildAppContext (src/app-context.ts) as the service's is, so a raw message can go through
 * `receiveMessage` exactly as the inbox watcher hands it over. And the other end: every outbox row rendered and composed into
 * the bytes nodemailer would put on the wire, so tests can look for header injection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { buildAppContext } from '../../src/app-context.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/store.js';
import { fixedClock, systemClock, type Clock } from '../../src/domain/clock.js';
import { receiveMessage, type RawMessage } from '../../src/mail-in/receive-message.js';
import type { IngestResult } from '../../src/use-cases/ingest-mail.js';
import type { AppContext } from '../../src/use-cases/context.js';
import { composeMail } from '../../src/mail-out/compose.js';
import { letterSpec } from '../../src/mail-out/letters.js';
import type { OutboxRow } from '../../src/store/outbox-repo.js';
import type { PracticeSet } from '../../src/domain/practice.js';
import { practiceOfCase } from '../../src/use-cases/practice-of.js';
import { stackEnv } from '../../tools/devstack/stack-config.js';

export interface IngestBench {
  ctx: AppContext;
  config: Config;
  dataDir: string;
  clock: Clock & { set?(at: Date | string): void };
  /** Feed one raw message as the watcher would (source: INBOX, next UID). */
  receive(raw: Buffer | string, opts?: Partial<RawMessage>): Promise<IngestResult>;
  /** Every outbox row, rendered and composed into the raw bytes that would be sent. */
  outgoing(): Promise<OutgoingLetter[]>;
  db(): Store['db'];
  close(): void;
}

export interface OutgoingLetter {
  row: OutboxRow;
  raw: string;
  /** Header block of `raw`, unfolded, as [name, value] in order. */
  headers: [string, string][];
  text: string;
  html: string;
}

/** A config for a store-only run: endpoints are never contacted. */
export function benchConfig(dataDir: string, overrides: Record<string, string> = {}): Config {
  return loadConfig(stackEnv({ redisUrl: 'redis://127.0.0.1:1', imap: { host: '127.0.0.1', port: 1 }, smtp: { host: '127.0.0.1', port: 1 } }, dataDir, {
    LOG_LEVEL: 'silent', ...overrides,
  }));
}

/** `practices`: the desk's practices (issue 16), set before the context is built, as PRACTICES_FILE would. */
export function ingestBench(opts: { overrides?: Record<string, string>; now?: Date | string; practices?: PracticeSet } = {}): IngestBench {
  const dataDir = mkdtempSync(join(tmpdir(), 'cd-ingest-'));
  const config = benchConfig(dataDir, opts.overrides);
  if (opts.practices) config.practices = opts.practices;
  const clock = opts.now ? fixedClock(opts.now) : systemClock;
  const { ctx } = buildAppContext(config, { clock, log: createLogger('silent') });
  const { store, renderer } = ctx;
  const wire = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let uid = 0;
  return {
    ctx, config, dataDir, clock,
    receive: (raw, o = {}) => {
      const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
      uid++;
      return receiveMessage(ctx, {
        raw: buf, size: buf.length, truncated: false, receivedAt: clock.now(),
        source: { mailbox: 'INBOX', uidvalidity: 1, uid }, ...o,
      });
    },
    outgoing: async () => {
      const rows = store.db.prepare('SELECT * FROM outbox ORDER BY id').all() as OutboxRow[];
      const out: OutgoingLetter[] = [];
      for (const row of rows) {
        const c = row.case_id ? store.cases.get(row.case_id) : undefined;
        const caseNumber = c?.number ?? null;
        // As send-letter renders it: in the layers of the case's practice (issue 16).
        const letter = renderer.render(row.template, row.language, JSON.parse(row.facts) as Record<string, unknown>, { practiceId: c ? practiceOfCase(ctx, c)?.id : undefined });
        const mail = composeMail(row, letter, letterSpec(row.template), {
          mailFrom: config.mailFrom, mailboxAddress: config.mailboxAddress,
          fromName: `${config.commissionerName}, klachtencommissaris ${config.practiceName}`, caseNumber,
        });
        const info = await wire.sendMail(mail);
        const raw = (info.message as Buffer).toString('utf8');
        out.push({ row, raw, headers: headerList(raw), text: letter.text, html: letter.html });
      }
      return out;
    },
    db: () => store.db,
    close: () => {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The top-level header block of a raw message, unfolded, as [lower-cased name, value]. */
export function headerList(raw: string): [string, string][] {
  const end = raw.indexOf('\r\n\r\n');
  const block = (end >= 0 ? raw.slice(0, end) : raw).replace(/\r\n[ \t]+/g, ' ');
  return block.split('\r\n').map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as [string, string];
  });
}

/** The headers an outgoing letter may carry, and nothing else. */
export const ALLOWED_LETTER_HEADERS = new Set([
  'content-type', 'from', 'to', 'reply-to', 'subject', 'message-id', 'in-reply-to', 'references', 'date',
  'mime-version', 'auto-submitted', 'x-auto-response-suppress', 'x-loop', 'content-transfer-encoding',
]);

/**
 * Throws unless `letter` carries only the headers we set, each once, with From/To/Reply-To being
 * exactly our addresses and the row's recipient: nothing a message could have smuggled in.
 */
export function assertNoInjection(letter: OutgoingLetter, config: Config): void {
  const names = letter.headers.map(([n]) => n);
  for (const n of names) {
    if (!ALLOWED_LETTER_HEADERS.has(n)) throw new Error(`letter ${letter.row.id} (${letter.row.template}) carries an unexpected header '${n}'`);
  }
  for (const once of ['from', 'to', 'subject', 'reply-to', 'message-id']) {
    const n = names.filter((x) => x === once).length;
    if (n !== 1) throw new Error(`letter ${letter.row.id} has ${n} '${once}' headers`);
  }
  const value = (n: string) => letter.headers.find(([x]) => x === n)?.[1] ?? '';
  if (value('to') !== letter.row.to_addr) throw new Error(`letter ${letter.row.id} To is '${value('to')}', not '${letter.row.to_addr}'`);
  if (!value('from').endsWith(`<${config.mailFrom}>`)) throw new Error(`letter ${letter.row.id} From is '${value('from')}'`);
  if (value('reply-to') !== config.mailboxAddress) throw new Error(`letter ${letter.row.id} Reply-To is '${value('reply-to')}'`);
  if (/[\r\n]/.test(letter.row.to_addr)) throw new Error('recipient with a line break');
}
