/**
 * A new written complaint (art. 5): open a case with a gap-free number, file the complaint,
 * start the acknowledgement term, and decide the acknowledgement to the klager and the notice
 * to the commissioner, all in the caller's transaction. With ACK_MODE=auto the case is
 * acknowledged at once; with review the acknowledgement is held for `#ontvangst`. A complaint
 * whose practice could not be told (issue 16) is opened held: no letter to the klager, only the
 * question to the commissioner (held-case.ts) until `#praktijk` writes these letters.
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
import type { Recognition } from '../domain/practice-recognition.js';
import { askForPractice } from './held-case.js';

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
  /** Why no practice was recognised (a held case's question to the commissioner says so). */
  recognition?: Recognition;
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

  // Held (issue 16): its practice could not be told. Nothing goes to the klager yet, since every
  // letter names the practice, its procedure and a number in its series; she is asked at once.
  if (!practice) {
    askForPractice(ctx, c.id, input.mail, input.recognition);
    return store.cases.get(c.id)!;
  }
  writeOpeningLetters(ctx, c.id, {
    actor: 'system', messageRef, inReplyTo: input.mail.messageId, references: input.mail.references,
    complaintText: input.mail.text, attachments: input.mail.attachments,
  });
  return store.cases.get(c.id)!;
}

/** What the opening letters quote of the complaint: from the mail itself, or as filed (`#praktijk`). */
export interface Opening {
  /** Who acknowledges ('system' when the complaint came in; the commissioner for `#praktijk`) and the message that caused it. */
  actor: string;
  messageRef: number;
  /** The complaint's Message-ID, for threading; null when it has none. */
  inReplyTo: string | null;
  references: readonly string[];
  complaintText: string;
  attachments: readonly { filename: string; size: number; sha256: string; contentType?: string; content_type?: string }[];
}

/**
 * The letters that open a case of a known practice: with ACK_MODE=auto the acknowledgement to the
 * klager at once (review: held for `#ontvangst`), and the new-complaint notice to the commissioner.
 */
export function writeOpeningLetters(ctx: AppContext, caseId: number, o: Opening): void {
  const held = ctx.config.ackMode === 'review';
  if (!held) acknowledge(ctx, caseId, o.actor, o.messageRef);
  const c = ctx.store.cases.get(caseId)!;
  const klager = ctx.store.cases.parties(caseId).find((p) => p.role === 'klager')!;
  const references = [...o.references, ...(o.inReplyTo ? [o.inReplyTo] : [])];
  const facts = caseFacts(ctx, c.id);
  writeLetter(ctx, {
    caseId: c.id, caseNumber: c.number, template: 'acknowledgement', role: 'klager', to: klager.email,
    language: c.language, inReplyTo: o.inReplyTo, references,
    // The facts block names the terms still to come (handling, art. 12; next step presenting, art. 6), not this letter's own.
    facts: { ...facts, deadline: (facts.deadlines as Record<string, unknown>).handle ?? null, attachments: attachmentFacts(o.attachments) }, held,
  });
  writeToCommissioners(ctx, {
    caseId: c.id, caseNumber: c.number, template: 'new-complaint-notice', inReplyTo: o.inReplyTo,
    facts: {
      ...facts, held, deadline: (facts.deadlines as Record<string, unknown>)[held ? 'ack' : 'present'],
      complaintText: o.complaintText.slice(0, 100_000), attachments: attachmentFacts(o.attachments),
      lateIntake: lateIntake(ctx, c.received_date, (facts.deadlines as Record<string, { date?: string } | undefined>).ack?.date),
      attach: blobAttachSpecs(o.attachments),
    },
  });
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
