/**
 * Cases of several practices never cross (issue 16), as a property over generated cases: three
 * practices (own prefixes, names and owners; one on the Wkkgz procedure with its own template
 * folder, one writing in English) share one desk; their cases are opened interleaved and walked
 * through the procedure by the commissioner's commands on the real ingest path, on a real SQLite
 * store. Then every letter is sent by the real send-letter processor (rendered with its
 * practice's layers, through the recipient guard) into nodemailer's stream transport, and read
 * as its recipient would: no letter names another practice's case number, name or owner.
 */
import { expect } from 'chai';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { Job } from 'bullmq';
import { sendLetterProcessor } from '../../src/jobs/send-letter.js';
import { parseMail } from '../../src/mail-in/parse-mail.js';
import { openCase, type OpenCaseInput } from '../../src/use-cases/open-case.js';
import { practiceOfCase } from '../../src/use-cases/practice-of.js';
import { LETTERS } from '../../src/mail-out/letters.js';
import type { Practice } from '../../src/domain/practice.js';
import type { OutboxRow } from '../../src/store/outbox-repo.js';
import type { SendLetterJob } from '../../src/jobs/queues.js';
import { createLogger } from '../../src/logger.js';
import { eml, COMMISSIONER } from '../support/harness.js';
import { ingestBench, type IngestBench } from '../support/ingest-harness.js';
import { practice, practiceSet, ZON_TEMPLATES } from '../support/practices.js';
import { mulberry32 as prng } from '../../tools/seeded-random.js';
import { randomStep } from '../support/case-walk.js';

const SEED = Number(process.env.PRACTICES_SEED ?? 20261203);
const CASES = 18;
/** The desk's own name (PRACTICE_NAME on a desk of several practices): letters outside a case name it, never a practice. */
const DESK = 'Roozmond Mediation';

const PRACTICES: Practice[] = [
  practice('lux', { name: 'Praktijk Lux', ownerEmails: ['emma@lux.example.test'], ownerName: 'Emma Hafkamp' }),
  practice('zon', {
    name: 'Fysiotherapie Zon', casePrefix: 'ZON', preset: 'wkkgz', templatesDir: ZON_TEMPLATES, disputesBody: 'De Geschillencommissie Zorg',
    ownerEmails: ['eigenaar@zon.example.test', 'administratie@zon.example.test'],
  }),
  practice('mare', { name: 'Tandartsen Mare', casePrefix: 'MARE', language: 'en', ownerEmails: ['dentist@mare.example.test'] }),
];

interface Sent { row: OutboxRow; subject: string; text: string; html: string; to: string }

describe('letters per practice: a property over interleaved cases of three practices', function () {
  this.timeout(180_000);
  let bench: IngestBench;
  const caseOf: { number: string; practice: Practice }[] = [];
  const sent = new Map<number, Sent>();
  const outcomes = new Map<number, string>();

  before(async () => {
    bench = ingestBench({
      now: '2026-11-25T10:00:00Z', practices: practiceSet(PRACTICES),
      overrides: { COMMAND_AUTH: 'none', MAX_NEW_CASES_PER_SENDER_PER_DAY: '1000', PRACTICE_NAME: DESK },
    });
    const { ctx } = bench;
    const rnd = prng(SEED);
    const pick = () => rnd() < 0.5;
    // Opened as recognised complaints of a practice chosen at random: interleaved, never in blocks.
    for (let i = 0; i < CASES; i++) {
      const p = PRACTICES[Math.floor(rnd() * PRACTICES.length)]!;
      const raw = Buffer.from(eml({ from: `klager${i}@example.test`, fromName: `Klager Token${i}X`, subject: `Klacht nummer Token${i}X`, text: `Inhoud Token${i}X`, messageId: `c${i}@example.test` }));
      const mail = await parseMail(raw, { maxBytes: ctx.config.maxMessageBytes, timeoutMs: 10_000 });
      const blobSha256 = ctx.store.blobs.put(raw);
      const c = ctx.store.tx(() => openCase(ctx, {
        mail: mail as OpenCaseInput['mail'], storedMessageId: mail.messageId!, blobSha256, size: raw.length, receivedAt: ctx.clock.now(), practice: p,
      }));
      caseOf.push({ number: c.number, practice: p });
    }
    const say = (i: number, cmd: string, body = '') =>
      bench.receive(eml({ from: COMMISSIONER, subject: `[${caseOf[i]!.number}] ${cmd}`, text: body, messageId: `cmd-${i}-${Math.floor(rnd() * 1e9)}@praktijk.test` }));
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < CASES; i++) {
        const { number: n, practice: p } = caseOf[i]!;
        // The seed's procedure has an appeal and #verleng without limits; the Wkkgz has neither (B's rules), so only lux cases take them.
        const seedProcedure = p.procedure.preset === 'lux';
        const state = bench.ctx.store.cases.byNumber(n)!.state;
        await randomStep(bench, say, pick, i, n, state, { appeal: seedProcedure, close: true });
        if (rnd() < 0.3) await say(i, `#deskundige Expert Token${i}X <expert${i}@example.test>`);
        if (seedProcedure && round === 0 && rnd() < 0.3) await say(i, '#verleng 3 ziekte');
        if (rnd() < 0.15) await say(i, '#status');
      }
    }
    // Every letter, sent as the service sends it: the processor renders, guards and hands it to
    // SMTP; nodemailer's stream transport builds the message, and what it was given is kept to read.
    const wire = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const onWire = new Map<string, { subject: string; text: string; html: string; to: string }>();
    const transport = {
      sendMail: async (mail: SendMailOptions) => {
        const info = await wire.sendMail(mail);
        onWire.set(String(mail.messageId), { subject: String(mail.subject), text: String(mail.text), html: String(mail.html), to: String(mail.to) });
        return info;
      },
    } as unknown as Transporter;
    const process = sendLetterProcessor({ config: ctx.config, store: ctx.store, renderer: ctx.renderer, transport, clock: ctx.clock, log: createLogger('silent') });
    const rows = ctx.store.db.prepare('SELECT * FROM outbox ORDER BY id').all() as OutboxRow[];
    for (const row of rows) {
      const job = { id: `o${row.id}`, data: { outboxId: row.id }, attemptsMade: 0, opts: { attempts: 1 } } as unknown as Job<SendLetterJob>;
      try {
        outcomes.set(row.id, await process(job));
      } catch (err) {
        outcomes.set(row.id, `refused: ${(err as Error).message}`);
      }
      const m = onWire.get(`<${row.message_id}>`) ?? onWire.get(row.message_id);
      if (m) sent.set(row.id, { row, ...m });
      else {
        // Refused (the test above reports it): read what it would have said, so the checks below
        // do not depend on the guard they are meant to confirm.
        const c = row.case_id ? ctx.store.cases.get(row.case_id) : undefined;
        const letter = ctx.renderer.render(row.template, row.language, { ...JSON.parse(row.facts), forCommissioner: row.recipient_role === 'commissioner' },
          { practiceId: c ? practiceOfCase(ctx, c)?.id : undefined });
        sent.set(row.id, { row, ...letter, to: row.to_addr });
      }
    }
  });
  after(() => bench?.close());

  it('the cases are numbered in their own practice\'s series, gap-free, and every practice has several', () => {
    for (const p of PRACTICES) {
      const mine = caseOf.filter((c) => c.practice.id === p.id).map((c) => c.number);
      expect(mine.length, p.id).to.be.greaterThan(1);
      expect(mine).to.deep.equal(mine.map((_, k) => `${p.casePrefix}-2026-${String(k + 1).padStart(4, '0')}`));
    }
  });

  it('every letter passes the recipient guard and the practice guard, and is sent', () => {
    expect(outcomes.size).to.be.greaterThan(CASES * 4);
    const refused = [...outcomes].filter(([, o]) => o !== 'sent').map(([id, o]) => `outbox ${id}: ${o}`);
    expect(refused).to.deep.equal([]);
  });

  it("no letter of a case names another practice's case number, name or owner address", () => {
    for (const { row, subject, text, html } of sent.values()) {
      if (LETTERS[row.template]!.spansPractices) continue;
      const own = row.case_id ? caseOf.find((c) => c.number === bench.ctx.store.cases.get(row.case_id!)!.number)!.practice : undefined;
      const body = `${subject}\n${text}\n${html}`;
      for (const other of PRACTICES) {
        if (other.id === own?.id) continue;
        const where = `outbox ${row.id} (${row.template} → ${row.recipient_role}, practice ${own?.id ?? 'none'}) names practice ${other.id}`;
        expect(body, where).not.to.match(new RegExp(`\\b${other.casePrefix}-2026-\\d{4}\\b`));
        expect(body, where).not.to.include(other.name);
        for (const e of other.ownerEmails) expect(`${body}\n${row.to_addr}`, where).not.to.include(e);
      }
    }
  });

  it("a letter to an owner goes only to an owner address of the case's own practice, and only the ruling", () => {
    const owners = [...sent.values()].filter((s) => s.row.recipient_role === 'owner');
    expect(owners.length).to.be.greaterThan(0);
    for (const { row } of owners) {
      const own = practiceOfCase(bench.ctx, bench.ctx.store.cases.get(row.case_id!)!)!;
      expect(own.ownerEmails, `outbox ${row.id}`).to.include(row.to_addr);
      expect(['ruling', 'appeal-decision']).to.include(row.template);
    }
    // Every practice that gave a ruling had its owner told, and only its own.
    for (const p of PRACTICES) {
      const ruled = caseOf.filter((c) => c.practice.id === p.id && bench.ctx.store.cases.byNumber(c.number)!.outcome);
      const toOwner = owners.filter((o) => practiceOfCase(bench.ctx, bench.ctx.store.cases.get(o.row.case_id!)!)!.id === p.id);
      if (ruled.length > 0) expect(toOwner.length, p.id).to.be.greaterThan(0);
      for (const o of toOwner) expect(p.ownerEmails).to.include(o.row.to_addr);
    }
  });

  it("each letter is worded by its practice's layers: its own folder, its procedure's, the defaults", () => {
    const of = (id: string, template: string) => [...sent.values()].filter((s) => s.row.template === template && s.row.case_id
      && practiceOfCase(bench.ctx, bench.ctx.store.cases.get(s.row.case_id)!)!.id === id);
    for (const id of ['lux', 'zon', 'mare']) expect(of(id, 'acknowledgement').length, id).to.be.greaterThan(0);
    expect(of('zon', 'ruling').length, 'wkkgz rulings').to.be.greaterThan(0);
    for (const s of of('zon', 'acknowledgement')) expect(s.subject).to.match(/^\[ZON-2026-\d{4}\] Wij hebben uw klacht ontvangen$/);
    for (const s of of('mare', 'acknowledgement')) expect(s.subject).to.match(/^\[MARE-2026-\d{4}\] Acknowledgement of your complaint$/);
    for (const s of [...of('zon', 'ruling')]) {
      expect(s.text).to.include('Wkkgz');
      expect(s.text).not.to.match(/\bart\. (5|8|9|12|13)\b(?! Wkkgz)/);
    }
    for (const s of [...of('lux', 'ruling'), ...of('mare', 'ruling')]) expect(s.text).not.to.include('Wkkgz');
    for (const s of [...of('lux', 'acknowledgement'), ...of('zon', 'acknowledgement'), ...of('mare', 'acknowledgement')]) {
      const p = practiceOfCase(bench.ctx, bench.ctx.store.cases.get(s.row.case_id!)!)!;
      expect(s.text, `outbox ${s.row.id}`).to.include(p.name);
    }
  });

  it('letters outside a case name the desk, never one practice', () => {
    const caseless = [...sent.values()].filter((s) => !s.row.case_id && !LETTERS[s.row.template]!.spansPractices);
    for (const { row, subject, text } of caseless) {
      for (const p of PRACTICES) expect(`${subject}\n${text}`, `outbox ${row.id} (${row.template})`).not.to.include(p.name);
    }
  });
});
