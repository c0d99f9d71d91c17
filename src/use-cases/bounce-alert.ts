/**
 * A letter that did not arrive (SPEC §5 step 2, issue 5): the SMTP server refused it for good
 * (5xx), it ran out of attempts, a bounce (DSN) came back for it later, or it was not sent because
 * its address is suppressed. The commissioner gets a bounce-alert naming the case and the
 * recipient; after a permanent failure the address is suppressed until she corrects it, and the
 * send-letter processor refuses letters to it (and says so with another alert).
 *
 * Commissioner addresses are never suppressed (she could not learn of it), and an alert never
 * goes to the address that failed: with one commissioner address, a failure of her own letters
 * is only logged.
 */
import { localDateOf } from '../domain/calendar.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import { readBounce } from '../domain/bounce.js';
import { readOurMessageId } from '../domain/message-id.js';
import type { AppContext } from './context.js';
import { writeLetter } from './write-letter.js';

export interface Undelivered {
  outboxId: number;
  /** The address that failed (the letter's own recipient). */
  recipient: string;
  /** Enhanced status (5.1.1) or SMTP reply code, when known. */
  status: string | null;
  /** One line for the commissioner, e.g. the server's reply; never letter content. */
  detail: string;
  /** 5.x.x: suppress the address. */
  permanent: boolean;
  /** Set when the letter was refused because the address was suppressed since then. */
  refusedSince?: string | null;
  /** smtp: the server refused it; render: it could not be made; bounce: a DSN came back; suppressed: not sent. */
  source: 'smtp' | 'render' | 'guard' | 'bounce' | 'suppressed';
}

/**
 * The port through which the send-letter job reports a letter that will not arrive. It is called
 * inside the job's transaction that marks the letter failed.
 */
export interface UndeliveredLetters {
  report(u: Undelivered): void;
}

/** The port as the service uses it: the alert in the caller's transaction, the relay woken after it commits. */
export function undeliveredLetters(ctx: AppContext): UndeliveredLetters {
  return {
    report(u) {
      alertUndelivered(ctx, u);
      setImmediate(() => ctx.outboxChanged());
    },
  };
}

/** Write the alert (and the suppression) inside the caller's transaction. Returns the alerts written. */
export function alertUndelivered(ctx: AppContext, u: Undelivered): number {
  const row = ctx.store.outbox.get(u.outboxId);
  if (!row) return 0;
  const recipient = u.recipient.trim().toLowerCase();
  const nowIso = ctx.clock.now().toISOString();
  const isCommissioner = ctx.config.commissionerEmails.includes(recipient);
  const c = row.case_id ? ctx.store.cases.get(row.case_id) : undefined;
  const log = ctx.log.child({ component: 'bounce-alert', caseNumber: c?.number ?? null, outboxId: row.id });
  if (u.permanent && !isCommissioner && !u.refusedSince) {
    ctx.store.suppressions.add({ address: recipient, reason: u.detail || 'permanent failure', status: u.status, caseId: row.case_id, outboxId: row.id, at: nowIso });
  }
  if (c) {
    ctx.store.cases.appendEvent({
      caseId: c.id, at: nowIso, actor: 'system', type: 'letter-undelivered',
      data: { outboxId: row.id, template: row.template, role: row.recipient_role, status: u.status, permanent: u.permanent, source: u.source },
    });
  }
  // One alert per letter: a second bounce for the same letter adds nothing.
  const already = ctx.store.outbox.hasBounceAlertFor(row.id);
  const to = ctx.config.commissionerEmails.filter((a) => a !== recipient);
  if (already || row.template === 'bounce-alert' || to.length === 0) {
    log.error({ status: u.status, source: u.source }, 'letter not delivered; no alert written');
    return 0;
  }
  const facts = {
    outboxId: row.id, caseNumber: c?.number ?? null, letter: row.template, recipient, role: row.recipient_role,
    status: u.status ?? 'onbekend', detail: u.detail.replace(/[\r\n\t]+/g, ' ').slice(0, 300), permanent: u.permanent,
    refused: !!u.refusedSince, blockedSince: u.refusedSince ? localDateOf(new Date(u.refusedSince), ctx.config.timeZone) : null,
    letterDate: localDateOf(ctx.clock.now(), ctx.config.timeZone),
  };
  for (const address of to) {
    writeLetter(ctx, { caseId: row.case_id, caseNumber: c?.number ?? null, template: 'bounce-alert', role: 'commissioner', to: address, language: ctx.config.defaultLanguage, facts, regarding: { letterId: row.id } });
  }
  log.warn({ status: u.status, source: u.source, permanent: u.permanent }, 'letter not delivered; commissioner alerted');
  return to.length;
}

/**
 * A bounce came in: if it reports one of our letters (by its signed Message-ID), alert and, when
 * permanent, suppress. A delay warning (4.x.x, the server is still trying) changes nothing. A
 * bounce of something we never sent is left as it is (filed or ignored by the caller).
 */
export function handleBounce(ctx: AppContext, mail: InboundMail): boolean {
  const info = readBounce(mail);
  if (!info) return false;
  const ids = [info.originalMessageId, mail.inReplyTo, ...mail.references].filter((x): x is string => !!x);
  const ref = ids.map((id) => readOurMessageId(ctx.messageIdSecret, id)).find((r) => r !== null);
  if (!ref) return false;
  const row = ctx.store.outbox.get(ref.outboxId);
  if (!row) return false;
  if (!info.permanent && (/\bdelay/i.test(mail.subject) || (info.status ?? '').startsWith('4'))) return false;
  const reported = info.recipient && info.recipient !== row.to_addr ? ` (reported for ${info.recipient})` : '';
  alertUndelivered(ctx, {
    outboxId: row.id, recipient: row.to_addr, status: info.status, permanent: info.permanent, source: 'bounce',
    detail: `bounce${reported}`,
  });
  return true;
}
