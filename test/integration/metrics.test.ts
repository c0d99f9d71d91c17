/**
 * /metrics scraped while the service runs a complaint end to end on the real stack: the letter
 * counters move as letters go out (and fail), the gauges follow the store (cases by state, held
 * and queued letters and their age, quarantine, overdue deadlines), IMAP is seen connected with
 * a recent fetch, the acknowledgement latency is observed, the process metrics are there, and no
 * label or value anywhere carries a name, an address, a subject or a case number. On a desk of
 * several practices every per-case metric is labelled with the practice's id (issue 16), `none`
 * while a case is held under no practice.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Stack } from '../../tools/devstack/stack.js';
import type { Clock } from '../../src/domain/clock.js';
import { localDateOf } from '../../src/domain/calendar.js';
import {
  COMMISSIONER, deliverToMailbox, eml, eventually, useServiceStack, waitForInbox, type TestService,
} from '../support/harness.js';
import { twoPractices } from '../support/practice-sets.js';

const DAY = 86_400_000;

/** Exposition lines as `name{labels}` → value (labels as printed by prom-client, sorted by it). */
async function scrape(port: number): Promise<{ text: string; value(series: string): number | undefined }> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).to.equal(200);
  expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) values.set(m[1]!, Number(m[2]));
  }
  return { text, value: (series) => values.get(series) };
}

describe('metrics: /metrics during an end-to-end run', function () {
  this.timeout(120_000);
  let stack: Stack;
  let svc: TestService;
  const clock: Clock & { offsetMs: number } = { offsetMs: 0, now() { return new Date(Date.now() + this.offsetMs); } };
  const port = () => svc.service.health.port;
  const db = () => svc.service.ctx.store.db;

  const shared = useServiceStack();
  before(async () => {
    stack = shared.stack;
    svc = await shared.start({ service: { clock }, overrides: { ACK_MODE: 'review', SEND_MAX_ATTEMPTS: '30' } });
  });

  const commissionerSays = async (subject: string, body = '') => {
    const messageId = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text: body, messageId }));
    return messageId;
  };

  it('counts letters sent and failed by template, follows cases, backlog, quarantine and overdue terms, and names no one', async () => {
    const started = Date.now() / 1000;
    const m0 = await eventually(async () => {
      const m = await scrape(port());
      return m.value('complaint_desk_imap_connected') === 1 && (m.value('complaint_desk_imap_last_fetch_timestamp_seconds') ?? 0) > 0 ? m : null;
    }, 'IMAP connected and a first sweep');
    expect(m0.value('complaint_desk_letters_sent_total{template="acknowledgement",practice="kl"}')).to.equal(0);
    expect(m0.value('complaint_desk_cases{state="received",practice="kl"}')).to.equal(0);
    expect(m0.value('complaint_desk_ack_latency_seconds_count{practice="kl"}')).to.equal(0);
    expect(m0.value('process_cpu_user_seconds_total')).to.be.a('number');
    expect(m0.value('nodejs_heap_size_used_bytes')).to.be.greaterThan(0);

    // A complaint under ACK_MODE=review: the commissioner's notice goes, the acknowledgement is held.
    const complaintId = `metrics-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Onheuse bejegening door Jan', fromName: 'Jan Jansen', messageId: complaintId }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === complaintId);
    const n = (db().prepare('SELECT number FROM cases').get() as { number: string }).number;
    const m1 = await eventually(async () => {
      const m = await scrape(port());
      return m.value('complaint_desk_letters_sent_total{template="new-complaint-notice",practice="kl"}') === 1 ? m : null;
    }, 'notice counted');
    expect(m1.value('complaint_desk_cases{state="received",practice="kl"}')).to.equal(1);
    expect(m1.value('complaint_desk_outbox_backlog{status="held"}')).to.equal(1);
    expect(m1.value('complaint_desk_letters_sent_total{template="acknowledgement",practice="kl"}')).to.equal(0);
    expect(m1.value('complaint_desk_imap_last_fetch_timestamp_seconds')).to.be.greaterThan(started - 1);

    // #ontvangst: the acknowledgement goes out; its latency from ingest is observed once.
    await commissionerSays(`[${n}] #ontvangst`);
    await waitForInbox(stack, 'klager', (m) => m.subject.includes(`[${n}]`) && m.subject.includes('Ontvangstbevestiging'));
    const m2 = await eventually(async () => {
      const m = await scrape(port());
      return m.value('complaint_desk_letters_sent_total{template="acknowledgement",practice="kl"}') === 1 ? m : null;
    }, 'acknowledgement counted');
    expect(m2.value('complaint_desk_ack_latency_seconds_count{practice="kl"}')).to.equal(1);
    const latency = m2.value('complaint_desk_ack_latency_seconds_sum{practice="kl"}')!;
    const row = db().prepare(`SELECT c.created_at, o.sent_at FROM outbox o JOIN cases c ON c.id = o.case_id WHERE o.template = 'acknowledgement' AND o.status = 'sent'`)
      .get() as { created_at: string; sent_at: string };
    expect(latency).to.be.closeTo((Date.parse(row.sent_at) - Date.parse(row.created_at)) / 1000, 0.001);
    expect(latency).to.be.greaterThan(0);
    expect(m2.value('complaint_desk_cases{state="acknowledged",practice="kl"}')).to.equal(1);
    expect(m2.value('complaint_desk_cases{state="received",practice="kl"}')).to.equal(0);
    expect(m2.value('complaint_desk_outbox_backlog{status="held"}')).to.equal(0);

    // The SMTP server answers 451 for a while: the request for a response waits in the queue, ageing.
    stack.smtp.setResponder((msg) => (msg.envelopeTo.includes('beklaagde@example.test') ? { code: 451, message: '4.3.0 try again later' } : null));
    await commissionerSays(`[${n}] #beklaagde Piet Pieters <beklaagde@example.test>`);
    await eventually(() => ((db().prepare(`SELECT attempts FROM outbox WHERE template = 'request-for-response'`).get() as { attempts: number } | undefined)?.attempts ?? 0) >= 1, 'a failed attempt');
    const m3 = await eventually(async () => {
      const m = await scrape(port());
      return (m.value('complaint_desk_outbox_oldest_age_seconds') ?? 0) > 0.2 ? m : null;
    }, 'an ageing backlog');
    expect(m3.value('complaint_desk_outbox_backlog{status="queued"}')).to.be.greaterThan(0);
    expect(m3.value('complaint_desk_letters_failed_total{template="request-for-response",practice="kl"}'), 'a retried attempt is no failure').to.equal(0);
    stack.smtp.setResponder(null);
    await waitForInbox(stack, 'beklaagde', (m) => m.subject.includes(`[${n}]`));
    const m4 = await eventually(async () => {
      const m = await scrape(port());
      return m.value('complaint_desk_letters_sent_total{template="request-for-response",practice="kl"}') === 1 && m.value('complaint_desk_outbox_oldest_age_seconds') === 0 ? m : null;
    }, 'backlog drained');
    expect(m4.value('complaint_desk_outbox_backlog{status="queued"}')).to.equal(0);

    // A permanent refusal: the expert's secrecy notice fails for good, and is counted as failed.
    stack.smtp.setResponder((msg) => (msg.envelopeTo.includes('deskundige@example.test') ? { code: 550, message: '5.1.1 no such user' } : null));
    await commissionerSays(`[${n}] #deskundige Dirk Deskundige <deskundige@example.test>`);
    const m5 = await eventually(async () => {
      const m = await scrape(port());
      return m.value('complaint_desk_letters_failed_total{template="expert-secrecy-notice",practice="kl"}') === 1 ? m : null;
    }, 'failure counted');
    expect(m5.value('complaint_desk_letters_sent_total{template="expert-secrecy-notice",practice="kl"}')).to.equal(0);
    expect(db().prepare(`SELECT status FROM outbox WHERE template = 'expert-secrecy-notice'`).get()).to.deep.equal({ status: 'failed' });
    stack.smtp.setResponder(null);

    // A stranger writes about the case: quarantined.
    await deliverToMailbox(stack, eml({ from: 'vreemde@example.test', fromName: 'Vera Vreemd', subject: `Re: [${n}] hoe staat het ervoor?`, messageId: `q-${randomUUID()}@example.test` }));
    await eventually(async () => (await scrape(port())).value('complaint_desk_quarantined_messages') === 1, 'quarantine counted');

    // Forty days later nobody has responded: the response term is overdue.
    expect((await scrape(port())).value('complaint_desk_deadlines_overdue{kind="response",practice="kl"}')).to.equal(0);
    clock.offsetMs = 40 * DAY;
    const today = localDateOf(clock.now(), 'Europe/Amsterdam');
    const overdue = db().prepare(`SELECT kind, count(*) AS n FROM deadlines WHERE status = 'open' AND due_date < ? GROUP BY kind`).all(today) as { kind: string; n: number }[];
    const m6 = await scrape(port());
    expect(overdue.find((o) => o.kind === 'response')?.n).to.equal(1);
    for (const kind of ['ack', 'present', 'response', 'handle', 'appeal']) {
      expect(m6.value(`complaint_desk_deadlines_overdue{kind="${kind}",practice="kl"}`), kind).to.equal(overdue.find((o) => o.kind === kind)?.n ?? 0);
    }
    clock.offsetMs = 0;

    // Nothing personal anywhere in the exposition: no address, name, subject or case number.
    for (const s of ['@', 'example.test', 'praktijk.test', 'Jan', 'Jansen', 'Piet', 'Dirk', 'Vera', 'Onheuse', n, 'KL-']) {
      expect(m6.text, s).not.to.include(s);
    }
    const labelValues = [...m6.text.matchAll(/(\w+)="([^"]*)"/g)].map((x) => `${x[1]}`);
    expect([...new Set(labelValues)].sort()).to.include.members(['kind', 'practice', 'state', 'status', 'template']);
    expect([...new Set([...m6.text.matchAll(/practice="([^"]*)"/g)].map((x) => x[1]))].sort(), 'the one practice, and none for letters of no case').to.deep.equal(['kl', 'none']);
    expect(labelValues.filter((l) => !['kind', 'practice', 'state', 'status', 'template', 'le', 'version', 'type', 'space', 'major', 'minor', 'patch', 'quantile'].includes(l))).to.deep.equal([]);
  });
});

describe('metrics: the practice label on a desk of several practices', function () {
  this.timeout(120_000);
  let stack: Stack;
  let svc: TestService;
  const clock: Clock & { offsetMs: number } = { offsetMs: 0, now() { return new Date(Date.now() + this.offsetMs); } };
  const port = () => svc.service.health.port;
  const shared = useServiceStack();
  before(async () => {
    stack = shared.stack;
    svc = await shared.start({ practices: twoPractices(), service: { clock }, overrides: { ACK_MODE: 'review' } });
  });

  it('labels cases, overdue terms and letters with the practice id, none while held, and never the practice name', async () => {
    const m0 = await scrape(port());
    for (const practice of ['lux', 'zorg', 'none']) {
      expect(m0.value(`complaint_desk_cases{state="received",practice="${practice}"}`), practice).to.equal(0);
      expect(m0.value(`complaint_desk_letters_sent_total{template="acknowledgement",practice="${practice}"}`), practice).to.equal(0);
      expect(m0.value(`complaint_desk_ack_latency_seconds_count{practice="${practice}"}`), practice).to.equal(0);
    }
    // No recognition in this complaint: it is held under no practice.
    const complaintId = `metrics-p-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Klacht over de wachttijd', fromName: 'Els Elders', messageId: complaintId }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === complaintId);
    const held = await eventually(async () => {
      const m = await scrape(port());
      // A held case's notice is the question which practice it is for (#praktijk).
      return m.value('complaint_desk_letters_sent_total{template="practice-question",practice="none"}') === 1 ? m : null;
    }, 'the question about the held case counted under none');
    expect(held.value('complaint_desk_cases{state="received",practice="none"}')).to.equal(1);
    expect(held.value('complaint_desk_cases{state="received",practice="lux"}')).to.equal(0);

    // Assigned to zorg (as #praktijk does, through the store's assignPractice): the count moves.
    const { store } = svc.service.ctx;
    const c = store.cases.newest()!;
    store.tx(() => store.cases.assignPractice(c.id, 'zorg', store.cases.nextNumber('ZORG', c.year), 'nl', new Date().toISOString()));
    const m1 = await scrape(port());
    expect(m1.value('complaint_desk_cases{state="received",practice="zorg"}')).to.equal(1);
    expect(m1.value('complaint_desk_cases{state="received",practice="none"}')).to.equal(0);
    expect(m1.value('complaint_desk_cases{state="received",practice="lux"}')).to.equal(0);
    expect(m1.value('complaint_desk_deadlines_overdue{kind="ack",practice="zorg"}')).to.equal(0);
    // Forty days on, its acknowledgement term is overdue: counted under zorg, not under the others.
    clock.offsetMs = 40 * DAY;
    const m2 = await scrape(port());
    clock.offsetMs = 0;
    expect(m2.value('complaint_desk_deadlines_overdue{kind="ack",practice="zorg"}')).to.equal(1);
    expect(m2.value('complaint_desk_deadlines_overdue{kind="ack",practice="lux"}')).to.equal(0);
    expect(m2.value('complaint_desk_deadlines_overdue{kind="ack",practice="none"}')).to.equal(0);
    const labels = new Set([...m1.text.matchAll(/practice="([^"]*)"/g)].map((x) => x[1]));
    expect([...labels].sort()).to.deep.equal(['lux', 'none', 'zorg']);
    for (const s of ['Praktijk', 'PRAKTIJK', 'ZORG-', 'KL-', 'Els', 'wachttijd']) expect(m1.text, s).not.to.include(s);
  });
});
