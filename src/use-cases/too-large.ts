/**
 * A message over MAX_MESSAGE_MB (issue 5): kept whole in quarantine (the IMAP copy in the
 * quarantine folder, the raw bytes as a blob when they were fetched), the commissioner told, and
 * the sender told to send smaller files or the documents by post — but only a person who could
 * be a klager or a party (never automatic mail, never the commissioner), and at most one such
 * letter per address per 24 hours (SPEC §7).
 */
import { localDateOf } from '../domain/calendar.js';
import type { Classification } from '../domain/classify.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import { oneLine } from '../domain/text-format.js';
import type { AppContext } from './context.js';
import { quarantineMail } from './quarantine-mail.js';
import { mayAutoReply } from './rate-limit.js';
import { writeLetter } from './write-letter.js';

export interface TooLargeInput {
  /** Parsed from the header block only; null when even that could not be read. */
  mail: InboundMail | null;
  reason: string;
  verdict: Classification | null;
  storedMessageId: string;
  blobSha256: string;
  size: number;
  receivedAt: Date;
}

const MB = 1024 * 1024;

export function quarantineTooLarge(ctx: AppContext, input: TooLargeInput): { caseId: number | null; senderTold: boolean } {
  const v = input.verdict;
  const caseId = v && (v.kind === 'party-mail' || v.kind === 'to-open-case') ? v.caseId : null;
  const from = input.mail?.from?.address ?? null;
  const person = v !== null && (v.kind === 'new-complaint' || v.kind === 'to-open-case' || v.kind === 'party-mail');
  const tell = !!input.mail && !!from && input.mail.fromCount === 1 && person && !ctx.config.commissionerEmails.includes(from) && mayAutoReply(ctx, from);
  const messageRef = quarantineMail(ctx, {
    mail: input.mail, reason: input.reason, storedMessageId: input.storedMessageId,
    blobSha256: input.blobSha256, size: input.size, caseId, senderTold: tell,
  });
  if (tell && input.mail && from) {
    writeLetter(ctx, {
      caseId: null, caseNumber: null, template: 'too-large-notice', role: 'sender', to: from,
      language: ctx.config.defaultLanguage, inReplyTo: input.mail.messageId,
      facts: {
        answersMessage: messageRef,
        mailSubject: oneLine(input.mail.subject).slice(0, 200),
        sizeMb: (input.size / MB).toFixed(1),
        maxMb: Math.round(ctx.config.maxMessageBytes / MB),
        receivedDate: localDateOf(input.receivedAt, ctx.config.timeZone),
        letterDate: localDateOf(ctx.clock.now(), ctx.config.timeZone),
        practiceName: oneLine(ctx.config.practiceName),
        commissionerName: oneLine(ctx.config.commissionerName),
      },
    });
  }
  return { caseId, senderTold: tell };
}
