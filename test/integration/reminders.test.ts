/**
 * Reminders on the real stack (Redis, Dovecot, SMTP) with an injected clock: a due job sends
 * its letter through the outbox; a wiped Redis is rebuilt by the reconciler at the restart with
 * exactly the planned jobs and without sending anything twice; a stale job sends nothing.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import type { Stack } from '../../tools/devstack/stack.js';
import { atLocalTime, localDateOf } from '../../src/domain/calendar.js';
import { fixedClock } from '../../src/domain/clock.js';
import { beklaagdeJobId } from '../../src/domain/reminders.js';
import { PENDING_STATES, remindersQueue, type ReminderJob } from '../../src/jobs/reminders-queue.js';
import { plannedReminderJobs } from '../../src/use-cases/plan-reminders.js';
import { REMINDER_HORIZON_WD } from '../../src/jobs/reminder-reconciler.js';
import { extendDeadlines } from '../../src/use-cases/extend-deadlines.js';
import {
  COMMISSIONER, deliverToMailbox, eml, eventually, removeDir, startTestService, startPrivateStack, type TestService,
} from '../support/harness.js';

const BEKLAAGDE = 'beklaagde@praktijk.test';

describe('reminders on real Redis (injected clock)', function () {
  this.timeout(90_000);
  let stack: Stack;
  let redis: Redis;
  const services: TestService[] = [];
  const queues: Queue<ReminderJob>[] = [];
  const conns: Redis[] = [];

  before(async () => {
    stack = await startPrivateStack();
    redis = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
  });
  after(async () => {
    redis?.disconnect();
    await stack?.stop();
  });
  beforeEach(() => stack.smtp.clear());
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.close();
    for (const c of conns.splice(0)) c.disconnect();
    for (const s of services.splice(0)) {
      await s.stop();
      removeDir(s.dataDir);
    }
  });

  async function start(clock: ReturnType<typeof fixedClock>, o: { dataDir?: string; prefix?: string } = {}): Promise<TestService> {
    const svc = await startTestService(stack, {
      dataDir: o.dataDir, service: { clock },
      overrides: { ACK_MODE: 'review', ...(o.prefix ? { QUEUE_PREFIX: o.prefix } : {}) },
    });
    services.push(svc);
    return svc;
  }

  function queueOf(svc: TestService): Queue<ReminderJob> {
    const conn = new Redis(stack.redis.url, { maxRetriesPerRequest: null });
    conns.push(conn);
    const q = remindersQueue(conn, svc.config.queuePrefix);
    queues.push(q);
    return q;
  }

  async function pending(q: Queue<ReminderJob>): Promise<string[]> {
    return (await q.getJobs([...PENDING_STATES])).map((j) => j.id!).sort();
  }

  /** A complaint through the mailbox; resolves with its case id once it is in the file. */
  async function complaint(svc: TestService, from: string): Promise<number> {
    const subject = `Klacht ${randomUUID().slice(0, 8)}`;
    await deliverToMailbox(stack, eml({ from, subject }));
    return eventually(() => (svc.service.ctx.store.db.prepare('SELECT id FROM cases WHERE subject = ?').get(subject) as { id: number } | undefined)?.id, `case for ${subject}`);
  }

  /**
   * Name a beklaagde and start her response term today (what #beklaagde does), straight in the
   * store; `dueOn` sets its due date (a short term, so its reminder falls inside the reconciler's
   * horizon of REMINDER_HORIZON_WD working days).
   */
  function presentTo(svc: TestService, caseId: number, dueOn?: string): { id: number; due: string } {
    const { ctx } = svc.service;
    const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
    const due = dueOn ?? ctx.calendar.addWorkingDays(today, ctx.config.terms.responseWd);
    ctx.store.tx(() => {
      const at = ctx.clock.now().toISOString();
      ctx.store.cases.addParty(caseId, 'beklaagde', 'P. de Vries', BEKLAAGDE, at);
      ctx.store.deadlines.start(caseId, { kind: 'response', startDate: today, termWd: ctx.config.terms.responseWd, dueDate: due }, at);
    });
    return { id: ctx.store.deadlines.currentOfKind(caseId, 'response')!.id, due };
  }

  /** Wait until every job due by the (fixed) clock has run and Redis holds exactly the plan; returns the plan. */
  async function settled(svc: TestService, q: Queue<ReminderJob>): Promise<string[]> {
    let ids: string[] = [];
    await eventually(async () => {
      const plan = plannedReminderJobs(svc.service.ctx, REMINDER_HORIZON_WD);
      ids = plan.map((j) => j.jobId).sort();
      const now = svc.service.ctx.clock.now().getTime();
      return plan.every((j) => j.runAt.getTime() > now) && JSON.stringify(await pending(q)) === JSON.stringify(ids);
    }, 'due jobs run and the queue equal to the plan');
    return ids;
  }

  /** One second before REMINDER_HOUR on `date`: the job is due a second later, in real time too. */
  const justBefore = (svc: TestService, date: string) =>
    new Date(atLocalTime(date, svc.config.reminderHour, 0, svc.config.timeZone).getTime() - 1000);

  it('when the commissioner\'s digest day comes, then one digest with the case reaches her; and the beklaagde\'s reminder reaches the beklaagde', async () => {
    const clock = fixedClock(new Date());
    const svc = await start(clock);
    const caseId = await complaint(svc, 'klager@example.test');
    const { ctx } = svc.service;
    const number = ctx.store.cases.get(caseId)!.number;
    const ackDue = ctx.store.deadlines.currentOfKind(caseId, 'ack')!.due_date;
    const before = ctx.calendar.addWorkingDays(ackDue, -svc.config.reminderWdBefore);

    clock.set(justBefore(svc, before));
    await svc.service.reconciler.reconcileNow();
    const [digest] = await stack.smtp.waitFor((m) => m.envelopeTo.includes(COMMISSIONER) && m.subject.startsWith('Termijnen'), 1, 20_000);
    expect(digest!.raw.toString('utf8')).to.include(number);
    expect(ctx.store.db.prepare(`SELECT outcome FROM reminders_done WHERE job_key = ?`).get(`digest-${before}`)).to.deep.equal({ outcome: 'sent' });

    const response = presentTo(svc, caseId);
    const remindOn = ctx.calendar.addWorkingDays(response.due, -2);
    clock.set(justBefore(svc, remindOn));
    await svc.service.reconciler.reconcileNow();
    const [reminder] = await stack.smtp.waitFor((m) => m.envelopeTo.includes(BEKLAAGDE) && m.subject.includes('Herinnering'), 1, 20_000);
    expect(reminder!.subject).to.include(`[${number}]`);
    expect(reminder!.raw.toString('utf8')).to.match(/^Auto-Submitted: auto-generated/m);
  });

  it('when Redis is wiped (FLUSHALL) and the service restarts, then the reconciler restores exactly the planned jobs and sends nothing twice', async () => {
    const clock = fixedClock(new Date());
    const svc = await start(clock);
    const first = await complaint(svc, 'klager@example.test');
    const second = await complaint(svc, 'tweede.klager@example.test');
    const { ctx } = svc.service;
    const q = queueOf(svc);

    // Let the first digest run, so one reminder is already in the ledger before the wipe; the
    // second case's beklaagde is reminded the working day after it.
    const before = ctx.calendar.addWorkingDays(ctx.store.deadlines.currentOfKind(first, 'ack')!.due_date, -svc.config.reminderWdBefore);
    presentTo(svc, second, ctx.calendar.addWorkingDays(before, 3));
    clock.set(justBefore(svc, before));
    await svc.service.reconciler.reconcileNow();
    await stack.smtp.waitFor((m) => m.envelopeTo.includes(COMMISSIONER) && m.subject.startsWith('Termijnen'), 1, 20_000);
    const planned = await settled(svc, q);
    expect(planned).to.include(`rem-c${second}-d${ctx.store.deadlines.currentOfKind(second, 'response')!.id}-response-beklaagde-${ctx.store.deadlines.currentOfKind(second, 'response')!.due_date}`);
    expect(planned).not.to.include(`digest-${before}`);

    const dataDir = svc.dataDir;
    const prefix = svc.config.queuePrefix;
    await svc.stop();
    services.splice(services.indexOf(svc), 1);
    await redis.flushall();
    expect(await pending(q)).to.deep.equal([]);

    const again = await start(clock, { dataDir, prefix });
    // No reconcileNow() here: the start-up run alone must restore the queue.
    await eventually(async () => JSON.stringify(await pending(q)) === JSON.stringify(planned), 'the planned jobs back in Redis');
    const jobs = await q.getJobs([...PENDING_STATES]);
    const runAt = new Map(plannedReminderJobs(again.service.ctx).map((j) => [j.jobId, j.runAt.toISOString()]));
    for (const j of jobs) expect(j.data.runAt, j.id).to.equal(runAt.get(j.id!));
    // Reconciling again changes nothing.
    expect(await again.service.reconciler.reconcileNow()).to.deep.include({ added: [], removed: [] });
    const digests = again.service.ctx.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE template = 'commissioner-digest'`).get();
    expect(digests).to.deep.equal({ n: 1 });
  });

  it('when Redis restarts empty while the service runs, then the reminder jobs come back by themselves', async () => {
    const clock = fixedClock(new Date());
    const svc = await start(clock);
    const caseId = await complaint(svc, 'klager@example.test');
    const { ctx } = svc.service;
    presentTo(svc, caseId, ctx.calendar.addWorkingDays(localDateOf(ctx.clock.now(), ctx.config.timeZone), 3));
    await svc.service.reconciler.reconcileNow();
    const q = queueOf(svc);
    const planned = await settled(svc, q);
    expect(planned.some((id) => id.startsWith('rem-'))).to.equal(true);
    await stack.redis.stop(); // no persistence: it comes back empty
    await stack.redis.start();
    await eventually(async () => JSON.stringify(await pending(q).catch(() => [])) === JSON.stringify(planned), 'the planned jobs back in Redis', 30_000);
  });

  it('when a job is left for a deadline that is done or moved, then it runs and sends nothing, and the reconciler removes stale jobs', async () => {
    const clock = fixedClock(new Date());
    const svc = await start(clock);
    const caseId = await complaint(svc, 'klager@example.test');
    const { ctx } = svc.service;
    const response = presentTo(svc, caseId, ctx.calendar.addWorkingDays(localDateOf(ctx.clock.now(), ctx.config.timeZone), 3));
    await svc.service.reconciler.reconcileNow();
    const q = queueOf(svc);
    const oldId = beklaagdeJobId(caseId, response.id, response.due);
    expect(await pending(q)).to.include(oldId);

    // Moved: the planned job moves to the new due date and the old one is removed from Redis.
    ctx.store.tx(() => extendDeadlines(ctx, caseId, { days: 1, reason: 'ziekte' }, COMMISSIONER, null));
    const moved = ctx.store.deadlines.currentOfKind(caseId, 'response')!.due_date;
    const rec = await svc.service.reconciler.reconcileNow();
    expect(rec.removed).to.include(oldId);
    expect(await pending(q)).to.include(beklaagdeJobId(caseId, response.id, moved)).and.not.include(oldId);

    // A stale job that is still around (it was running, or Redis kept an old copy) runs and sends nothing.
    const runStale = async (dueDate: string) => {
      const jobId = `${beklaagdeJobId(caseId, response.id, dueDate)}`;
      await q.add('beklaagde', { type: 'beklaagde', caseId, deadlineId: response.id, dueDate }, { jobId });
      return eventually(async () => {
        const job = await q.getJob(jobId);
        return job?.finishedOn ? (job.returnvalue as unknown as string) : undefined;
      }, `job ${jobId} to finish`);
    };
    expect(await runStale(response.due)).to.equal('stale');
    // Done: the response came in. The reconciler drops the planned job; a copy that survives runs and sends nothing.
    ctx.store.tx(() => ctx.store.deadlines.meet(caseId, ['response'], ctx.clock.now().toISOString()));
    const after = await svc.service.reconciler.reconcileNow();
    expect(after.removed).to.include(beklaagdeJobId(caseId, response.id, moved));
    expect(after.planned.filter((id) => id.startsWith('rem-'))).to.deep.equal([]);
    expect(await runStale(moved)).to.equal('stale');
    expect(ctx.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE template = 'reminder-beklaagde'`).get()).to.deep.equal({ n: 0 });
    expect(stack.smtp.messages.filter((m) => m.envelopeTo.includes(BEKLAAGDE) && m.subject.includes('Herinnering'))).to.have.length(0);
  });
});
