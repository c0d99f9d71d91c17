/**
 * Bad input (issue 5): every shape of test/fixtures/hostile goes through receiveMessage — the
 * same path the inbox watcher takes — onto a real SQLite store. Each is either ingested with its
 * text readable or quarantined whole with a stored reason; nothing throws (the service never
 * stops); and every letter it causes is composed into the bytes nodemailer would send and checked
 * for smuggled headers, unescaped markup and rendered template syntax.
 */
import { expect } from 'chai';
import { SHAPES, hostile, type Shape } from '../fixtures/hostile/catalogue.js';
import { assertNoInjection, ingestBench, type IngestBench, type OutgoingLetter } from '../support/ingest-harness.js';

const COMMISSIONER = 'commissaris@praktijk.test';

interface Row { [k: string]: unknown }

function inbound(b: IngestBench): Row[] {
  return b.db().prepare(`SELECT * FROM messages WHERE direction = 'in' ORDER BY id`).all() as Row[];
}
function cases(b: IngestBench): Row[] {
  return b.db().prepare('SELECT * FROM cases ORDER BY id').all() as Row[];
}
function noticeOf(letters: OutgoingLetter[]): OutgoingLetter | undefined {
  return letters.find((l) => l.row.template === 'new-complaint-notice');
}
function complaintText(letters: OutgoingLetter[]): string {
  const n = noticeOf(letters);
  return n ? String((JSON.parse(n.row.facts) as { complaintText: string }).complaintText) : '';
}

/** What must hold of the letters any message causes, whatever it was. */
function checkLetters(b: IngestBench, letters: OutgoingLetter[], allowed: string[]): void {
  for (const l of letters) {
    assertNoInjection(l, b.config);
    expect(allowed, `letter ${l.row.template} to ${l.row.to_addr}`).to.include(l.row.to_addr);
    // Everything a sender wrote is escaped in HTML: no live markup of theirs reaches a letter.
    expect(l.html).to.not.match(/<script|<img|<iframe|<a\s|\son\w+\s*=/i);
    expect(l.headers.map(([n]) => n)).to.not.include.members(['bcc', 'cc', 'x-injected']);
  }
}

async function run(shape: Shape): Promise<void> {
  const b = ingestBench();
  try {
    const raw = shape.file ? hostile(shape.file) : shape.make!();
    const result = await b.receive(raw);
    const rows = inbound(b);
    expect(rows, 'one inbound message recorded').to.have.length(1);
    const row = rows[0]!;
    // Kept whole, whatever became of it.
    expect(b.ctx.store.blobs.get(String(row.blob_sha256)).equals(raw), 'the raw message is stored byte for byte').to.equal(true);
    const letters = await b.outgoing();

    if (shape.expect === 'case') {
      expect(result, JSON.stringify(row)).to.include({ target: 'processed', kind: 'new-complaint' });
      const [c] = cases(b);
      expect(cases(b)).to.have.length(1);
      const parties = b.ctx.store.cases.parties(Number(c!.id));
      if (shape.from) expect(parties.map((p) => p.email)).to.deep.equal([shape.from]);
      if (shape.subject) {
        if (typeof shape.subject === 'string') expect(row.subject).to.equal(shape.subject);
        else expect(String(row.subject)).to.match(shape.subject);
      }
      const text = complaintText(letters);
      for (const t of shape.text ?? []) {
        if (typeof t === 'string') expect(text, 'the complaint text as the commissioner reads it').to.include(t);
        else expect(text).to.match(t);
      }
      for (const t of shape.notText ?? []) {
        if (typeof t === 'string') expect(text).to.not.include(t);
        else expect(text).to.not.match(t);
      }
      if (shape.attachments) {
        const names = (b.db().prepare('SELECT filename FROM attachments').all() as { filename: string }[]).map((a) => a.filename);
        expect(names).to.include.members(shape.attachments);
      }
      const to = letters.map((l) => `${l.row.template}:${l.row.to_addr}`).sort();
      expect(to).to.deep.equal([`acknowledgement:${parties[0]!.email}`, `new-complaint-notice:${COMMISSIONER}`]);
      for (const lit of shape.literal ?? []) {
        const notice = noticeOf(letters)!;
        expect(notice.text + notice.raw, `literal ${lit} left unrendered`).to.satisfy((s: string) => s.includes(lit) || notice.text.includes(lit));
      }
      checkLetters(b, letters, [COMMISSIONER, parties[0]!.email]);
    } else if (shape.expect === 'quarantine') {
      expect(result.target).to.equal('quarantine');
      expect(row.status).to.equal('quarantined');
      expect(String(row.reason ?? ''), 'a stored reason').to.match(shape.reason ?? /./);
      expect(cases(b)).to.have.length(0);
      expect(letters.map((l) => `${l.row.template}:${l.row.to_addr}`)).to.deep.equal([`quarantine-notice:${COMMISSIONER}`]);
      checkLetters(b, letters, [COMMISSIONER]);
    } else {
      expect(result.target).to.equal('processed');
      expect(result.kind).to.equal('automatic');
      expect(cases(b)).to.have.length(0);
      expect(letters).to.have.length(0);
    }
  } finally {
    b.close();
  }
}

describe('hostile input: each shape is ingested readably or quarantined whole (issue 5)', function () {
  this.timeout(60_000);

  it('has at least 50 shapes', () => {
    expect(SHAPES.length).to.be.at.least(50);
  });

  for (const shape of SHAPES) {
    it(`${shape.expect === 'case' ? 'ingests' : shape.expect === 'quarantine' ? 'quarantines' : 'ignores'}: ${shape.name}`, () => run(shape));
  }

  it('keeps both messages when a broken client reuses a Message-ID with the same sender and subject but other content', async () => {
    const b = ingestBench();
    try {
      await b.receive(hostile('21a-duplicate-message-id.eml'));
      const second = await b.receive(hostile('21b-duplicate-message-id-other-body.eml'));
      expect(second.kind).to.not.equal('duplicate');
      const rows = inbound(b);
      expect(rows).to.have.length(2);
      expect(rows.map((r) => r.case_id)).to.deep.equal([rows[0]!.case_id, rows[0]!.case_id]);
      // The same bytes again are a duplicate and change nothing.
      const again = await b.receive(hostile('21b-duplicate-message-id-other-body.eml'));
      expect(again.kind).to.equal('duplicate');
      expect(inbound(b)).to.have.length(2);
    } finally {
      b.close();
    }
  });

  it('opens a second case when another sender reuses a Message-ID', async () => {
    const b = ingestBench();
    try {
      await b.receive(hostile('22a-duplicate-message-id-first-sender.eml'));
      const second = await b.receive(hostile('22b-duplicate-message-id-other-sender.eml'));
      expect(second.kind).to.equal('new-complaint');
      expect(cases(b)).to.have.length(2);
    } finally {
      b.close();
    }
  });

  it('keeps going: every shape through one store, then an ordinary complaint is still handled', async () => {
    const b = ingestBench();
    try {
      for (const shape of SHAPES) await b.receive(shape.file ? hostile(shape.file) : shape.make!());
      const r = await b.receive(hostile('01-baseline-plain.eml').toString('utf8').replace('hostile-1@', 'after-all@').replace('jan.jansen@', 'laatste@'));
      expect(r.kind).to.equal('new-complaint');
      for (const l of await b.outgoing()) assertNoInjection(l, b.config);
    } finally {
      b.close();
    }
  });
});
