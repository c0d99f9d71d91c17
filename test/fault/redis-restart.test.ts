/**
 * Redis stopped and started mid-run (issue 5 §2) on the real stack. The test's redis-server keeps
 * nothing on disk, so a restart is the worst case: every job in it is gone. Letters waiting in
 * Redis (held back by a greylisting SMTP server) and letters decided while Redis is down must
 * all be delivered after it returns, each once, without anyone restarting the service.
 * (Reminders surviving the restart belong to the terms work and its reconciler.)
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Stack } from '../../tools/devstack/stack.js';
import { deliverToMailbox, eml, eventually, removeDir, startTestService, startPrivateStack, type TestService } from '../support/harness.js';

const DOWN_MS = Number(process.env.FAULT_REDIS_DOWN_MS ?? 5000);

describe('fault: Redis restarted mid-run (real Redis, Dovecot, SMTP)', function () {
  this.timeout(120_000 + 2 * DOWN_MS);
  let stack: Stack;
  let svc: TestService | null = null;

  before(async () => {
    stack = await startPrivateStack();
  });
  after(async () => {
    await stack?.stop();
  });
  afterEach(async () => {
    stack.smtp.setResponder(null);
    await stack.redis.start();
    if (svc) {
      await svc.stop();
      removeDir(svc.dataDir);
      svc = null;
    }
  });

  it('no letter lost: jobs wiped with Redis are re-queued from SQLite, letters decided meanwhile are relayed, none twice', async () => {
    svc = await startTestService(stack, { overrides: { SEND_RETRY_BASE_MS: '1000' } });
    const db = svc.service.ctx.store.db;
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;

    // 1. Letters in Redis, waiting: the SMTP server greylists everything for now.
    stack.smtp.setResponder(() => ({ code: 451, message: '4.7.1 Greylisted, try again later' }));
    for (let i = 0; i < 4; i++) await deliverToMailbox(stack, eml({ from: `klager+${i}@example.test`, messageId: `r1-${i}-${randomUUID()}@example.test` }));
    await eventually(() => count(`SELECT count(*) AS n FROM outbox WHERE status = 'queued' AND attempts > 0`) === 8, 'eight letters queued and tried once');

    // 2. Redis goes away, with those jobs.
    await stack.redis.stop();
    for (let i = 4; i < 8; i++) await deliverToMailbox(stack, eml({ from: `klager+${i}@example.test`, messageId: `r2-${i}-${randomUUID()}@example.test` }));
    await eventually(() => count('SELECT count(*) AS n FROM cases') === 8, 'complaints still taken in while Redis is down');
    expect(count(`SELECT count(*) AS n FROM outbox WHERE status = 'pending'`), 'letters decided while Redis is down wait in SQLite').to.be.at.least(8);
    await new Promise((r) => setTimeout(r, DOWN_MS));

    // 3. Redis returns empty; the SMTP server accepts again.
    stack.smtp.setResponder(null);
    await stack.redis.start();
    const back = Date.now();
    await eventually(() => count(`SELECT count(*) AS n FROM outbox WHERE status = 'sent'`) === 16, 'all sixteen letters sent', 60_000);
    console.log(`      all letters sent ${Date.now() - back} ms after Redis returned`); // eslint-disable-line no-console

    const ids = new Map<string, number>();
    for (const m of stack.smtp.messages) ids.set(m.messageId, (ids.get(m.messageId) ?? 0) + 1);
    expect(stack.smtp.messages).to.have.length(16);
    expect([...ids.values()].every((n) => n === 1), 'no letter twice').to.equal(true);
    expect(count(`SELECT count(*) AS n FROM outbox WHERE status != 'sent'`)).to.equal(0);
    // The service is healthy again without a restart: a new complaint goes all the way.
    const after = `after-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ from: 'klager+99@example.test', messageId: after }));
    await stack.smtp.waitFor((m) => m.envelopeTo.includes('klager+99@example.test'));
  });
});
