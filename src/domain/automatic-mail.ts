/**
 * Is this mail written by a machine? (SPEC §5 step 2.) Automatic mail never opens a case and is
 * never answered: answering it is how mail loops start. Pure: headers and subject only, no I/O.
 *
 * Checked in this order, first hit wins: bounce, abuse report, auto-reply, bulk, null sender,
 * no-reply sender. The signals follow RFC 3834 (Auto-Submitted), RFC 2369 (List-*), RFC 5965
 * (feedback reports), and what Zammad's and sisimai's detectors learnt from real mail: Apple's
 * X-Apple-Action, mailing-list software's notices, Hotmail's complaint reports.
 * A `reason` names the signal (a header name, a short sanitised token of its value, or one of our
 * own pattern labels). It never quotes the body, the subject or an address, so it can be logged.
 */
import { header, type InboundMail } from './inbound-mail.js';

/** bounce: a delivery report; auto-reply: out-of-office and other responders; bulk: lists, newsletters, no-reply senders. */
export type AutomaticKind = 'bounce' | 'auto-reply' | 'bulk';

/** Why a mail counts as automatic. */
export interface AutomaticVerdict {
  kind: AutomaticKind;
  reason: string;
}

/** What the receiving side knows of the SMTP envelope; `''` or `'<>'` is the null sender. */
export interface EnvelopeInfo {
  returnPath?: string | null;
}

interface Pattern {
  re: RegExp;
  label: string;
}

/**
 * Subjects that MTAs put on non-delivery reports. Anchored at the start and, for Exchange, with the
 * colon, so that a person writing about an "onbestelbaar pakket" is not taken for a bounce.
 */
const BOUNCE_SUBJECTS: readonly Pattern[] = [
  { re: /^undeliverable:/i, label: 'Undeliverable:' },
  { re: /^onbestelbaar:/i, label: 'Onbestelbaar:' },
  { re: /^unzustellbar:/i, label: 'Unzustellbar:' },
  { re: /^non remis\s?:/i, label: 'Non remis:' },
  { re: /^undelivered mail returned to sender/i, label: 'Undelivered Mail Returned to Sender' },
  { re: /^delivery status notification \((failure|delay)\)/i, label: 'Delivery Status Notification' },
  { re: /^mail delivery failed/i, label: 'Mail delivery failed' },
  { re: /^returned mail:/i, label: 'Returned mail:' },
  { re: /^failure notice$/i, label: 'failure notice' },
];

/**
 * Auto-reply subjects. Supporting evidence only: a person may well write "Afwezig" or "Out of
 * office" above a real message, so these only add to a reason that a header already gave.
 */
const AUTO_REPLY_SUBJECTS: readonly Pattern[] = [
  { re: /^automatic reply:/i, label: 'Automatic reply:' },
  { re: /^automatisch antwoord:/i, label: 'Automatisch antwoord:' },
  { re: /^automatische antwort:/i, label: 'Automatische Antwort:' },
  { re: /^r[ée]ponse automatique\s?:/i, label: 'Réponse automatique:' },
  { re: /^auto(matic)?[- ]?reply\b/i, label: 'Auto reply' },
  { re: /^out of (the )?office\b/i, label: 'Out of Office' },
  { re: /^afwezig\b/i, label: 'Afwezig' },
  { re: /^abwesend\b/i, label: 'Abwesend' },
];

/**
 * Decide whether `mail` is automatic. `envelope.returnPath`, when known, is the SMTP MAIL FROM and
 * outranks a Return-Path header.
 */
export function detectAutomatic(mail: InboundMail, envelope?: EnvelopeInfo): AutomaticVerdict | null {
  return bounce(mail) ?? abuseReport(mail) ?? autoReply(mail) ?? bulk(mail) ?? nullSender(mail, envelope) ?? noReplySender(mail) ?? listSender(mail);
}

/**
 * An abuse (feedback) report, RFC 5965: a provider telling us one of its users marked our letter
 * as spam. Providers send it as multipart/report; report-type=feedback-report (caught below too),
 * but also as multipart/mixed with a message/feedback-report part, with Feedback-Type among the
 * top headers, or, as Hotmail's JMRP does, with the subject "complaint about message from <IP>".
 * Never a complaint about the practice: it is filed as an automatic mail and never answered.
 */
function abuseReport(mail: InboundMail): AutomaticVerdict | null {
  if (mail.contentType === 'multipart/report' && reportType(mail) === 'feedback-report') {
    return { kind: 'auto-reply', reason: 'Content-Type: multipart/report; report-type=feedback-report' };
  }
  if (mail.attachments.some((a) => a.contentType.toLowerCase() === 'message/feedback-report')) {
    return { kind: 'auto-reply', reason: 'a message/feedback-report part' };
  }
  const feedbackType = header(mail, 'feedback-type') ?? header(mail, 'x-feedback-type');
  if (feedbackType !== undefined) return { kind: 'auto-reply', reason: `Feedback-Type: ${token(firstWord(feedbackType))}` };
  if (header(mail, 'x-hmxmroriginalrecipient') !== undefined) return { kind: 'auto-reply', reason: 'X-HmXmrOriginalRecipient' };
  if (/^complaint about message from \d{1,3}(\.\d{1,3}){3}\b/i.test(mail.subject)) {
    return { kind: 'auto-reply', reason: 'subject starts with "complaint about message from <IP>"' };
  }
  return null;
}

function bounce(mail: InboundMail): AutomaticVerdict | null {
  if (mail.contentType === 'multipart/report' && reportType(mail) === 'delivery-status') {
    return { kind: 'bounce', reason: 'Content-Type: multipart/report; report-type=delivery-status' };
  }
  const local = localPart(mail);
  if (local === 'mailer-daemon' || local === 'mailerdaemon' || local === 'postmaster') {
    return { kind: 'bounce', reason: `From: ${local} address` };
  }
  const subject = BOUNCE_SUBJECTS.find((p) => p.re.test(mail.subject));
  return subject ? { kind: 'bounce', reason: `subject starts with "${subject.label}"` } : null;
}

function autoReply(mail: InboundMail): AutomaticVerdict | null {
  const signal = autoReplyHeader(mail);
  if (!signal) return null;
  const subject = AUTO_REPLY_SUBJECTS.find((p) => p.re.test(mail.subject));
  return { kind: 'auto-reply', reason: subject ? `${signal}; subject starts with "${subject.label}"` : signal };
}

function autoReplyHeader(mail: InboundMail): string | null {
  // Any other report: read receipts (disposition-notification) and the like.
  const type = mail.contentType === 'multipart/report' ? reportType(mail) : null;
  if (type !== null) return `Content-Type: multipart/report; report-type=${type || '(none)'}`;

  const autoSubmitted = header(mail, 'auto-submitted');
  if (autoSubmitted !== undefined && firstWord(autoSubmitted) !== 'no') {
    return `Auto-Submitted: ${token(firstWord(autoSubmitted)) || '(empty)'}`;
  }
  const xAutoreply = header(mail, 'x-autoreply');
  if (xAutoreply !== undefined && firstWord(xAutoreply) !== 'no') return 'X-Autoreply';
  if (header(mail, 'x-autorespond') !== undefined) return 'X-Autorespond';
  if (firstWord(header(mail, 'precedence') ?? '') === 'auto_reply') return 'Precedence: auto_reply';
  // iCloud's vacation replies carry neither Auto-Submitted nor X-Autoreply, only Apple's own headers.
  const appleAction = header(mail, 'x-apple-action');
  if (appleAction !== undefined) return `X-Apple-Action: ${token(firstWord(appleAction)) || '(empty)'}`;
  if (header(mail, 'x-apple-criteria') !== undefined) return 'X-Apple-Criteria';
  for (const name of MACHINE_HEADERS) if (header(mail, name) !== undefined) return name;

  // Exchange puts this on its own automatic replies ("All") and bulk senders use it to keep
  // out-of-office replies away; ordinary person-to-person mail from Outlook/Exchange normally
  // carries none. SPEC §5 counts it as automatic, so we do, except the explicit "None" (nothing
  // suppressed, MS-OXCMAIL 2.1.3.2.20). The cost of a wrong call is a mail that opens no case.
  const suppress = header(mail, 'x-auto-response-suppress');
  if (suppress !== undefined && suppress.trim() !== '' && firstWord(suppress) !== 'none') {
    return `X-Auto-Response-Suppress: ${token(suppress)}`;
  }
  // Exchange stamps this on everything its mailbox rules send: automatic replies, but also mail
  // that a rule forwarded or redirected. SPEC §5 counts it as automatic; note that a complaint
  // forwarded by an Exchange inbox rule (say from info@ to the complaints box) is caught too.
  if (header(mail, 'x-ms-exchange-inbox-rules-loop') !== undefined) return 'X-MS-Exchange-Inbox-Rules-Loop';
  return null;
}

/** Headers only responders write (Zammad's and sisimai's lists): their presence, whatever the value, is enough. */
const MACHINE_HEADERS: readonly string[] = ['x-autoreply-from', 'x-mail-autoreply', 'x-autogenerated', 'x-fc-machinegenerated', 'x-cron-env'];

/** RFC 2369's list headers and the list servers' own: any one of them marks mail sent to a list. */
const LIST_HEADERS: readonly [string, string][] = [
  ['list-id', 'List-Id'], ['list-unsubscribe', 'List-Unsubscribe'], ['list-subscribe', 'List-Subscribe'],
  ['list-help', 'List-Help'], ['list-post', 'List-Post'], ['list-owner', 'List-Owner'], ['list-archive', 'List-Archive'],
  ['mailing-list', 'Mailing-List'], ['x-mailman-version', 'X-Mailman-Version'], ['x-ml-name', 'X-ML-Name'], ['x-mlserver', 'X-MLServer'],
];

/** The notices that list software (fml, Mailman) sends on its own, recognisable by subject alone. */
const LIST_NOTICE_SUBJECTS: readonly Pattern[] = [
  { re: /\bare not (a )?member\b.*\(.*\bML\)\s*$/i, label: 'not member (ML)' },
  { re: /^loop alert: duplicated message-id/i, label: 'Loop Alert (ML)' },
];

/** List software's own addresses: the list robot, its bounce and request addresses, its owner. */
const LIST_SENDER = /^(owner-.+|.+-(owner|request|bounces?)|mailman|majordomo|listserv|ezmlm)$/;
/**
 * fml writes its notices from `<list>-admin@`. People have such addresses too (`office-admin@`),
 * so that sender counts only with a subject about a list.
 */
const LIST_ADMIN_SENDER = /^.+-admin$/;
const LIST_SUBJECT = /\b(ML|mailing ?list|members?|subscri\w*|unsubscri\w*)\b/i;

function listSender(mail: InboundMail): AutomaticVerdict | null {
  const local = localPart(mail) ?? '';
  if (LIST_SENDER.test(local)) return { kind: 'bulk', reason: 'From: a list server address' };
  if (LIST_ADMIN_SENDER.test(local) && LIST_SUBJECT.test(mail.subject)) return { kind: 'bulk', reason: 'From: a list -admin address, subject about a list' };
  return null;
}

function bulk(mail: InboundMail): AutomaticVerdict | null {
  for (const [name, label] of LIST_HEADERS) if (header(mail, name) !== undefined) return { kind: 'bulk', reason: label };
  const notice = LIST_NOTICE_SUBJECTS.find((p) => p.re.test(mail.subject));
  if (notice) return { kind: 'bulk', reason: `subject "${notice.label}"` };
  const precedence = firstWord(header(mail, 'precedence') ?? '');
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list') {
    return { kind: 'bulk', reason: `Precedence: ${precedence}` };
  }
  return null;
}

/**
 * The null sender (`MAIL FROM:<>`) is for mail that must not be answered: delivery reports and
 * RFC 3834 auto-responses. The bounces among them were caught above, so the rest are auto-replies.
 */
function nullSender(mail: InboundMail, envelope: EnvelopeInfo | undefined): AutomaticVerdict | null {
  const known = envelope?.returnPath;
  if (known !== undefined && known !== null) {
    return isNullPath(known) ? { kind: 'auto-reply', reason: 'envelope sender <>' } : null;
  }
  // The topmost Return-Path is the one the delivering server wrote from the envelope.
  const returnPath = header(mail, 'return-path');
  return returnPath !== undefined && isNullPath(returnPath) ? { kind: 'auto-reply', reason: 'Return-Path: <>' } : null;
}

const NO_REPLY = /(?:^|[-_.])(no[-_.]?reply|do[-_.]?not[-_.]?reply|dont[-_.]?reply)(?:[-_.]|$)/;

function noReplySender(mail: InboundMail): AutomaticVerdict | null {
  const match = NO_REPLY.exec(localPart(mail) ?? '');
  return match ? { kind: 'bulk', reason: `From: ${match[1]} address` } : null;
}

function isNullPath(value: string): boolean {
  return /^<?\s*>?$/.test(value.trim());
}

/** The report-type parameter of the top-level Content-Type, lower-cased; '' when absent. */
function reportType(mail: InboundMail): string {
  const ct = header(mail, 'content-type') ?? '';
  return /;\s*report-type\s*=\s*"?([^";\s]+)"?/i.exec(ct)?.[1]?.toLowerCase() ?? '';
}

/** Local part of the From address without a +tag, lower-cased; null without a sender. */
function localPart(mail: InboundMail): string | null {
  const address = mail.from?.address;
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return (at < 0 ? address : address.slice(0, at)).split('+')[0] ?? null;
}

/** The leading token of a header value ("auto-replied" of "auto-replied; owner=…"), lower-cased. */
function firstWord(value: string): string {
  return (/^[A-Za-z0-9_.-]*/.exec(value.trim())?.[0] ?? '').toLowerCase();
}

/** A header value made safe to log: a short run of harmless characters. */
function token(value: string): string {
  return value.replace(/[^A-Za-z0-9_.,\- ]/g, '').replace(/\s+/g, ' ').trim().slice(0, 40);
}
