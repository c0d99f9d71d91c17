/**
 * "One bounce-alert per letter" and "one flood-notice per sender per 24 hours" are answered from
 * indexed columns of the outbox (migration letter-regarding), not by reading every letter's JSON facts; rows
 * written before the migration are filled from their facts. SQLite only.
 */
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { Store } from '../../src/store/store.js';

describe('outbox notices and what they are about', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cd-regarding-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const letter = (template: string, facts: Record<string, unknown>, at: string, regarding?: { letterId?: number; address?: string }) => ({
    caseId: null, template, language: 'nl' as const, recipientRole: 'commissioner', to: 'c@example.test', facts, at, regarding,
  });

  it('when a bounce-alert and a flood-notice are written with what they are about, then the store finds them by it', () => {
    const store = Store.open(dir);
    try {
      store.tx(() => {
        store.outbox.insert(letter('bounce-alert', { outboxId: 5 }, '2026-03-02T08:00:00.000Z', { letterId: 5 }), (id) => `<${id}@x>`);
        store.outbox.insert(letter('flood-notice', { senderEmail: 'f@example.test' }, '2026-03-02T08:00:00.000Z', { address: 'f@example.test' }), (id) => `<${id}@x>`);
      });
      expect([store.outbox.hasBounceAlertFor(5), store.outbox.hasBounceAlertFor(6)]).to.deep.equal([true, false]);
      expect(store.outbox.hasFloodNoticeSince('f@example.test', '2026-03-01T08:00:00.000Z')).to.equal(true);
      expect(store.outbox.hasFloodNoticeSince('f@example.test', '2026-03-02T08:00:01.000Z')).to.equal(false);
      expect(store.outbox.hasFloodNoticeSince('g@example.test', '2026-03-01T08:00:00.000Z')).to.equal(false);
      const plan = (sql: string, ...a: unknown[]) => (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...a) as { detail: string }[]).map((r) => r.detail).join('; ');
      expect(plan(`SELECT 1 FROM outbox WHERE regarding_letter_id = ? AND template = 'bounce-alert' LIMIT 1`, 5)).to.include('outbox_regarding_letter');
      expect(plan(`SELECT 1 FROM outbox WHERE regarding_address = ? AND template = 'flood-notice' AND created_at >= ? LIMIT 1`, 'f', 'x')).to.include('outbox_regarding_address');
    } finally {
      store.close();
    }
  });

  it('when a store of the schema before it holds such notices, then the letter-regarding migration fills the columns from their facts', () => {
    const file = join(dir, 'complaint-desk.sqlite');
    const old = new Database(file);
    const files = readdirSync(MIGRATIONS_DIR).filter((n) => /^\d{3}-.*\.sql$/.test(n)).sort();
    const version = Number(files.find((n) => n.endsWith('-letter-regarding.sql'))!.slice(0, 3));
    for (const f of files.filter((n) => Number(n.slice(0, 3)) < version)) old.exec(readFileSync(join(MIGRATIONS_DIR, f), 'utf8'));
    old.pragma(`user_version = ${version - 1}`);
    const insert = old.prepare(`INSERT INTO outbox (template, language, recipient_role, to_addr, message_id, facts, created_at) VALUES (?, 'nl', 'commissioner', 'c@example.test', ?, ?, ?)`);
    insert.run('bounce-alert', '<1@x>', JSON.stringify({ outboxId: 41 }), '2026-03-02T08:00:00.000Z');
    insert.run('flood-notice', '<2@x>', JSON.stringify({ senderEmail: 'f@example.test' }), '2026-03-02T08:00:00.000Z');
    insert.run('acknowledgement', '<3@x>', JSON.stringify({ outboxId: 7 }), '2026-03-02T08:00:00.000Z');
    old.close();
    const store = Store.open(dir);
    try {
      expect(store.schemaVersion()).to.be.at.least(version);
      expect(store.outbox.hasBounceAlertFor(41)).to.equal(true);
      expect(store.outbox.hasBounceAlertFor(7), 'only bounce-alerts are about a letter').to.equal(false);
      expect(store.outbox.hasFloodNoticeSince('f@example.test', '2026-03-01T00:00:00.000Z')).to.equal(true);
    } finally {
      store.close();
    }
  });
});
