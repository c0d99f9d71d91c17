/**
 * Processor for one outbox row: re-check it (sent already? cancelled? recipient allowed?),
 * render, send, mark. Idempotent: BullMQ may run a job twice (stalled jobs), and the row status
 * decides. The only window for a duplicate is a crash between the SMTP server's 250 and the
 * UPDATE below (or a power failure before that UPDATE reaches the disk: it is not fsynced); such
 * a duplicate carries the same Message-ID, so mail clients and we see it for what it is.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { decideSendFailure, LetterNotMade, SmtpError, smtpErrorOf } from '../errors/index.js';
import type { Logger } from '../logger.js';
import { composeMail } from '../mail-out/compose.js';
import { letterSpec, type LetterSpec } from '../mail-out/letters.js';
import type { OutboxRow } from '../store/outbox-repo.js';
import { buildAttachments, type AttachSpec } from '../mail-out/attachments.js';
import { domainOf } from '../util/address.js';
import { assertNoOtherPractice, assertRecipientAllowed } from '../mail-out/recipient-guard.js';
import type { LetterRenderer } from '../mail-out/render.js';
import type { MailTransport } from '../mail-out/transport.js';
import type { Config } from '../config.js';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/store.js';
import type { SendLetterJob } from './queues.js';
import type { UndeliveredLetters } from '../use-cases/bounce-alert.js';
import { practiceOfCase } from '../use-cases/practice-of.js';
import type { Practice } from '../domain/practice.js';
import { GroupCommit } from '../store/group-commit.js';

/** A letter the SMTP server accepted and that is marked sent: what the metrics count, without a query. */
export interface SentLetter {
  outboxId: number;
  template: string;
  sentAt: string;
  /** When its case was opened (null for letters outside a case): the acknowledgement's latency. */
  caseCreatedAt: string | null;
  /** Its case's practice (null: no case, or a held one): the metrics' practice label (issue 16). */
  practiceId: string | null;
}

/**
 * How long the first "sent" mark waits for others to share its commit: none beyond the current
 * turn of the event loop (a timer of 0), since a job holds its worker slot until its mark has
 * committed; a 5 ms window halved the letters' rate in bench:reminders.
 */
const MARK_WINDOW_MS = 0;

export interface SendLetterDeps {
  config: Config;
  store: Store;
  renderer: LetterRenderer;
  transport: MailTransport;
  clock: Clock;
  log: Logger;
  /** Called after each letter is marked sent (metrics, tests, the demo). */
  onSent?: (sent: SentLetter) => void;
  /**
   * Told inside the transaction that marks a letter failed for good, or refuses it because its
   * address is suppressed (the port of src/use-cases/bounce-alert.ts: it writes the alert).
   */
  undeliverable?: UndeliveredLetters;
}

export function sendLetterProcessor(deps: SendLetterDeps) {
  // Letters sent within MARK_WINDOW_MS of each other are marked in one commit, not fsynced (see below).
  const marks = new GroupCommit(deps.store, MARK_WINDOW_MS, { relaxed: true });
  return async (job: Job<SendLetterJob>): Promise<string> => {
    const { store, log } = deps;
    const row = store.outbox.get(job.data.outboxId);
    if (!row) return 'missing';
    if (row.status === 'sent' || row.status === 'cancelled' || row.status === 'failed') return row.status;
    const caseRow = row.case_id ? store.cases.get(row.case_id) : undefined;
    const caseNumber = caseRow?.number ?? null;
    // The case's own practice (issue 16): its letters, its owner, and no other practice in them.
    const practice = caseRow ? practiceOfCase(deps, caseRow) : undefined;
    const jlog = log.child({ jobId: job.id, outboxId: row.id, caseNumber, template: row.template });
    const spec = letterSpec(row.template);
    // No letter to an address that failed for good until the commissioner corrects it (SPEC §5).
    const blocked = row.recipient_role === 'commissioner' ? undefined : store.suppressions.active(row.to_addr);
    if (blocked) {
      const why = `address suppressed since ${blocked.created_at} (${blocked.status ?? 'permanent failure'})`;
      store.tx(() => {
        store.outbox.markFailed(row.id, why);
        deps.undeliverable?.report({ outboxId: row.id, recipient: row.to_addr, status: blocked.status, detail: why, permanent: true, refusedSince: blocked.created_at, source: 'suppressed' });
      });
      jlog.error('letter refused: its address is suppressed');
      throw new UnrecoverableError(why);
    }
    const facts0 = JSON.parse(row.facts) as Record<string, unknown>;
    const answered = row.recipient_role === 'sender' && typeof facts0.answersMessage === 'number' ? store.messages.get(facts0.answersMessage) : undefined;
    let mail: ReturnType<typeof composeMail>;
    try {
      assertRecipientAllowed(spec, row.recipient_role, row.to_addr, {
        commissionerEmails: deps.config.commissionerEmails,
        // Only the owner of this case's own practice (issue 16).
        practiceOwnerEmails: practice?.ownerEmails ?? [],
        parties: row.case_id ? store.cases.parties(row.case_id) : [],
        answeredSender: answered?.from_addr ?? null,
      });
      // Making the letter (template, attachments from the blob store) cannot get better by retrying.
      try {
        mail = makeMail(deps, row, spec, caseNumber, facts0, practice);
      } catch (err) {
        throw new LetterNotMade(err);
      }
      assertNoOtherPractice(spec, { subject: String(mail.subject), text: String(mail.text ?? ''), html: String(mail.html ?? '') }, facts0, practice,
        othersToCheck(deps, row, practice));
      const info = await deps.transport.sendMail(mail);
      if (info.rejected && info.rejected.length > 0) throw rejectedError(info);
    } catch (err) {
      const f = decideSendFailure(err, { attemptsMade: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 });
      const attempts = job.attemptsMade + 1;
      if (f.action === 'retry') {
        store.outbox.markAttempt(row.id, f.reason);
        jlog.warn({ code: f.code, attempt: attempts }, 'letter not sent yet; will retry');
        throw smtpErrorOf(err);
      }
      if (f.action === 'give-up') {
        store.outbox.markFailed(row.id, f.reason);
        jlog.error({ err: f.reason }, 'letter refused by the recipient guard');
        throw new UnrecoverableError(f.reason);
      }
      store.tx(() => {
        store.outbox.markFailed(row.id, f.reason);
        deps.undeliverable?.report({ outboxId: row.id, recipient: row.to_addr, status: f.status, detail: f.detail, permanent: f.permanent, source: f.source });
      });
      if (f.source === 'render') jlog.error({ err: (err as Error).message }, 'letter could not be made');
      else jlog.error({ code: f.code, attempts }, 'letter failed for good');
      throw new UnrecoverableError(f.reason);
    }
    const nowIso = deps.clock.now().toISOString();
    // Not fsynced (a relaxed group commit): a power failure right after may lose the mark and the
    // letter goes again, with the same Message-ID — the window a crash before this commit has
    // anyway. An fsync per letter was most of a backlog's time, and a transaction per letter
    // still a large share of the rest (bench:ingest profiles). The job completes only after its
    // mark has committed, so BullMQ never forgets a letter SQLite still calls queued.
    await marks.run(() => {
      store.outbox.markSent(row.id, nowIso);
      store.messages.insert({
        caseId: row.case_id, direction: 'out', messageId: row.message_id, kind: row.template, fromAddr: deps.config.mailFrom,
        toAddrs: [row.to_addr], subject: String(mail.subject), blobSha256: null, size: String(mail.text ?? "").length + String(mail.html ?? "").length,
        at: nowIso, status: 'sent',
      });
    });
    jlog.info('letter sent');
    deps.onSent?.({ outboxId: row.id, template: row.template, sentAt: nowIso, caseCreatedAt: caseRow?.created_at ?? null, practiceId: caseRow?.practice_id ?? null });
    return 'sent';
  };
}

/**
 * Some recipients refused while nodemailer still resolved (it throws EENVELOPE when all are):
 * the server's own reply when nodemailer kept it, else a refusal without a reply code.
 */
function rejectedError(info: { rejected?: unknown[]; rejectedErrors?: { responseCode?: number; message?: string }[] }): SmtpError {
  const first = info.rejectedErrors?.[0];
  if (typeof first?.responseCode === 'number') return new SmtpError(first.responseCode >= 500 ? 'smtp-permanent' : 'smtp-transient', `SMTP ${first.responseCode}: ${first.message ?? 'recipient rejected'}`, first.responseCode);
  return new SmtpError('smtp-permanent', 'EENVELOPE: recipient rejected');
}

/** Render the template, compose the headers and attach files and the .ics. */
function makeMail(deps: SendLetterDeps, row: OutboxRow, spec: LetterSpec, caseNumber: string | null, facts: Record<string, unknown>, practice: Practice | undefined) {
  // Letters to the commissioner never tell her where her own answers go (issue 13).
  // The case's practice picks the templates: its own overlay, its procedure's, then the defaults.
  const letter = deps.renderer.render(row.template, row.language, { ...facts, forCommissioner: row.recipient_role === "commissioner" }, { practiceId: practice?.id });
  const mail = composeMail(row, letter, spec, {
    mailFrom: deps.config.mailFrom,
    mailboxAddress: deps.config.mailboxAddress,
    // MAIL_FROM's own display name wins (issue 12: "M. Roozmond, klachtencommissaris" <maja@…>).
    // A case letter names the case's practice; a letter outside any case (or of a held case) the desk's.
    fromName: deps.config.mailFromName ?? `${deps.config.commissionerName}, klachtencommissaris ${practice?.name ?? deps.config.practiceName}`,
    caseNumber,
  });
  mail.attachments = buildAttachments(facts.attach as AttachSpec[] | undefined, {
    blobs: deps.store.blobs, organizer: { name: deps.config.commissionerName, email: deps.config.mailboxAddress },
    uidDomain: domainOf(deps.config.mailFrom), summary: `${row.language === 'nl' ? 'Hoorzitting' : 'Hearing'} ${caseNumber ?? ''}`.trim(),
  });
  return mail;
}

/**
 * The practices a letter must not name: every other one, for a letter of a practice's case. A
 * letter without a practice (no case, or a held one) to the commissioner may name any (she serves
 * them all); to anyone else on a desk of several practices it names none of them.
 */
function othersToCheck(deps: SendLetterDeps, row: OutboxRow, practice: Practice | undefined): readonly Practice[] {
  const set = deps.config.practices;
  if (practice) return set.practices.filter((p) => p.id !== practice.id);
  return row.recipient_role === 'commissioner' || set.single ? [] : set.practices;
}
