/**
 * A walk with #verleng, #ingetrokken and a late appeal, on the real stack. The whole procedure,
 * appeal and ruling on appeal included, is walked in procedure-lived.test.ts.
 */
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { formatLocalDate } from '../../src/domain/text-format.js';
import { randomUUID } from 'node:crypto';
import type { Stack } from '../../tools/devstack/stack.js';
import { addDays, localDateOf } from '../../src/domain/calendar.js';
import { fixedClock } from '../../src/domain/clock.js';
import {
  COMMISSIONER, deliverToMailbox, eml, eventually, listMailbox, removeDir, useServiceStack, waitForInbox,
  type TestService,
} from '../support/harness.js';

type Listed = Awaited<ReturnType<typeof listMailbox>>[number];

describe('e2e: the whole procedure by mail', function () {
  this.timeout(180_000);
  let stack: Stack;
  let svc: TestService | null = null;

  const shared = useServiceStack();
  before(() => void (stack = shared.stack));

  /** Letters of one case in a user's inbox. */
  const lettersOf = async (user: string, caseNumber: string): Promise<Listed[]> =>
    (await listMailbox(stack, user, 'INBOX')).filter((m) => m.subject.includes(`[${caseNumber}]`));
  const text = (m: { raw: Buffer }) => m.raw.toString('utf8');
  const stateOf = (s: TestService, n: string) => (s.service.ctx.store.cases.byNumber(n)!).state;

  /** The commissioner writes to the mailbox (COMMAND_AUTH=none in this walk; security.test covers DKIM). */
  async function commissionerSays(subject: string, body = '', inReplyTo?: string): Promise<string> {
    const messageId = `cmd-${randomUUID()}@praktijk.test`;
    await deliverToMailbox(stack, eml({ from: COMMISSIONER, fromName: 'M. Roozmond', subject, text: body, messageId, inReplyTo }));
    return messageId;
  }

  /** Wait for the commissioner's receipt to a command mail, and return it. */
  async function receiptFor(messageId: string) {
    const [r] = await waitForInbox(stack, 'commissaris', (m) => m.inReplyTo === messageId);
    return r!;
  }

  it('a second walk: #verleng moves the terms, #ingetrokken stops them, and a late appeal gets the "term has passed" letter', async () => {
    if (svc) {
      await svc.stop();
      removeDir(svc.dataDir);
    }
    const clock = fixedClock(new Date());
    svc = await shared.start({ service: { clock } });
    const store = svc.service.ctx.store;

    // Case A: extended, then withdrawn.
    const a = `walk2a-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Klacht A', messageId: a }));
    const [ackA] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === a);
    const nA = /\[(KL-\d{4}-\d{4})\]/.exec(ackA!.subject)![1]!;
    const before = store.deadlines.currentOfKind(store.cases.byNumber(nA)!.id, 'handle')!.due_date;
    const v = await commissionerSays(`[${nA}] #verleng 5 ziekte`);
    const receipt = await receiptFor(v);
    const after = store.deadlines.currentOfKind(store.cases.byNumber(nA)!.id, 'handle')!.due_date;
    // The receipt names each moved term and both dates, as the letters do (not the code names).
    expect((await simpleParser(receipt.raw)).text).to.include(`afhandeling van de klacht (art. 12): ${formatLocalDate(before, 'nl')} → ${formatLocalDate(after, 'nl')}`);
    expect(svc.service.ctx.calendar.workingDaysBetween(before, after)).to.equal(5);
    const w = await commissionerSays(`[${nA}] #ingetrokken`);
    await receiptFor(w);
    expect(stateOf(svc, nA)).to.equal('withdrawn');
    expect(store.deadlines.ofCase(store.cases.byNumber(nA)!.id).filter((d) => d.status === 'open')).to.have.length(0);

    // Case B (another klager address would be a new party; the same klager has no open case now).
    const b = `walk2b-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: 'Klacht B', messageId: b }));
    const [ackB] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === b);
    const nB = /\[(KL-\d{4}-\d{4})\]/.exec(ackB!.subject)![1]!;
    await receiptFor(await commissionerSays(`[${nB}] #beklaagde Piet Pieters <beklaagde@example.test>`));
    await receiptFor(await commissionerSays(`[${nB}] #uitspraak ongegrond`, 'Geen onheuse bejegening vastgesteld.'));
    expect(stateOf(svc, nB)).to.equal('decided');

    // 30 working days later the appeal window (20 wd) has passed.
    clock.set(new Date(Date.now() + 45 * 24 * 3600 * 1000));
    const late = `late-${randomUUID()}@example.test`;
    await deliverToMailbox(stack, eml({ subject: `Re: [${nB}] Uitspraak op de klacht: ongegrond`, messageId: late, text: 'Ik ga in beroep.' }));
    const [outOfTerm] = await waitForInbox(stack, 'klager', (m) => m.inReplyTo === late);
    expect(outOfTerm!.subject).to.include('na de beroepstermijn');
    expect(stateOf(svc, nB)).to.equal('decided');
  });
});
