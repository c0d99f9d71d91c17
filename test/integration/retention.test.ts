/**
 * The appeal window and the retention purge on the real stack (Redis, Dovecot, SMTP), with the
 * clock injected months and years ahead: a decided case closes itself when the appeal term has
 * passed; 24 months later nothing of its personal data is left in any file, row or message in
 * the mailbox, and one anonymous statistics row remains.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Stack } from '../../tools/devstack/stack.js';
import { atLocalTime } from '../../src/domain/calendar.js';
import { fixedClock } from '../../src/domain/clock.js';
import { addMonths } from '../../src/domain/retention.js';
import { extendDeadlines } from '../../src/use-cases/extend-deadlines.js';
import { applyTransition } from '../../src/use-cases/transition-case.js';
import { formatPurgeReport, purgeCases } from '../../src/use-cases/purge-cases.js';
import {
  COMMISSIONER, MAILBOX, deliverToMailbox, eml, eventually, listMailbox, useServiceStack, type TestService,
} from '../support/harness.js';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** A complaint with a text part and an attachment, each carrying its own marker. */
function complaintWithAttachment(o: { from: string; name: string; subject: string; text: string; attachment: string; messageId: string }): string {
  const boundary = `b-${randomUUID()}`;
  return [
    `From: ${o.name} <${o.from}>`, `To: ${MAILBOX}`, `Subject: ${o.subject}`, `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${o.messageId}>`, 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`, '',
    `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', o.text, '',
    `--${boundary}`, 'Content-Type: text/plain; charset=utf-8; name="verslag.txt"', 'Content-Disposition: attachment; filename="verslag.txt"',
    'Content-Transfer-Encoding: base64', '', Buffer.from(o.attachment, 'utf8').toString('base64'), '',
    `--${boundary}--`, '',
  ].join('\r\n');
}

describe('appeal window and retention purge (real stack, clock injected)', function () {
  this.timeout(120_000);
  let stack: Stack;
  let svc: TestService | null = null;

  const shared = useServiceStack();
  before(() => void (stack = shared.stack));

  it('when a case closed 24 months ago is purged, then no file, row or mailbox message holds its personal data, and its statistics row remains', async () => {
    const m = randomUUID().slice(0, 8);
    const secrets = { name: `Mevrouw Zorgvuldig${m}`, subject: `Klacht onderwerp${m}`, text: `Klachttekst${m} over de behandeling`, attachment: `Bijlagetekst${m}`, reply: `Aanvulling${m}` };
    const klager = `klager@example.test`;
    const clock = fixedClock(new Date());
    svc = await shared.start({ service: { clock } });
    const { ctx } = svc.service;
    const db = ctx.store.db;
    const allSent = () => (db.prepare(`SELECT count(*) AS n FROM outbox WHERE status NOT IN ('sent', 'failed', 'cancelled', 'held')`).get() as { n: number }).n === 0;

    // The complaint (with an attachment), the acknowledgement, and a second mail from the klager in the case.
    const complaintId = `complaint-${m}@example.test`;
    await deliverToMailbox(stack, complaintWithAttachment({ from: klager, name: secrets.name, subject: secrets.subject, text: secrets.text, attachment: secrets.attachment, messageId: complaintId }));
    const caseId = await eventually(() => (db.prepare('SELECT id FROM cases WHERE subject = ?').get(secrets.subject) as { id: number } | undefined)?.id, 'the case');
    const number = ctx.store.cases.get(caseId)!.number;
    await deliverToMailbox(stack, eml({ from: klager, fromName: secrets.name, subject: `Re: [${number}] ${secrets.subject}`, text: secrets.reply }));
    await eventually(() => (db.prepare(`SELECT count(*) AS n FROM messages WHERE case_id = ? AND direction = 'in'`).get(caseId) as { n: number }).n === 2, 'the reply filed');
    await eventually(async () => (await listMailbox(stack, 'klachten', 'Klachten/Verwerkt')).length === 2, 'both mails in Klachten/Verwerkt');

    // An extension with a reason, then the ruling, which opens the appeal window.
    ctx.store.tx(() => extendDeadlines(ctx, caseId, { days: 5, reason: 'vakantie' }, COMMISSIONER, null));
    ctx.store.tx(() => {
      applyTransition(ctx, ctx.store.cases.get(caseId)!, 'decide', COMMISSIONER, null, { outcome: 'ongegrond' });
      ctx.store.cases.setOutcome(caseId, 'ongegrond');
    });
    ctx.outboxChanged();
    const appealDue = ctx.store.deadlines.currentOfKind(caseId, 'appeal')!.due_date;

    // The day after the appeal term: the case closes itself and the parties hear of it.
    const dayAfter = ctx.calendar.addWorkingDays(appealDue, 1);
    clock.set(atLocalTime(dayAfter, 10, 0, svc.config.timeZone));
    expect((await svc.service.maintenance.maintainNow()).closed).to.deep.equal([number]);
    expect(ctx.store.cases.get(caseId)!.state).to.equal('closed');
    await stack.smtp.waitFor((x) => x.envelopeTo.includes(klager) && x.subject.includes(`[${number}]`) && /gesloten/.test(x.subject), 1, 20_000);
    await eventually(allSent, 'every letter sent');

    // 24 months later, not a day sooner.
    const closedDate = dayAfter;
    clock.set(new Date(atLocalTime(addMonths(closedDate, 24), 8, 0, svc.config.timeZone).getTime() - 86_400_000));
    expect((await purgeCases(ctx, null, { dryRun: true })).cases).to.deep.equal([]);
    clock.set(atLocalTime(addMonths(closedDate, 24), 8, 0, svc.config.timeZone));

    // Messages in (complaint, reply) and out (the letters as sent).
    const stored = (db.prepare('SELECT count(*) AS n FROM messages WHERE case_id = ?').get(caseId) as { n: number }).n;
    expect(stored).to.be.greaterThan(2);
    const dry = await purgeCases(ctx, null, { dryRun: true });
    expect(dry.cases.map((c) => c.caseNumber)).to.deep.equal([number]);
    expect(dry.cases[0]!.counts).to.include({ messages: stored, parties: 1 });
    expect(dry.cases[0]!.counts.attachments).to.be.greaterThan(0);
    const dryText = formatPurgeReport(dry);
    for (const s of [...Object.values(secrets), klager]) expect(dryText).not.to.include(s);
    expect(ctx.store.cases.get(caseId)!.state, 'a dry run changes nothing').to.equal('closed');

    const result = await svc.service.maintenance.maintainNow();
    expect(result.purge!.failed).to.deep.equal([]);
    expect(result.purge!.cases.map((c) => c.caseNumber)).to.deep.equal([number]);
    expect(result.purge!.cases[0]!.mailboxCopies).to.equal(2);

    // What stays: the number and dates, state purged, one anonymous statistics row, one event with counts.
    const c = ctx.store.cases.get(caseId)!;
    expect(c).to.include({ state: 'purged', subject: '', outcome: 'ongegrond' });
    const stats = db.prepare('SELECT * FROM case_stats WHERE case_id = ?').get(caseId) as Record<string, unknown>;
    expect(stats).to.include({ year: c.year, outcome: 'ongegrond', final_state: 'decided', closed_by: 'automatic', extensions: 1, extension_wd: 5, appealed: 0 });
    expect(JSON.parse(stats.extension_reasons as string)).to.deep.equal([{ origin: 'extension', wd: 5, reason: 'vakantie' }]);
    expect(stats.ack_wd).to.equal(0);
    // The earlier events stay as links of the chain (issue 17): type, time and states, no actor or data.
    const events = ctx.store.cases.events(caseId);
    expect(events.at(-1)!.type).to.equal('purge');
    for (const e of events.slice(0, -1)) expect(e).to.include({ actor: '', data: '{}' });
    expect(JSON.parse(events.at(-1)!.data)).to.include({ messages: stored, parties: 1, mailboxCopies: 2 });

    // No row anywhere holds anything personal of the case.
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((t) => t.name);
    for (const t of tables) {
      const dump = JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all());
      for (const s of [...Object.values(secrets), klager, complaintId]) expect(dump, `table ${t}`).not.to.include(s);
    }
    for (const t of ['messages', 'attachments', 'parties', 'outbox', 'deadline_moves', 'deadlines']) {
      const n = (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
      expect(n, `rows left in ${t}`).to.equal(0);
    }

    // No file under DATA_DIR (blobs, the database, its WAL) holds it either.
    for (const f of filesUnder(svc.dataDir)) {
      const bytes = readFileSync(f);
      for (const s of [...Object.values(secrets), klager]) expect(bytes.includes(Buffer.from(s, 'utf8')), `${s} in ${f}`).to.equal(false);
    }
    expect(filesUnder(join(svc.dataDir, 'blobs')).filter((f) => !f.endsWith('.tmp'))).to.deep.equal([]);

    // Nor the complaints mailbox.
    for (const folder of ['INBOX', 'Klachten/Verwerkt', 'Klachten/Quarantaine']) {
      const left = await listMailbox(stack, 'klachten', folder);
      for (const msg of left) for (const s of Object.values(secrets)) expect(msg.raw.toString('utf8'), `${folder}`).not.to.include(s);
      expect(left.map((x) => x.messageId), folder).not.to.include(`<${complaintId}>`);
    }
    expect(await listMailbox(stack, 'klachten', 'Klachten/Verwerkt')).to.deep.equal([]);

    // A second run finds nothing more to do.
    expect((await purgeCases(ctx, null)).cases).to.deep.equal([]);
  });

  it('when mail filed in no case (quarantine) is older than RETENTION_MONTHS, then it goes too: row, file, notice and mailbox copy', async () => {
    const clock = fixedClock(new Date());
    svc = await shared.start({ service: { clock } });
    const { ctx } = svc.service;
    const db = ctx.store.db;
    const secret = `Onleesbaar${randomUUID().slice(0, 8)}`;
    await deliverToMailbox(stack, Buffer.from(`${secret} is not a mail message at all, no headers, no body separator`, 'utf8'));
    await eventually(async () => (await listMailbox(stack, 'klachten', 'Klachten/Quarantaine')).length === 1, 'the message in quarantine');
    await eventually(() => (db.prepare(`SELECT status FROM outbox WHERE template = 'quarantine-notice'`).get() as { status: string } | undefined)?.status === 'sent', 'the notice sent');
    const blob = (db.prepare(`SELECT blob_sha256 FROM messages WHERE case_id IS NULL`).get() as { blob_sha256: string }).blob_sha256;
    expect(ctx.store.blobs.has(blob)).to.equal(true);

    clock.set(new Date(clock.now().getTime() + 30 * 86_400_000)); // a month on: kept
    expect((await purgeCases(ctx, null, { dryRun: true })).unlinked).to.include({ messages: 0, letters: 0 });

    const later = new Date(clock.now());
    later.setUTCMonth(later.getUTCMonth() + 24);
    clock.set(later);
    const result = await svc.service.maintenance.maintainNow();
    // The quarantined mail and the notice as sent (messages), the notice's outbox row (letters).
    expect(result.purge!.unlinked).to.deep.equal({ messages: 2, letters: 1, blobs: 1, mailboxCopies: 1 });
    expect(db.prepare('SELECT id, case_id, direction, kind, status, at FROM messages').all()).to.deep.equal([]);
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).to.deep.equal({ n: 0 });
    expect(ctx.store.blobs.has(blob)).to.equal(false);
    expect(await listMailbox(stack, 'klachten', 'Klachten/Quarantaine')).to.deep.equal([]);
    for (const f of filesUnder(svc.dataDir)) expect(readFileSync(f).includes(Buffer.from(secret)), f).to.equal(false);
  });
});
