/**
 * Confidentiality as a property over generated cases (SPEC §7, art. 5): whatever happens in many
 * interleaved cases, every letter goes to a party of its own case in a role the letter is for, to
 * the commissioner, or (rulings only) to the practice owner; and no letter carries another case's
 * number, names or addresses. Runs the real ingest path on a real SQLite store.
 */
import { expect } from 'chai';
import { assertRecipientAllowed } from '../../src/mail-out/recipient-guard.js';
import { letterSpec } from '../../src/mail-out/letters.js';
import type { OutboxRow } from '../../src/store/outbox-repo.js';
import { eml, COMMISSIONER } from '../support/harness.js';
import { ingestBench, type IngestBench } from '../support/ingest-harness.js';
import { mulberry32 as prng } from '../../tools/seeded-random.js';
import { randomStep } from '../support/case-walk.js';

const SEED = Number(process.env.CONFIDENTIALITY_SEED ?? 20261125);
const CASES = 24;

describe('confidentiality: a property over generated cases', function () {
  this.timeout(120_000);
  let bench: IngestBench;
  const numbers: string[] = [];

  before(async () => {
    bench = ingestBench({ now: '2026-11-25T10:00:00Z', overrides: { COMMAND_AUTH: 'none', MAX_NEW_CASES_PER_SENDER_PER_DAY: '1000' } });
    const rnd = prng(SEED);
    const pick = () => rnd() < 0.5;
    // Open the cases interleaved with other traffic, then run random procedure steps on each.
    for (let i = 0; i < CASES; i++) {
      const r = await bench.receive(eml({ from: `klager${i}@example.test`, fromName: `Klager Token${i}X`, subject: `Klacht nummer Token${i}X`, text: `Inhoud Token${i}X`, messageId: `c${i}@example.test` }));
      numbers.push(r.caseNumber!);
    }
    const say = (i: number, cmd: string, body = '') =>
      bench.receive(eml({ from: COMMISSIONER, subject: `[${numbers[i]}] ${cmd}`, text: body, messageId: `cmd-${i}-${Math.floor(rnd() * 1e9)}@praktijk.test` }));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < CASES; i++) {
        const n = numbers[i]!;
        const state = bench.ctx.store.cases.byNumber(n)!.state;
        await randomStep(bench, say, pick, i, n, state, { appeal: true });
        if (pick()) await say(i, `#deskundige Expert Token${i}X <expert${i}@example.test>`);
        if (rnd() < 0.2) {
          // A stranger (another case's klager) writes on this case's tag.
          const j = (i + 1) % CASES;
          await bench.receive(eml({ from: `klager${j}@example.test`, subject: `[${n}] nieuwsgierig`, text: `Vraag Token${j}X`, messageId: `stranger-${i}-${round}@example.test` }));
        }
      }
    }
  });
  after(() => bench?.close());

  it('every letter passes the recipient guard against its own case', () => {
    const { store, config } = bench.ctx;
    const rows = store.db.prepare('SELECT * FROM outbox').all() as OutboxRow[];
    expect(rows.length).to.be.greaterThan(CASES * 3);
    for (const row of rows) {
      const parties = row.case_id ? store.cases.parties(row.case_id) : [];
      expect(() => assertRecipientAllowed(letterSpec(row.template), row.recipient_role, row.to_addr, {
        commissionerEmails: config.commissionerEmails, practiceOwnerEmails: config.practiceOwnerEmail ? [config.practiceOwnerEmail] : [], parties,
      }), `outbox ${row.id} ${row.template} → ${row.recipient_role}`).not.to.throw();
      if (row.recipient_role === 'owner') expect(row.template).to.equal('ruling');
    }
  });

  it('no letter carries another case\'s number, names or addresses', () => {
    const { store } = bench.ctx;
    const rows = store.db.prepare('SELECT * FROM outbox WHERE case_id IS NOT NULL').all() as OutboxRow[];
    for (const row of rows) {
      const own = numbers.indexOf(store.cases.get(row.case_id!)!.number);
      const body = `${row.facts} ${row.to_addr}`;
      for (let j = 0; j < CASES; j++) {
        if (j === own) continue;
        expect(body, `outbox ${row.id} (${row.template}, case ${own}) mentions case ${j}`).not.to.match(new RegExp(`Token${j}X|klager${j}@|beklaagde${j}@|expert${j}@|${numbers[j]}\\b`));
      }
    }
  });

  it('a stranger on a case tag was quarantined and got no letter', () => {
    const { store } = bench.ctx;
    const quarantined = store.db.prepare(`SELECT from_addr FROM messages WHERE status = 'quarantined'`).all() as { from_addr: string }[];
    expect(quarantined.length).to.be.greaterThan(0);
    const caseless = store.db.prepare(`SELECT to_addr, template FROM outbox WHERE case_id IS NULL`).all() as { to_addr: string; template: string }[];
    for (const l of caseless) expect(bench.ctx.config.commissionerEmails).to.include(l.to_addr);
  });
});
