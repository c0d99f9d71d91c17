/**
 * The commissioner's CLI against a database the real service made in this test: complaints and
 * commands go through the mailbox (Dovecot) as in life, and `node dist/src/cli.js …` runs as a
 * child process on the same DATA_DIR while the service keeps running. `--json` is parsed and
 * checked; the text forms are checked for what a person reads (and that a hostile name cannot
 * colour or move the terminal). `check-config --connect` logs in to the private stack, and names
 * IMAP when its password is wrong.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stack } from '../../tools/devstack/stack.js';
import type { Clock } from '../../src/domain/clock.js';
import { localDateOf } from '../../src/domain/calendar.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { formatCaseList, type CaseListRow } from '../../src/cli/cases-list.js';
import type { CaseDetail } from '../../src/cli/cases-show.js';
import type { CheckReport } from '../../src/cli/check-config.js';
import {
  COMMISSIONER, MAILBOX, deliverToMailbox, eml, eventually, testEnv, useServiceStack, waitForInbox, type TestService,
} from '../support/harness.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli.js');
const DAY = 86_400_000;

interface Run { code: number; stdout: string; stderr: string }

/** Run the CLI without blocking this process's event loop (the SMTP sink lives in it). */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, cwd: tmpdir(), timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A complaint with an attachment of exactly `bytes` bytes. */
function complaintWithAttachment(o: { from: string; name: string; subject: string; messageId: string; bytes: number }): string {
  const boundary = `b-${randomUUID()}`;
  return [
    `From: ${o.name} <${o.from}>`, `To: ${MAILBOX}`, `Subject: ${o.subject}`, `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${o.messageId}>`, 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`, '',
    `--${boundary}`, 'Content-Type: text/plain; charset=utf-8', '', 'Zie de bijlage.', '',
    `--${boundary}`, 'Content-Type: application/pdf; name="brief.pdf"', 'Content-Disposition: attachment; filename="brief.pdf"',
    'Content-Transfer-Encoding: base64', '', Buffer.alloc(o.bytes, 0x41).toString('base64').replace(/.{76}/g, '$&\r\n'), '',
    `--${boundary}--`, '',
  ].join('\r\n');
}

describe('CLI: cases list/show, report and check-config on a store made by the running service', function () {
  this.timeout(180_000);
  let stack: Stack;
  let svc: TestService;
  let env: Record<string, string>;
  /** The service's clock: real time plus an offset, so a case can be acknowledged "30 days ago". */
  const clock: Clock & { offsetMs: number } = { offsetMs: 0, now() { return new Date(Date.now() + this.offsetMs); } };
  const numbers: Record<'overdue' | 'full' | 'dismissed' | 'hostile', string> = { overdue: '', full: '', dismissed: '', hostile: '' };

  const commissionerSays = async (subject: string, body = '') => {
    const messageId = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text: body, messageId }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === messageId);
  };
  const complaint = async (raw: string, messageId: string, from: string): Promise<string> => {
    await deliverToMailbox(stack, raw);
    const store = svc.service.ctx.store;
    return eventually(() => (store.db.prepare(`SELECT c.number FROM cases c JOIN parties p ON p.case_id = c.id AND p.role = 'klager'
      WHERE p.email = ? ORDER BY c.id DESC`).get(from) as { number: string } | undefined)?.number, `case of ${messageId}`);
  };
  const stateOf = (n: string) => svc.service.ctx.store.cases.byNumber(n)!.state;

  const shared = useServiceStack();
  before(async () => {
    stack = shared.stack;
    svc = await shared.start({ service: { clock } });
    env = testEnv(stack, svc.dataDir, { LOG_LEVEL: 'silent' });

    // 1. Acknowledged 30 days ago and never presented: its present term is overdue.
    clock.offsetMs = -30 * DAY;
    const a = `cli-a-${randomUUID()}@example.test`;
    numbers.overdue = await complaint(eml({ from: 'anna@example.test', fromName: 'Anna de Vries', subject: 'Te laat', messageId: a }), a, 'anna@example.test');
    await eventually(() => stateOf(numbers.overdue) === 'acknowledged', 'A acknowledged');
    clock.offsetMs = 0;

    // 2. A full file: beklaagde, an extension, the response, more mail with an attachment, an expert.
    const b = `cli-b-${randomUUID()}@example.test`;
    numbers.full = await complaint(eml({ from: 'klager@example.test', fromName: 'Jan Jansen', subject: 'Onheuse bejegening', messageId: b }), b, 'klager@example.test');
    await commissionerSays(`[${numbers.full}] #beklaagde Piet Pieters <beklaagde@example.test>`);
    await commissionerSays(`[${numbers.full}] #verleng 3 ziekte`);
    const [request] = await waitForInbox(stack, 'beklaagde', (m) => m.subject.includes(`[${numbers.full}]`) && m.subject.includes('schriftelijke reactie'));
    const r = `cli-r-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ from: 'beklaagde@example.test', fromName: 'Piet Pieters', subject: `Re: ${request!.subject}`, messageId: r, inReplyTo: request!.messageId!.replace(/^<|>$/g, ''), text: 'Mijn reactie.' }));
    await eventually(() => stateOf(numbers.full) === 'responded', 'B responded');
    const extra = `cli-x-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, complaintWithAttachment({ from: 'klager@example.test', name: 'Jan Jansen', subject: `Re: [${numbers.full}] aanvulling`, messageId: extra, bytes: 5000 }));
    await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === extra);
    await commissionerSays(`[${numbers.full}] #deskundige Dirk Deskundige <deskundige@example.test>`);

    // 3. Not a complaint.
    const c = `cli-c-${randomUUID()}@example.test`;
    numbers.dismissed = await complaint(eml({ from: 'carla@example.test', fromName: 'Carla', subject: 'Vraag over openingstijden', messageId: c }), c, 'carla@example.test');
    await commissionerSays(`[${numbers.dismissed}] #geen-klacht vraag, geen klacht`);

    // 4. A name that tries to recolour the terminal (8-bit CSI; ESC itself never gets this far) and reverse what follows.
    const d = `cli-d-${randomUUID()}@example.test`;
    const hostileName = `=?utf-8?b?${Buffer.from('Eve \u009b31mRood\u202eesrever').toString('base64')}?=`;
    numbers.hostile = await complaint(eml({ from: 'eve@example.test', fromName: hostileName, subject: 'Gewoon', messageId: d }), d, 'eve@example.test');
  });


  it('cases list --json: every case with state, klager, next deadline and working days left; --overdue and --state filter', async () => {
    const all = await cli(['cases', 'list', '--json'], env);
    expect(all.code, all.stderr).to.equal(0);
    const rows = JSON.parse(all.stdout) as CaseListRow[];
    expect(rows.map((x) => x.number)).to.deep.equal([numbers.overdue, numbers.full, numbers.dismissed, numbers.hostile]);
    const byNumber = Object.fromEntries(rows.map((x) => [x.number, x]));
    expect(byNumber[numbers.overdue]).to.include({ state: 'acknowledged', klager: 'Anna de Vries' });
    expect(byNumber[numbers.overdue]!.nextDeadline!.kind).to.equal('present');
    expect(byNumber[numbers.overdue]!.nextDeadline!.workingDaysLeft).to.be.lessThan(0);
    expect(byNumber[numbers.overdue]!.overdueDeadlines).to.be.greaterThan(0);
    expect(byNumber[numbers.full]).to.include({ state: 'responded', klager: 'Jan Jansen', overdueDeadlines: 0 });
    // The response is in: the next deadline is the handle term, 30 working days from the acknowledgement plus 3.
    const full = svc.service.ctx.store.deadlines.currentOfKind(svc.service.ctx.store.cases.byNumber(numbers.full)!.id, 'handle')!;
    expect(byNumber[numbers.full]!.nextDeadline).to.deep.equal({
      kind: 'handle', dueDate: full.due_date, workingDaysLeft: svc.service.ctx.calendar.workingDaysBetween(localDateOf(new Date(), 'Europe/Amsterdam'), full.due_date),
    });
    expect(byNumber[numbers.dismissed]).to.include({ state: 'dismissed', nextDeadline: null, overdueDeadlines: 0 });

    const overdue = JSON.parse((await cli(['cases', 'list', '--overdue', '--json'], env)).stdout) as CaseListRow[];
    expect(overdue.map((x) => x.number)).to.deep.equal([numbers.overdue]);
    const dismissed = JSON.parse((await cli(['cases', 'list', '--state', 'dismissed', '--json'], env)).stdout) as CaseListRow[];
    expect(dismissed.map((x) => x.number)).to.deep.equal([numbers.dismissed]);
    const open = JSON.parse((await cli(['cases', 'list', '--state', 'open', '--json'], env)).stdout) as CaseListRow[];
    expect(open.map((x) => x.number)).to.deep.equal([numbers.overdue, numbers.full, numbers.hostile]);
    const bad = await cli(['cases', 'list', '--state', 'sleeping'], env);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/unknown state 'sleeping'/);
  });

  it('cases list as text: a table a person reads, no colour into a pipe, red for overdue on a terminal, no escape codes from a name', async () => {
    const text = await cli(['cases', 'list'], env);
    expect(text.code, text.stderr).to.equal(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(/^NUMBER\s+STATE\s+RECEIVED\s+KLAGER\s+NEXT DEADLINE\s+WD LEFT$/);
    expect(lines.find((l) => l.startsWith(numbers.full))).to.match(/responded .* Jan Jansen .* handle \d{4}-\d{2}-\d{2}\s+\d+$/);
    expect(lines.at(-1)).to.equal('4 cases, 1 with an overdue deadline');
    expect(text.stdout).not.to.include('\u001b');
    expect(text.stdout).not.to.include('\u202e');
    expect(text.stdout).not.to.include('\u009b');
    // What reached the store: the parser turns C0/C1 controls into spaces, and the bidi override into U+FFFD (outside-text.ts).
    const stored = svc.service.ctx.store.cases.parties(svc.service.ctx.store.cases.byNumber(numbers.hostile)!.id)[0]!.name;
    expect(stored).not.to.include('\u202e');
    expect(stored).to.include('\ufffd');
    expect(lines.find((l) => l.startsWith(numbers.hostile))).to.include(stored.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'));

    const rows = JSON.parse((await cli(['cases', 'list', '--json'], env)).stdout) as CaseListRow[];
    const tty = formatCaseList(rows, { write: () => true, isTTY: true }, 3);
    const red = tty.split('\n').find((l) => l.includes(numbers.overdue))!;
    expect(red.startsWith('\u001b[31m'), JSON.stringify(red)).to.equal(true);
    expect(tty.split('\n').find((l) => l.includes(numbers.hostile))).not.to.match(/[\u009b\u202e]/);
    // --json keeps the stored name (its override already U+FFFD), C1 controls written as escapes: valid JSON, harmless on a terminal.
    const json = (await cli(['cases', 'list', '--json'], env)).stdout;
    expect(json).to.include('\ufffdesrever');
    expect(json).not.to.include('\u202e');
    expect(rows.find((x) => x.number === numbers.hostile)!.klager).to.equal(stored);
  });

  it('cases show --json: parties, timeline, every deadline with its origin and moves, documents with sizes, letters', async () => {
    const run = await cli(['cases', 'show', numbers.full, '--json'], env);
    expect(run.code, run.stderr).to.equal(0);
    const d = JSON.parse(run.stdout) as CaseDetail;
    expect(d).to.include({ number: numbers.full, state: 'responded', subject: 'Onheuse bejegening' });
    expect(d.parties.map((p) => [p.role, p.name, p.email])).to.deep.equal([
      ['klager', 'Jan Jansen', 'klager@example.test'], ['beklaagde', 'Piet Pieters', 'beklaagde@example.test'], ['deskundige', 'Dirk Deskundige', 'deskundige@example.test'],
    ]);
    expect(d.timeline.map((e) => e.type)).to.include.members(['received', 'acknowledge', 'present', 'respond', 'expert-added']);
    expect(d.timeline.find((e) => e.type === 'present')).to.include({ fromState: 'acknowledged', toState: 'presented', actor: COMMISSIONER });

    const kinds = Object.fromEntries(d.deadlines.map((x) => [x.kind, x]));
    expect(kinds.ack).to.include({ startedBy: 'receipt', status: 'met', termWd: 10 });
    expect(kinds.present).to.include({ startedBy: 'acknowledgement', status: 'met' });
    expect(kinds.response).to.include({ startedBy: 'presentation', status: 'met' });
    expect(kinds.handle).to.include({ startedBy: 'acknowledgement', status: 'open', termWd: 30 });
    // #verleng 3 moved the two terms that were running: the response and the handle term.
    for (const k of ['response', 'handle']) {
      expect(kinds[k]!.moves, k).to.have.length(1);
      expect(kinds[k]!.moves[0]).to.include({ origin: 'extension', reason: 'ziekte', workingDays: 3, fromDate: kinds[k]!.originalDueDate, actor: COMMISSIONER });
      expect(kinds[k]!.moves[0]!.toDate).to.equal(kinds[k]!.dueDate);
      expect(svc.service.ctx.calendar.workingDaysBetween(kinds[k]!.originalDueDate, kinds[k]!.dueDate)).to.equal(3);
    }
    expect(kinds.handle!.workingDaysLeft).to.be.greaterThan(20);

    expect(d.documents.find((x) => x.kind === 'complaint')).to.include({ direction: 'in', from: 'klager@example.test', subject: 'Onheuse bejegening' });
    const withAttachment = d.documents.find((x) => x.attachments.length > 0)!;
    expect(withAttachment).to.include({ direction: 'in', from: 'klager@example.test', subject: `Re: [${numbers.full}] aanvulling` });
    expect(withAttachment.size).to.be.greaterThan(5000);
    expect(withAttachment.attachments).to.deep.equal([{ filename: 'brief.pdf', contentType: 'application/pdf', size: 5000 }]);
    expect(d.documents.find((x) => x.kind === 'response')).to.include({ direction: 'in', from: 'beklaagde@example.test' });
    const sentAck = d.documents.find((x) => x.direction === 'out' && x.kind === 'acknowledgement')!;
    expect(sentAck.to).to.deep.equal(['klager@example.test']);
    expect(sentAck.size).to.be.greaterThan(0);
    expect(d.letters.map((l) => l.template)).to.include.members(['acknowledgement', 'new-complaint-notice', 'request-for-response', 'extension-notice', 'expert-secrecy-notice']);

    const text = await cli(['cases', 'show', numbers.full], env);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.match(/^Parties$/m);
    expect(text.stdout).to.match(/^\s+handle\s+started \d{4}-\d{2}-\d{2} by acknowledgement, 30 wd → due \d{4}-\d{2}-\d{2} \(originally \d{4}-\d{2}-\d{2}\)\s+open, \d+ wd left$/m);
    expect(text.stdout).to.match(/moved \S+ → \S+ \(\+3 wd\) by extension: ziekte/);
    expect(text.stdout).to.match(/attachment\s+brief\.pdf\s+application\/pdf\s+4\.9 kB/);

    const missing = await cli(['cases', 'show', 'KL-2099-0042'], env);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('no case KL-2099-0042');
    const nonsense = await cli(['cases', 'show', 'rm -rf'], env);
    expect(nonsense.code).to.equal(2);
  });

  it('report --year: the running service\'s year, counted from the live cases, without names', async () => {
    const year = new Date().getFullYear();
    const run = await cli(['report', '--year', String(year), '--format', 'json'], env);
    expect(run.code, run.stderr).to.equal(0);
    const r = JSON.parse(run.stdout) as { received: number; outcomes: Record<string, number> };
    const receivedThisYear = (svc.service.ctx.store.db.prepare('SELECT count(*) AS n FROM cases WHERE year = ?').get(year) as { n: number }).n;
    expect(r.received).to.equal(receivedThisYear);
    expect(r.outcomes['geen-klacht']).to.equal(1);
    const md = await cli(['report', '--year', String(year)], env);
    expect(md.stdout).to.include(`| Ontvangen klachten | ${receivedThisYear} |`);
    for (const s of ['Jan Jansen', 'Anna', 'example.test', 'Onheuse', 'Pieters']) expect(md.stdout).not.to.include(s);
  });

  it('--help on every command', async () => {
    for (const args of [['cases', 'list'], ['cases', 'show'], ['check-config'], ['report'], ['cases']]) {
      const run = await cli([...args, '--help'], env);
      expect(run.code, args.join(' ')).to.equal(0);
      expect(run.stdout, args.join(' ')).to.match(/^Usage: complaint-desk /);
    }
    expect((await cli(['report', '--help'], env)).stdout).to.match(/--format <format>/);
  });

  it('check-config --connect logs in to IMAP and SMTP and pings Redis on the private stack', async () => {
    const run = await cli(['check-config', '--connect', '--json'], env);
    expect(run.code, run.stdout + run.stderr).to.equal(0);
    const r = JSON.parse(run.stdout) as CheckReport;
    expect(r.ok).to.equal(true);
    const status = (check: string) => r.results.filter((x) => x.check === check).map((x) => x.status);
    for (const c of ['config', 'templates', 'addresses', 'data', 'imap', 'smtp']) expect(status(c), c).to.deep.equal(['ok']);
    expect(status('redis')).to.include('ok');
    expect(status('command-auth')).to.deep.equal(['warning']);
    expect(r.results.find((x) => x.check === 'imap')!.message).to.match(new RegExp(`^IMAP: logged in as ${env.IMAP_USER} at 127\\.0\\.0\\.1:\\d+; INBOX holds \\d+ message`));
    const text = await cli(['check-config', '--connect'], env);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.match(/^ok {6}IMAP: logged in/m);
    expect(text.stdout.trimEnd().split('\n').at(-1)).to.equal('no problems found');
  });

  it('check-config --connect with a wrong IMAP password names IMAP as the failure, and exits 1', async () => {
    const run = await cli(['check-config', '--connect', '--json'], { ...env, IMAP_PASSWORD: 'not-the-password' });
    expect(run.code).to.equal(1);
    const r = JSON.parse(run.stdout) as CheckReport;
    const failed = r.results.filter((x) => x.status === 'failed');
    expect(failed.map((x) => x.check)).to.deep.equal(['imap']);
    expect(failed[0]!.message).to.match(new RegExp(`^IMAP: ${env.IMAP_USER} at 127\\.0\\.0\\.1:\\d+: login refused`));
    expect(failed[0]!.message).to.match(/AUTHENTICATIONFAILED|Authentication failed/i);
    expect(failed[0]!.message).not.to.include('not-the-password');
    expect(r.results.filter((x) => x.check === 'smtp' || x.check === 'redis').map((x) => x.status)).to.include.members(['ok']);
    const text = await cli(['check-config', '--connect'], { ...env, IMAP_PASSWORD: 'not-the-password' });
    expect(text.code).to.equal(1);
    expect(text.stdout).to.match(new RegExp(`^FAILED {2}IMAP: ${env.IMAP_USER} at .*login refused`, 'm'));
    expect(text.stdout.trimEnd().split('\n').at(-1)).to.equal('1 problem found');
  });

  it('check-config lists every problem of a bad configuration, one line each, and exits 1', async () => {
    const { IMAP_HOST: _host, ...withoutHost } = env;
    const run = await cli(['check-config'], { ...withoutHost, TERM_ACK_WD: 'ten', COMMISSIONER_EMAILS: `${env.MAIL_FROM}` });
    expect(run.code).to.equal(1);
    expect(run.stdout).to.match(/^FAILED {2}IMAP_HOST: is required/m);
    expect(run.stdout).to.match(/^FAILED {2}TERM_ACK_WD: must be a whole number/m);
    const own = await cli(['check-config'], { ...env, COMMISSIONER_EMAILS: `${env.MAIL_FROM}` });
    expect(own.code).to.equal(1);
    expect(own.stdout).to.match(/^FAILED {2}COMMISSIONER_EMAILS holds klachten@praktijk\.test, the service's own address/m);
    const closedRedis = await cli(['check-config', '--connect', '--json'], { ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    const r = JSON.parse(closedRedis.stdout) as CheckReport;
    expect(r.results.filter((x) => x.status === 'failed').map((x) => x.check)).to.deep.equal(['redis']);
    expect(r.results.find((x) => x.check === 'redis')!.message).to.match(/^Redis: redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
  });
});
