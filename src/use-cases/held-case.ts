/**
 * A complaint whose practice could not be told (issue 16) is held: a case under no practice,
 * numbered in the hold series, with no letter to the klager yet. The commissioner is asked at
 * once which practice it is for (`#praktijk ID`), and her daily digest asks again every working
 * day. The acknowledgement term runs from receipt all the while, so both say how long is left.
 */
import { OPEN_STATES } from '../domain/case.js';
import { localDateOf, type LocalDate } from '../domain/calendar.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import { recipientAddresses, recognisePractice, type Recognition } from '../domain/practice-recognition.js';
import { practiceById } from '../domain/practice.js';
import { oneLine } from '../domain/text-format.js';
import type { CaseRow } from '../store/cases-repo.js';
import { blobAttachSpecs } from './attach-specs.js';
import { attachmentFacts, caseFacts } from './case-facts.js';
import { workingDaysLeft } from './case-calendar.js';
import type { AppContext } from './context.js';
import { writeToCommissioners } from './write-letter.js';

/** The practice of a new complaint, from the folder it was taken from and the addresses it was sent to. */
export function practiceForMail(ctx: AppContext, mail: InboundMail, folder: string | null): Recognition {
  const { config } = ctx;
  return recognisePractice(config.practices, {
    mail, folder, ownAddresses: [config.mailboxAddress, config.mailFrom, ...config.commissionerEmails],
  });
}

/** Whether case `c` waits for `#praktijk`: no practice yet on a desk of several. */
export function isHeldCase(ctx: Pick<AppContext, 'config'>, c: Pick<CaseRow, 'practice_id' | 'number'>): boolean {
  const set = ctx.config.practices;
  return !set.single && set.practices.length > 1 && c.practice_id === null && c.number.startsWith(`${set.holdPrefix}-`);
}

/** The acknowledgement term of a held case as of `today`: its date, the working days left (0 when past) and whether it has passed. */
export function ackTermLeft(ctx: AppContext, c: CaseRow, today: LocalDate): { ackDue: LocalDate; wdLeft: number; past: boolean } | null {
  const ack = ctx.store.deadlines.currentOfKind(c.id, 'ack');
  if (!ack || ack.status !== 'open') return null;
  const left = workingDaysLeft(ctx, c.id, today, ack.due_date);
  return { ackDue: ack.due_date, wdLeft: Math.max(0, left), past: left < 0 };
}

/** The practices she can choose from, as the letters list them. */
export function practiceChoices(ctx: AppContext): { id: string; name: string }[] {
  return ctx.config.practices.practices.map((p) => ({ id: p.id, name: oneLine(p.name) }));
}

/** Ask the commissioner which practice held case `caseId` is for: the practice-question letter, in the caller's transaction. */
export function askForPractice(ctx: AppContext, caseId: number, mail: InboundMail, recognition: Recognition | undefined): void {
  const c = ctx.store.cases.get(caseId)!;
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  const facts = caseFacts(ctx, caseId);
  const set = ctx.config.practices;
  const candidates = recognition && !recognition.practice ? recognition.candidates : [];
  writeToCommissioners(ctx, {
    caseId, caseNumber: c.number, template: 'practice-question', inReplyTo: mail.messageId,
    facts: {
      // The facts block names no term: its label cites an article of a procedure not yet chosen;
      // the letter states the acknowledgement term in words instead.
      ...facts, forCommissioner: true, deadline: null,
      ...ackTermLeft(ctx, c, today),
      practices: practiceChoices(ctx), exampleId: set.practices[0]?.id ?? '',
      ambiguous: candidates.length > 1,
      candidates: candidates.map((id) => oneLine(practiceById(set, id)?.name ?? id)),
      sentTo: recipientAddresses(mail).slice(0, 20).map((a) => oneLine(a)),
      complaintText: mail.text.slice(0, 100_000), attachments: attachmentFacts(mail.attachments),
      attach: blobAttachSpecs(mail.attachments),
    },
  });
  ctx.store.cases.appendEvent({
    caseId, at: ctx.clock.now().toISOString(), actor: 'system', type: 'practice-unknown',
    data: { reason: recognition && !recognition.practice ? recognition.reason : 'none', candidates },
  });
}

/** For the daily digest: every open held case, with the days left for its acknowledgement. */
export function casesToAssign(ctx: AppContext, today: LocalDate): { caseNumber: string; klagerName: string; receivedDate: LocalDate; ackDue: LocalDate | null; wdLeft: number; past: boolean }[] {
  const set = ctx.config.practices;
  if (set.single || set.practices.length < 2) return [];
  return ctx.store.cases.heldIn(set.holdPrefix, OPEN_STATES).map((c) => {
    const klager = ctx.store.cases.parties(c.id).find((p) => p.role === 'klager');
    const term = ackTermLeft(ctx, c, today);
    return {
      caseNumber: c.number, klagerName: oneLine(klager?.name), receivedDate: c.received_date,
      ackDue: term?.ackDue ?? null, wdLeft: term?.wdLeft ?? 0, past: term?.past ?? false,
    };
  });
}

