/**
 * Processor for one outbox row: re-check it (sent already? cancelled? recipient allowed?),
 * render, send, mark. Idempotent: BullMQ may run a job twice (stalled jobs), and the row status
 * decides. The only window for a duplicate is a crash between the SMTP server's 250 and the
 * UPDATE below (or a power failure before that UPDATE reaches the disk: it is not fsynced); such
 * a duplicate carries the same Message-ID, so mail clients and we see it for what it is.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { AppError, classifySmtpError } from '../errors.js';
import type { Logger } from '../logger.js';
import { composeMail } from '../mail-out/compose.js';
import { letterSpec, type LetterSpec } from '../mail-out/letters.js';
import type { OutboxRow } from '../store/outbox-repo.js';
import { buildAttachments, type AttachSpec } from '../mail-out/attachments.js';
import { domainOf } from '../util/address.js';
import { assertRecipientAllowed } from '../mail-out/recipient-guard.js';
import type { LetterRenderer } from '../mail-out/render.js';
import type { MailTransport } from '../mail-out/transport.js';
import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/store.js';
import type { SendLetterJob } from './queues.js';
import type { Undelivered } from '../use-cases/bounce-alert.js';

export interface SendLetterDeps {
  config: Config;
  store: Store;
  renderer: LetterRenderer;
  transport: MailTransport;
  clock: Clock;
  log: Logger;
  /** Called after each letter is marked sent (metrics, tests, the demo). */
  onSent?: (outboxId: number) => void;
  /**
   * Called inside the transaction that marks a letter failed for good, or refuses it because its
   * address is suppressed: writes the commissioner's bounce-alert (src/use-cases/bounce-alert.ts).
   */
  onUndeliverable?: (u: Undelivered) => void;
}

/** "550 5.1.1 ..." → "5.1.1"; else the SMTP reply code; else null. */
function statusOf(err: unknown, message: string): string | null {
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(message)?.[1];
  if (enhanced) return enhanced;
  const code = (err as { responseCode?: number; cause?: { responseCode?: number } })?.responseCode ?? (err as { cause?: { responseCode?: number } })?.cause?.responseCode;
  return typeof code === 'number' ? String(code) : null;
}

export function sendLetterProcessor(deps: SendLetterDeps) {
  return async (job: Job<SendLetterJob>): Promise<string> => {
    const { store, log } = deps;
    const row = store.outbox.get(job.data.outboxId);
    if (!row) return 'missing';
    if (row.status === 'sent' || row.status === 'cancelled' || row.status === 'failed') return row.status;
    const caseRow = row.case_id ? store.cases.get(row.case_id) : undefined;
    const caseNumber = caseRow?.number ?? null;
    const jlog = log.child({ jobId: job.id, outboxId: row.id, caseNumber, template: row.template });
    const spec = letterSpec(row.template);
    // No letter to an address that failed for good until the commissioner corrects it (SPEC §5).
    const blocked = row.recipient_role === 'commissioner' ? undefined : store.suppressions.active(row.to_addr);
    if (blocked) {
      const why = `address suppressed since ${blocked.created_at} (${blocked.status ?? 'permanent failure'})`;
      store.tx(() => {
        store.outbox.markFailed(row.id, why);
        deps.onUndeliverable?.({ outboxId: row.id, recipient: row.to_addr, status: blocked.status, detail: why, permanent: true, refusedSince: blocked.created_at, source: 'suppressed' });
      });
      jlog.error('letter refused: its address is suppressed');
      throw new UnrecoverableError(why);
    }
    const facts0 = JSON.parse(row.facts) as Record<string, unknown>;
    const answered = row.recipient_role === 'sender' && typeof facts0.answersMessage === 'number' ? store.messages.get(facts0.answersMessage) : undefined;
    try {
      assertRecipientAllowed(spec, row.recipient_role, row.to_addr, {
        commissionerEmails: deps.config.commissionerEmails,
        practiceOwnerEmail: deps.config.practiceOwnerEmail,
        parties: row.case_id ? store.cases.parties(row.case_id) : [],
        answeredSender: answered?.from_addr ?? null,
      });
    } catch (err) {
      store.outbox.markFailed(row.id, (err as Error).message);
      jlog.error({ err: (err as Error).message }, 'letter refused by the recipient guard');
      throw new UnrecoverableError((err as Error).message);
    }
    // Making the letter (template, attachments from the blob store) cannot get better by
    // retrying: a failure here fails the letter for good and tells the commissioner.
    let mail: ReturnType<typeof composeMail>;
    try {
      mail = makeMail(deps, row, spec, caseNumber, facts0);
    } catch (err) {
      const why = `letter could not be made: ${(err as Error).message}`.slice(0, 300);
      store.tx(() => {
        store.outbox.markFailed(row.id, why);
        deps.onUndeliverable?.({ outboxId: row.id, recipient: row.to_addr, status: null, detail: why, permanent: false, source: 'smtp' });
      });
      jlog.error({ err: (err as Error).message }, 'letter could not be made');
      throw new UnrecoverableError(why);
    }
    try {
      const info = await deps.transport.sendMail(mail);
      if (info.rejected && info.rejected.length > 0) throw Object.assign(new Error('recipient rejected'), { responseCode: 550 });
    } catch (err) {
      const e = err instanceof AppError ? err : classifySmtpError(err);
      const last = !e.retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (last) {
        store.tx(() => {
          store.outbox.markFailed(row.id, e.message);
          deps.onUndeliverable?.({
            outboxId: row.id, recipient: row.to_addr, status: statusOf(err, e.message), detail: e.message.slice(0, 300),
            permanent: !e.retryable, source: 'smtp',
          });
        });
        jlog.error({ code: e.code, attempts: job.attemptsMade + 1 }, 'letter failed for good');
        throw new UnrecoverableError(e.message);
      }
      store.outbox.markAttempt(row.id, e.message);
      jlog.warn({ code: e.code, attempt: job.attemptsMade + 1 }, 'letter not sent yet; will retry');
      throw e;
    }
    const nowIso = deps.clock.now().toISOString();
    // Not fsynced (Store.relaxedTx): a power failure right after may lose the mark and the
    // letter goes again, with the same Message-ID — the window a crash before this commit has
    // anyway. An fsync per letter was most of a backlog's time (bench:ingest profile).
    store.relaxedTx(() => {
      store.outbox.markSent(row.id, nowIso);
      store.messages.insert({
        caseId: row.case_id, direction: 'out', messageId: row.message_id, kind: row.template, fromAddr: deps.config.mailFrom,
        toAddrs: [row.to_addr], subject: String(mail.subject), blobSha256: null, size: String(mail.text ?? "").length + String(mail.html ?? "").length,
        at: nowIso, status: 'sent',
      });
    });
    jlog.info('letter sent');
    deps.onSent?.(row.id);
    return 'sent';
  };
}

/** Render the template, compose the headers and attach files and the .ics. */
function makeMail(deps: SendLetterDeps, row: OutboxRow, spec: LetterSpec, caseNumber: string | null, facts: Record<string, unknown>) {
  // Letters to the commissioner never tell her where her own answers go (issue 13).
  const letter = deps.renderer.render(row.template, row.language, { ...facts, forCommissioner: row.recipient_role === "commissioner" });
  const mail = composeMail(row, letter, spec, {
    mailFrom: deps.config.mailFrom,
    mailboxAddress: deps.config.mailboxAddress,
    // MAIL_FROM's own display name wins (issue 12: "M. Roozmond, klachtencommissaris" <maja@…>).
    fromName: deps.config.mailFromName ?? `${deps.config.commissionerName}, klachtencommissaris ${deps.config.practiceName}`,
    caseNumber,
  });
  mail.attachments = buildAttachments(facts.attach as AttachSpec[] | undefined, {
    blobs: deps.store.blobs, organizer: { name: deps.config.commissionerName, email: deps.config.mailboxAddress },
    uidDomain: domainOf(deps.config.mailFrom), summary: `${row.language === 'nl' ? 'Hoorzitting' : 'Hearing'} ${caseNumber ?? ''}`.trim(),
  });
  return mail;
}
