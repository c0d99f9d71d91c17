/**
 * Crash mid-ingest (issue 5 §1): the real service (`node dist/src/cli.js start`) as a child
 * process on the private stack, killed with SIGKILL at CRASH_KILLS (default 20) moments spread
 * over its work while CRASH_COMPLAINTS (default 200) complaints from as many addresses arrive,
 * and restarted each time. Kill points:
 *   random      a random moment after the start (connect, fetch, parse, anywhere)
 *   commit      right after a message's transaction committed, before its IMAP move
 *   move-relay  right after a run of commits (moves, relay to Redis and sends under way)
 *   sent        right after a letter was marked sent
 *   smtp-250    inside the SMTP server while it accepts a letter: the server says 250 to a dead
 *               client, which never marked the letter sent — the window that cannot be closed
 * At the end: every complaint is one case, in the processed folder once and in the DB once; each
 * klager has exactly one acknowledgement Message-ID at the SMTP server; copies of a letter sent
 * again after a kill are counted and must carry the same Message-ID.
 * How often that window really opens, measured here (200 complaints, 20 kills, 4 of them at
 * smtp-250): 427 letters at the server for 400 decided, 27 copies, 10 of them acknowledgements
 * (210 for 200 klagers); an earlier run had 7 duplicate acknowledgements. The title says what is
 * asserted: one acknowledgement Message-ID per klager, not one copy.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import type { Stack } from '../../tools/devstack/stack.js';
import { stackEnv } from '../../tools/devstack/stack-config.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { deliverToMailbox, eml, eventually, listMailbox, removeDir, startPrivateStack } from '../support/harness.js';
import { useSeededRandom } from '../support/seeded.js';

const COMPLAINTS = Number(process.env.CRASH_COMPLAINTS ?? 200);
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
const POINTS = ['random', 'commit', 'move-relay', 'sent', 'smtp-250'] as const;
type KillPoint = (typeof POINTS)[number];

const klager = (i: number) => `crash+${i}@example.test`;
const complaintId = (i: number) => `crash-complaint-${i}@example.test`;

describe('fault: kill -9 mid-ingest, restart, nothing lost, nothing doubled (real Redis, Dovecot, SMTP)', function () {
  this.timeout(600_000);
  // How many letters before each kill, and the delays: replayable with TEST_SEED (printed on failure).
  const rng = useSeededRandom();
  let stack: Stack;
  let dataDir: string;
  let child: ChildProcess | null = null;

  before(async () => {
    stack = await startPrivateStack();
    dataDir = mkdtempSync(join(tmpdir(), 'cd-crash-'));
  });
  after(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    stack?.smtp.setResponder(null);
    await stack?.stop();
    removeDir(dataDir);
  });

  // What is asserted: one case per complaint, and per klager ONE acknowledgement letter (one
  // Message-ID); a copy of a letter sent again after a kill between the server's 250 and the
  // mark is allowed (at most 5 per kill, the letters in flight) and is recognisable by its Message-ID.
  it(`${COMPLAINTS} complaints, ${KILLS} kills: ${COMPLAINTS} cases, no duplicate case, none missing, one acknowledgement Message-ID per klager (copies resent after a kill carry the same id)`, async () => {
    const env = {
      ...process.env,
      ...stackEnv({ redisUrl: stack.redis.url, imap: { host: stack.dovecot.host, port: stack.dovecot.imapPort }, smtp: { host: stack.smtp.host, port: stack.smtp.port } }, dataDir, {
        LOG_LEVEL: 'info', IMAP_POLL_SECONDS: '1', SEND_RETRY_BASE_MS: '200', SEND_MAX_ATTEMPTS: '30',
        QUEUE_PREFIX: `crash-${process.pid}`, // the same queue across restarts
        MAX_NEW_CASES_PER_SENDER_PER_DAY: '3',
      }),
    };

    let events: string[] = [];
    const onLine = new Set<(msg: string) => void>();
    const start = async (): Promise<ChildProcess> => {
      const c = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'cli.js'), 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      createInterface({ input: c.stdout! }).on('line', (line) => {
        let msg = '';
        try {
          msg = String((JSON.parse(line) as { msg?: string }).msg ?? '');
        } catch {
          return;
        }
        events.push(msg);
        for (const f of onLine) f(msg);
      });
      c.stderr!.resume();
      return c;
    };
    const exited = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));

    // Deliveries run alongside the kills, in as many batches as there are runs.
    let delivered = 0;
    const deliverBatch = async (n: number) => {
      for (let k = 0; k < n && delivered < COMPLAINTS; k++) {
        const i = delivered++;
        await deliverToMailbox(stack, eml({ from: klager(i), fromName: `Klager ${i}`, messageId: complaintId(i), subject: `Klacht ${i}` }));
      }
    };
    const perRun = Math.ceil(COMPLAINTS / Math.max(1, KILLS - 2));

    const kills: { point: KillPoint; afterMs: number; lastEvent: string }[] = [];
    let armed250: (() => void) | null = null;
    stack.smtp.setResponder(() => {
      armed250?.(); // kill the service while the server is about to answer 250
      return null;
    });

    for (let k = 0; k < KILLS; k++) {
      const point = POINTS[k % POINTS.length]!;
      events = [];
      const t0 = Date.now();
      child = await start();
      const c = child;
      const batch = deliverBatch(perRun);
      const kill = () => {
        if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      };
      let trigger: ((msg: string) => void) | null = null;
      const seen = { handled: 0 };
      const want = 1 + Math.floor(rng.random() * 4);
      switch (point) {
        case 'random':
          setTimeout(kill, 150 + rng.random() * 1500);
          break;
        case 'commit':
          trigger = (msg) => msg === 'message handled' && ++seen.handled >= want && kill();
          break;
        case 'move-relay':
          trigger = (msg) => msg === 'message handled' && ++seen.handled >= want && setTimeout(kill, rng.random() * 40);
          break;
        case 'sent':
          trigger = (msg) => msg === 'letter sent' && ++seen.handled >= want && kill();
          break;
        case 'smtp-250':
          armed250 = () => {
            armed250 = null;
            kill();
          };
          break;
      }
      if (trigger) onLine.add(trigger);
      // Never let a run hang on a trigger that does not come (nothing left to do): kill it anyway.
      const fallback = setTimeout(kill, 6000);
      await exited(c);
      clearTimeout(fallback);
      if (trigger) onLine.delete(trigger);
      armed250 = null;
      kills.push({ point, afterMs: Date.now() - t0, lastEvent: events[events.length - 1] ?? '(none)' });
      await batch;
    }
    await deliverBatch(COMPLAINTS); // whatever is left
    expect(delivered).to.equal(COMPLAINTS);

    // The last run is left alone to finish the work.
    stack.smtp.setResponder(null);
    events = [];
    child = await start();
    const dbFile = join(dataDir, 'complaint-desk.sqlite');
    const peek = new Database(dbFile, { readonly: true, fileMustExist: true });
    const n = (sql: string) => (peek.prepare(sql).get() as { n: number }).n;
    try {
      await eventually(() => n('SELECT count(*) AS n FROM inbox_items WHERE moved_at IS NOT NULL') >= COMPLAINTS, 'every complaint handled and moved', 240_000, 250);
      // A job active in a killed worker is picked up again once its lock expires (BullMQ's stalled check, ~30 s).
      await eventually(() => n(`SELECT count(*) AS n FROM outbox WHERE status NOT IN ('sent', 'cancelled')`) === 0, 'every letter sent', 240_000, 250);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }

    const cases = n('SELECT count(*) AS n FROM cases');
    const klagers = n(`SELECT count(DISTINCT email) AS n FROM parties WHERE role = 'klager'`);
    const inbound = peek.prepare(`SELECT message_id FROM messages WHERE direction = 'in'`).all() as { message_id: string }[];
    const failed = n(`SELECT count(*) AS n FROM outbox WHERE status = 'failed'`);
    const letters = n(`SELECT count(*) AS n FROM outbox WHERE status = 'sent'`);
    const ackIds = new Map<string, string>(
      (peek.prepare(`SELECT to_addr, message_id FROM outbox WHERE template = 'acknowledgement'`).all() as { to_addr: string; message_id: string }[]).map((r) => [r.to_addr, r.message_id]),
    );
    peek.close();

    const processed = await listMailbox(stack, 'klachten', 'Klachten/Verwerkt');
    const inboxLeft = await listMailbox(stack, 'klachten', 'INBOX');
    const acks = stack.smtp.messages.filter((m) => m.envelopeFrom && m.envelopeTo.some((t) => t.startsWith('crash+')) && /Ontvangstbevestiging/.test(m.subject));
    const perKlager = new Map<string, Set<string>>();
    for (const m of acks) {
      const to = m.envelopeTo[0]!;
      perKlager.set(to, (perKlager.get(to) ?? new Set()).add(m.messageId));
    }
    const duplicates = acks.length - perKlager.size;
    const allLetters = stack.smtp.messages.length;
    const distinctLetters = new Set(stack.smtp.messages.map((m) => m.messageId)).size;
    const byPoint = Object.fromEntries(POINTS.map((p) => [p, kills.filter((k) => k.point === p).length]));
    console.log(`      runs: ${KILLS + 1}, kills: ${kills.length} ${JSON.stringify(byPoint)}`); // eslint-disable-line no-console
    console.log(`      last event before each kill: ${JSON.stringify([...new Set(kills.map((k) => k.lastEvent))])}`); // eslint-disable-line no-console
    console.log(`      cases: ${cases}, klagers: ${klagers}, processed folder: ${processed.length}, inbox left: ${inboxLeft.length}`); // eslint-disable-line no-console
    console.log(`      acknowledgements at the SMTP server: ${acks.length} for ${perKlager.size} klagers; duplicate copies: ${duplicates}; all letters ${allLetters}, distinct Message-IDs ${distinctLetters}`); // eslint-disable-line no-console

    expect(kills.length).to.be.at.least(Math.min(KILLS, 20));
    expect(cases, 'one case per complaint').to.equal(COMPLAINTS);
    expect(klagers, 'no duplicate case').to.equal(COMPLAINTS);
    expect(inbound.length, 'each complaint once in the DB').to.equal(COMPLAINTS);
    expect(new Set(inbound.map((r) => r.message_id)).size).to.equal(COMPLAINTS);
    expect(inboxLeft).to.have.length(0);
    for (let i = 0; i < COMPLAINTS; i++) {
      expect(processed.filter((m) => m.messageId === `<${complaintId(i)}>`), `complaint ${i} in the processed folder`).to.have.length(1);
    }
    expect(failed).to.equal(0);
    // Exactly one acknowledgement per klager, by Message-ID; any extra copy is the same letter again.
    for (let i = 0; i < COMPLAINTS; i++) {
      const ids = perKlager.get(klager(i));
      expect(ids?.size ?? 0, `acknowledgements of ${klager(i)}`).to.equal(1);
      expect([...ids!][0]).to.equal(`<${ackIds.get(klager(i))}>`);
    }
    // Every letter at the SMTP server is one of ours, and a copy is recognisable: the same Message-ID.
    expect(distinctLetters, 'distinct Message-IDs at the server = letters decided').to.equal(letters);
    // A kill can catch at most the letters in flight (the worker sends 5 at a time) between 250 and the mark.
    expect(allLetters - distinctLetters, 'copies sent again').to.be.at.most(kills.length * 5);
  });
});
