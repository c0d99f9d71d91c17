/**
 * The honest ceiling of bench:ingest (issue 18, item 1): the necessary work of a backlog, done
 * with the raw libraries in one process, no BullMQ, nothing of the service's design:
 *
 *   per batch of `batchSize` (the service's 50): UID FETCH with source (imapflow) → simpleParser
 *   (mailparser, the service's options) → every raw message and attachment written
 *   content-addressed and fsynced (temp name, write, fsync, close, rename, as BlobStore.putAsync,
 *   concurrently on libuv's threads) → one fsynced SQLite transaction (better-sqlite3, WAL,
 *   synchronous=FULL, a scratch database made by the service's migrations) with the rows the
 *   service writes per complaint → a UID MOVE of the batch to the processed folder → the two
 *   letters of each complaint (acknowledgement + new-complaint notice, the notice with the
 *   attachments, read from their blobs) rendered with handlebars (text + HTML in the layout) from
 *   the service's templates and sent over ONE pooled nodemailer transport, waited for.
 *
 * Each step is its own function, so a CPU profile shows its share, and its wall time is summed
 * into `steps`. The steps run one after another (no overlap between batches): this is a
 * conservative ceiling; overlapping the sends of one batch with the next fetch would raise it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { close, existsSync, fsync, mkdirSync, open, readdirSync, readFileSync, rename, write } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type Database from 'better-sqlite3';
import Handlebars from 'handlebars';
import { termLength } from '../../src/domain/text-format.js';
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail, type SimpleParserOptions } from 'mailparser';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { openDb } from '../../src/store/db.js';

/** mailparser as the service calls it (src/mail-in/parse-mail.ts): the same work per message. */
export const PARSER_OPTIONS: SimpleParserOptions = {
  keepDeliveryStatus: true, ignoreEmbedded: true, keepCidLinks: true, skipTextToHtml: true, checksumAlgo: false,
  maxHtmlLengthToParse: 2_000_000,
};

export interface HonestOptions {
  /** A logged-in imapflow client on the complaints mailbox; the ceiling SELECTs INBOX and logs out. */
  imap: ImapFlow;
  smtp: { host: string; port: number };
  mailFrom: string;
  mailboxAddress: string;
  commissionerEmail: string;
  practiceName: string;
  processedFolder: string;
  /** Scratch folder: blobs/ and the SQLite file go here. */
  scratchDir: string;
  templatesDir: string;
  n: number;
  batchSize: number;
}

/** Wall milliseconds spent in each step, summed over the batches. */
export interface HonestSteps {
  setup: number;
  fetch: number;
  parse: number;
  blobs: number;
  commit: number;
  move: number;
  render: number;
  send: number;
}

export interface HonestResult {
  seconds: number;
  messages: number;
  letters: number;
  blobs: number;
  batches: number;
  steps: HonestSteps;
}

const now = () => performance.now();

// ---------------------------------------------------------------- blobs (as src/store/blobs.ts)

const openAsync = promisify(open);
const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);
const renameAsync = promisify(rename);
const writeAsync = (fd: number, data: Buffer, off: number, len: number) =>
  new Promise<number>((resolve, reject) => write(fd, data, off, len, null, (err, n) => (err ? reject(err) : resolve(n))));

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

class Blobs {
  private readonly dirs = new Set<string>();
  written = 0;
  constructor(readonly root: string) {}
  pathOf(hash: string) {
    return path.join(this.root, hash.slice(0, 2), hash.slice(2));
  }
  /** Content-addressed, temp name → write → fsync → close → rename; a no-op when present. */
  async put(data: Buffer): Promise<string> {
    const hash = sha256(data);
    const target = this.pathOf(hash);
    if (existsSync(target)) return hash;
    const dir = path.dirname(target);
    if (!this.dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.dirs.add(dir);
    }
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = await openAsync(tmp, 'w');
    try {
      for (let off = 0; off < data.length; ) off += await writeAsync(fd, data, off, data.length - off);
      await fsyncAsync(fd);
    } finally {
      await closeAsync(fd);
    }
    await renameAsync(tmp, target);
    this.written++;
    return hash;
  }
}

// ---------------------------------------------------------------- letters (handlebars)

type Tpl = HandlebarsTemplateDelegate;
interface Letter { subject: Tpl; text: Tpl; html: Tpl }

const dateFormat = new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The service's Dutch templates, compiled once (two handlebars environments: text and HTML). */
function compileTemplates(dir: string): { letters: Record<string, Letter>; layout: Tpl; labels: unknown } {
  const langDir = path.join(dir, 'nl');
  const textEnv = Handlebars.create();
  const htmlEnv = Handlebars.create();
  for (const env of [textEnv, htmlEnv]) {
    env.registerHelper('date', (d: unknown) => {
      if (typeof d !== 'string' || !d) return '';
      return /^\d{4}-\d{2}-\d{2}$/.test(d) ? dateFormat.format(new Date(`${d}T00:00:00Z`)) : d;
    });
    env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    env.registerHelper('plural', (n: unknown, one: string, many: string) => (n === 1 ? one : many));
    // The facts partial states a term in its unit (issue 16); the service's renderer has the same helper.
    env.registerHelper('term', (n: unknown, unit: unknown) => (typeof n === 'number' ? termLength(n, unit === 'weeks' ? 'weeks' : 'wd', 'nl') : ''));
  }
  for (const f of readdirSync(path.join(langDir, 'partials'))) {
    const m = /^(.+)\.(txt|html)\.hbs$/.exec(f);
    if (m) (m[2] === 'txt' ? textEnv : htmlEnv).registerPartial(m[1]!, readFileSync(path.join(langDir, 'partials', f), 'utf8'));
  }
  const letters: Record<string, Letter> = {};
  for (const name of ['acknowledgement', 'new-complaint-notice']) {
    const sm = /^Subject:[ \t]*(.*)\r?\n\r?\n([\s\S]*)$/.exec(readFileSync(path.join(langDir, `${name}.txt.hbs`), 'utf8'))!;
    letters[name] = {
      subject: textEnv.compile(sm[1]!, { noEscape: true }),
      text: textEnv.compile(sm[2]!, { noEscape: true }),
      html: htmlEnv.compile(readFileSync(path.join(langDir, `${name}.html.hbs`), 'utf8')),
    };
  }
  return {
    letters,
    layout: htmlEnv.compile(readFileSync(path.join(dir, 'layout.html.hbs'), 'utf8'), { strict: false }),
    labels: JSON.parse(readFileSync(path.join(langDir, 'labels.json'), 'utf8')),
  };
}

// ---------------------------------------------------------------- per-complaint work items

interface Item {
  uid: number;
  internalDate: Date;
  raw: Buffer;
  mail?: ParsedMail;
  rawSha?: string;
  attachments?: { filename: string; contentType: string; size: number; sha256: string }[];
  caseNumber?: string;
  /** The two letters' models (the facts), as stored in the outbox rows. */
  ack?: { messageId: string; to: string; model: Record<string, unknown> };
  notice?: { messageId: string; to: string; model: Record<string, unknown> };
}

const iso = (d: Date) => d.toISOString();
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
/** A due date `wd` working days on (Mon–Fri; the ceiling needs a date of the same shape, not the holidays). */
function addWorkingDays(from: string, wd: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  for (let left = wd; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return dayOf(d);
}

// ---------------------------------------------------------------- the steps

async function fetchHeads(c: ImapFlow): Promise<FetchMessageObject[]> {
  return (await c.fetchAll('1:*', { uid: true, size: true, internalDate: true }, { uid: true })).sort((a, b) => a.uid - b.uid);
}

async function fetchBatch(c: ImapFlow, heads: FetchMessageObject[]): Promise<Item[]> {
  const got = await c.fetchAll(heads.map((h) => h.uid).join(','), { uid: true, source: true }, { uid: true });
  const byUid = new Map(got.map((m) => [m.uid, m.source!]));
  return heads.map((h) => ({ uid: h.uid, internalDate: h.internalDate ? new Date(h.internalDate) : new Date(), raw: byUid.get(h.uid)! }));
}

async function parseBatch(items: Item[]): Promise<void> {
  for (const it of items) it.mail = await simpleParser(it.raw, PARSER_OPTIONS);
}

async function storeBlobs(blobs: Blobs, items: Item[]): Promise<void> {
  await Promise.all(items.map(async (it) => {
    const [rawSha, ...attSha] = await Promise.all([blobs.put(it.raw), ...it.mail!.attachments.map((a) => blobs.put(a.content))]);
    it.rawSha = rawSha;
    it.attachments = it.mail!.attachments.map((a, i) => ({
      filename: a.filename ?? 'bijlage', contentType: a.contentType, size: a.size ?? a.content.length, sha256: attSha[i]!,
    }));
  }));
}

interface Statements {
  counter: Database.Statement;
  kase: Database.Statement;
  party: Database.Statement;
  message: Database.Statement;
  attachment: Database.Statement;
  event: Database.Statement;
  deadline: Database.Statement;
  outbox: Database.Statement;
  inboxItem: Database.Statement;
  checkpoint: Database.Statement;
}

function prepareStatements(db: Database.Database): Statements {
  return {
    counter: db.prepare(`INSERT INTO case_counters (prefix, year, last) VALUES ('KL', ?, 1)
      ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1 RETURNING last`),
    kase: db.prepare(`INSERT INTO cases (number, year, state, language, subject, received_at, received_date, created_at, updated_at)
      VALUES (?, ?, 'acknowledged', 'nl', ?, ?, ?, ?, ?)`),
    party: db.prepare(`INSERT INTO parties (case_id, role, name, email, added_at) VALUES (?, 'klager', ?, ?, ?)`),
    message: db.prepare(`INSERT INTO messages (case_id, direction, message_id, kind, from_addr, to_addrs, subject, blob_sha256, size, at, status, text)
      VALUES (?, 'in', ?, 'complaint', ?, ?, ?, ?, ?, ?, 'filed', ?)`),
    attachment: db.prepare(`INSERT INTO attachments (message_id, filename, content_type, size, sha256) VALUES (?, ?, ?, ?, ?)`),
    event: db.prepare(`INSERT INTO events (case_id, at, actor, type, from_state, to_state, message_ref, data, prev_hash, hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    deadline: db.prepare(`INSERT INTO deadlines (case_id, kind, start_date, term_wd, due_date, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    outbox: db.prepare(`INSERT INTO outbox (case_id, template, language, recipient_role, to_addr, message_id, in_reply_to, refs, facts, status, created_at)
      VALUES (?, ?, 'nl', ?, ?, ?, ?, ?, ?, 'pending', ?)`),
    inboxItem: db.prepare(`INSERT INTO inbox_items (mailbox, uidvalidity, uid, message_ref, disposition, target, at) VALUES ('INBOX', ?, ?, ?, 'case', 'processed', ?)`),
    checkpoint: db.prepare(`INSERT INTO mailbox_checkpoint (mailbox, uidvalidity, last_uid, updated_at) VALUES ('INBOX', ?, ?, ?)
      ON CONFLICT (mailbox) DO UPDATE SET last_uid = excluded.last_uid, updated_at = excluded.updated_at`),
  };
}

/**
 * One transaction (synchronous=FULL: fsynced) for the batch: per complaint the case (and its
 * counter), the klager, the message, its attachments, two events (received, acknowledged; hash
 * chained), three deadlines, the two outbox rows with their facts as JSON, the inbox item; the
 * cursor once.
 */
function commitBatch(db: Database.Database, q: Statements, items: Item[], o: HonestOptions, uidvalidity: number, chain: { prev: string | null }): void {
  db.transaction(() => {
    const at = iso(new Date());
    for (const it of items) {
      const m = it.mail!;
      const from = m.from?.value[0] ?? { address: 'onbekend@example.invalid', name: '' };
      const receivedAt = iso(it.internalDate);
      const receivedDate = dayOf(it.internalDate);
      const year = Number(receivedDate.slice(0, 4));
      const seq = (q.counter.get(year) as { last: number }).last;
      const caseNumber = `KL-${year}-${String(seq).padStart(4, '0')}`;
      it.caseNumber = caseNumber;
      const subject = (m.subject ?? '').replace(/[\r\n]+/g, ' ').slice(0, 300);
      const caseId = Number(q.kase.run(caseNumber, year, subject, receivedAt, receivedDate, at, at).lastInsertRowid);
      q.party.run(caseId, from.name ?? '', from.address ?? '', receivedAt);
      const messageId = m.messageId?.replace(/^<|>$/g, '') ?? null;
      const text = m.text ?? '';
      const messageRef = Number(q.message.run(caseId, messageId, from.address ?? '', JSON.stringify([o.mailboxAddress]), subject, it.rawSha, it.raw.length, receivedAt, text).lastInsertRowid);
      for (const a of it.attachments!) q.attachment.run(messageRef, a.filename, a.contentType, a.size, a.sha256);
      for (const [type, fromState, toState] of [['received', null, 'received'], ['acknowledged', 'received', 'acknowledged']] as const) {
        const data = '{}';
        const hash = sha256(`${chain.prev ?? ''}|${caseId}|${receivedAt}|${type}|${toState}|${messageRef}|${data}`);
        q.event.run(caseId, receivedAt, from.address ?? '', type, fromState, toState, messageRef, data, chain.prev, hash);
        chain.prev = hash;
      }
      const deadlines = {
        ack: { kind: 'ack', date: addWorkingDays(receivedDate, 5), wd: 5, status: 'met' },
        present: { kind: 'present', date: addWorkingDays(receivedDate, 10), wd: 10, status: 'open' },
        handle: { kind: 'handle', date: addWorkingDays(receivedDate, 30), wd: 30, status: 'open' },
      };
      for (const d of Object.values(deadlines)) q.deadline.run(caseId, d.kind, receivedDate, d.wd, d.date, d.status, at);
      const attachments = it.attachments!.map((a) => ({ filename: a.filename, sizeKb: Math.max(1, Math.round(a.size / 1024)) }));
      const facts = {
        caseNumber, practiceName: o.practiceName, klagerName: from.name ?? '', klagerEmail: from.address ?? '',
        complaintSubject: subject, receivedDate, letterDate: dayOf(new Date()), deadlines, attachments,
      };
      const refs = JSON.stringify(messageId ? [messageId] : []);
      const ack = { messageId: `${randomBytes(12).toString('hex')}@honest.bench`, to: from.address ?? '', model: { ...facts, deadline: deadlines.handle } };
      const notice = {
        messageId: `${randomBytes(12).toString('hex')}@honest.bench`, to: o.commissionerEmail,
        model: { ...facts, held: false, deadline: deadlines.present, complaintText: text.slice(0, 100_000), lateIntake: null },
      };
      q.outbox.run(caseId, 'acknowledgement', 'klager', ack.to, ack.messageId, messageId, refs, JSON.stringify(ack.model), at);
      q.outbox.run(caseId, 'new-complaint-notice', 'commissioner', notice.to, notice.messageId, messageId, refs, JSON.stringify(notice.model), at);
      it.ack = ack;
      it.notice = notice;
      q.inboxItem.run(uidvalidity, it.uid, messageRef, at);
    }
    q.checkpoint.run(uidvalidity, items[items.length - 1]!.uid, at);
  })();
}

async function moveBatch(c: ImapFlow, items: Item[], folder: string): Promise<void> {
  await c.messageMove(items.map((it) => it.uid).join(','), folder.split('/'), { uid: true });
}

function renderLetters(t: ReturnType<typeof compileTemplates>, items: Item[], o: HonestOptions): SendMailOptions[] {
  const out: SendMailOptions[] = [];
  for (const it of items) {
    for (const [name, l] of [['acknowledgement', it.ack!], ['new-complaint-notice', it.notice!]] as const) {
      const tpl = t.letters[name]!;
      const data = { ...l.model, lang: 'nl', t: t.labels };
      const subject = tpl.subject(data).replace(/[\r\n\t]+/g, ' ').trim();
      const text = tpl.text(data).replace(/\n{3,}/g, '\n\n').trim() + '\n';
      const html = t.layout({ ...data, subject, body: tpl.html(data) });
      const inReplyTo = it.mail!.messageId;
      out.push({
        from: { name: o.practiceName, address: o.mailFrom }, to: l.to, replyTo: o.mailboxAddress,
        subject: `[${it.caseNumber}] ${subject}`, messageId: `<${l.messageId}>`, inReplyTo, references: inReplyTo ? [inReplyTo] : undefined,
        date: new Date(), text, html, envelope: { from: o.mailFrom, to: [l.to] },
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', 'X-Loop': o.mailboxAddress },
        attachments: name === 'new-complaint-notice'
          ? it.attachments!.map((a) => ({ filename: a.filename, contentType: a.contentType, path: blobsPathOf(o, a.sha256) }))
          : undefined,
      });
    }
  }
  return out;
}

const blobsPathOf = (o: HonestOptions, hash: string) => path.join(o.scratchDir, 'blobs', hash.slice(0, 2), hash.slice(2));

async function sendLetters(transport: Transporter, mails: SendMailOptions[]): Promise<void> {
  await Promise.all(mails.map((m) => transport.sendMail(m)));
}

// ---------------------------------------------------------------- the run

/** Runs the honest ceiling on every message in INBOX (expects `o.n`); consumes them (MOVE). */
export async function honestCeiling(o: HonestOptions): Promise<HonestResult> {
  const steps: HonestSteps = { setup: 0, fetch: 0, parse: 0, blobs: 0, commit: 0, move: 0, render: 0, send: 0 };
  const timed = async <T>(step: keyof HonestSteps, fn: () => T | Promise<T>): Promise<T> => {
    const t = now();
    try {
      return await fn();
    } finally {
      steps[step] += now() - t;
    }
  };
  const t0 = now();
  const c = o.imap;
  const { blobs, db, q, templates, transport } = await timed('setup', () => {
    mkdirSync(o.scratchDir, { recursive: true });
    const db = openDb(path.join(o.scratchDir, 'honest.sqlite')); // WAL, synchronous=FULL, the service's migrations
    return {
      blobs: new Blobs(path.join(o.scratchDir, 'blobs')), db, q: prepareStatements(db), templates: compileTemplates(o.templatesDir),
      transport: nodemailer.createTransport({ host: o.smtp.host, port: o.smtp.port, secure: false, pool: true, maxConnections: 5, maxMessages: 100, requireTLS: false }),
    };
  });
  let letters = 0;
  let batches = 0;
  try {
    await timed('move', () => c.mailboxCreate(o.processedFolder.split('/')).catch(() => undefined));
    const box = await timed('fetch', () => c.mailboxOpen('INBOX'));
    if (box.exists !== o.n) throw new Error(`honest ceiling: INBOX holds ${box.exists} messages, expected ${o.n}`);
    const uidvalidity = Number(box.uidValidity);
    const heads = await timed('fetch', () => fetchHeads(c));
    const chain = { prev: null as string | null };
    for (let i = 0; i < heads.length; i += o.batchSize) {
      const items = await timed('fetch', () => fetchBatch(c, heads.slice(i, i + o.batchSize)));
      await timed('parse', () => parseBatch(items));
      await timed('blobs', () => storeBlobs(blobs, items));
      await timed('commit', () => commitBatch(db, q, items, o, uidvalidity, chain));
      await timed('move', () => moveBatch(c, items, o.processedFolder));
      const mails = await timed('render', () => renderLetters(templates, items, o));
      await timed('send', () => sendLetters(transport, mails));
      letters += mails.length;
      batches++;
    }
    const seconds = (now() - t0) / 1000;
    const messages = (db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
    if (messages !== o.n) throw new Error(`honest ceiling: ${messages} cases of ${o.n}`);
    const r = (x: number) => Math.round(x);
    return {
      seconds, messages, letters, blobs: blobs.written, batches,
      steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, r(v)])) as unknown as HonestSteps,
    };
  } finally {
    transport.close();
    db.close();
  }
}
