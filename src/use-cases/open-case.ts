/**
 * A new written complaint (art. 5): open a case with a gap-free number, file the complaint,
 * start the acknowledgement term, and decide the acknowledgement to the klager and the notice
 * to the commissioner, all in the caller's transaction. With ACK_MODE=auto the case is
 * acknowledged at once; with review the acknowledgement is held for `#ontvangst`.
 */
import { localDateOf } from '../domain/calendar.js';
import { deadlinesStartedBy } from '../domain/deadlines.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import { oneLine } from '../domain/text-format.js';
import type { CaseRow } from '../store/cases-repo.js';
import { blobAttachSpecs } from './attach-specs.js';
import { attachmentFacts, caseFacts } from './case-facts.js';
import type { AppContext } from './context.js';
import { storeInbound } from './store-inbound.js';
import { applyTransition } from './transition-case.js';
import { writeLetter, writeToCommissioners } from './write-letter.js';
import type { Practice } from '../domain/practice.js';

export interface OpenCaseInput {
  mail: InboundMail & { from: NonNullable<InboundMail['from']> };
  storedMessageId: string;
  blobSha256: string;
  size: number;
  /** When the complaint reached the mailbox (IMAP INTERNALDATE): the legal date of receipt. */
  receivedAt: Date;
  /** An already filed message to take as the complaint (#nieuw: the commissioner's own mail). */
  existingMessageRef?: number;
  /**
   * The practice the complaint was recognised as (issue 16). Undefined: the one practice of a
   * single-practice desk; otherwise the case is held under no practice until `#praktijk`.
   */
  practice?: Practice;
}

export function openCase(ctx: AppContext, input: OpenCaseInput): CaseRow {
  const { config, store } = ctx;
  const nowIso = ctx.clock.now().toISOString();
  // The complaint, its 'received' event and the case all carry the date of receipt (INTERNALDATE),
  // not the moment we processed it: a late-processed complaint shows one date of receipt everywhere.
  const receivedIso = input.receivedAt.toISOString();
  const receivedDate = localDateOf(input.receivedAt, config.timeZone);
  const year = Number(receivedDate.slice(0, 4));
  const set = config.practices;
  const practice = input.practice ?? (set.single ? set.practices[0] : undefined);
  const c = store.cases.create({
    number: store.cases.nextNumber(practice?.casePrefix ?? set.holdPrefix, year),
    year,
    state: 'received',
    language: practice?.language ?? config.defaultLanguage,
    practice_id: practice?.id ?? null,
    subject: oneLine(input.mail.subject).slice(0, 300),
    received_at: receivedIso,
    received_date: receivedDate,
    created_at: nowIso,
    updated_at: nowIso,
  });
  const klager = input.mail.from;
  store.cases.addParty(c.id, 'klager', oneLine(klager.name).slice(0, 200), klager.address, receivedIso);
  let messageRef = input.existingMessageRef;
  if (messageRef) store.messages.setCase(messageRef, c.id, 'complaint', input.mail.text);
  else {
    messageRef = storeInbound(ctx, input.mail, {
      caseId: c.id, kind: 'complaint', status: 'filed', storedMessageId: input.storedMessageId,
      blobSha256: input.blobSha256, size: input.size, at: receivedIso,
    });
  }
  store.cases.appendEvent({ caseId: c.id, at: receivedIso, actor: klager.address, type: 'received', toState: 'received', messageRef });
  for (const d of deadlinesStartedBy('receive', receivedDate, (practice ?? set.practices[0]!).procedure, ctx.calendar)) store.deadlines.start(c.id, d, nowIso);

  const held = config.ackMode === 'review';
  if (!held) acknowledge(ctx, c.id, 'system', messageRef);

  const facts = caseFacts(ctx, c.id);
  writeLetter(ctx, {
    caseId: c.id, caseNumber: c.number, template: 'acknowledgement', role: 'klager', to: klager.address,
    language: c.language, inReplyTo: input.mail.messageId, references: [...input.mail.references, ...(input.mail.messageId ? [input.mail.messageId] : [])],
    // The facts block names the terms still to come (handling, art. 12; next step presenting, art. 6), not this letter's own.
    facts: { ...facts, deadline: (facts.deadlines as Record<string, unknown>).handle ?? null, attachments: attachmentFacts(input.mail.attachments) }, held,
  });
  writeToCommissioners(ctx, {
    caseId: c.id, caseNumber: c.number, template: 'new-complaint-notice', inReplyTo: input.mail.messageId,
    facts: {
      ...facts, held, deadline: (facts.deadlines as Record<string, unknown>)[held ? 'ack' : 'present'],
      complaintText: input.mail.text.slice(0, 100_000), attachments: attachmentFacts(input.mail.attachments),
      lateIntake: lateIntake(ctx, receivedDate, (facts.deadlines as Record<string, { date?: string } | undefined>).ack?.date),
      attach: blobAttachSpecs(input.mail.attachments),
    },
  });
  return store.cases.get(c.id)!;
}

/**
 * Own mode (issue 12): a complaint dragged into the intake folder days after it reached her
 * mailbox keeps that date of receipt (INTERNALDATE), so its acknowledgement term may be short or
 * past: the notice says so. Null when it arrived today or the term has time left.
 */
function lateIntake(ctx: AppContext, receivedDate: string, ackDue: string | undefined): { receivedDate: string; ackDue: string; wdLeft: number; past: boolean } | null {
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  if (!ackDue || receivedDate >= today) return null;
  const wdLeft = ctx.calendar.workingDaysBetween(today, ackDue);
  if (wdLeft > ctx.config.reminderWdBefore) return null;
  return { receivedDate, ackDue, wdLeft: Math.max(0, wdLeft), past: wdLeft < 0 };
}

/** Move a received case to acknowledged: meet the acknowledgement term, start the next ones. */
export function acknowledge(ctx: AppContext, caseId: number, actor: string, messageRef: number | null): void {
  applyTransition(ctx, ctx.store.cases.get(caseId)!, 'acknowledge', actor, messageRef);
}
