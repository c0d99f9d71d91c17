/**
 * One inbound message, end to end inside the service: resolve what it refers to, classify it
 * (SPEC §5), and commit its effects — case, file, letters, the IMAP ledger and the cursor — in
 * ONE transaction. The caller moves the IMAP message only after this returns.
 */
import { classify, loopMarkerFor, referencedIds, type CaseView, type Classification } from '../domain/classify.js';
import { caseNumberInSubject } from '../domain/case-number.js';
import { OPEN_STATES } from '../domain/case.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import { readOurMessageId } from '../domain/message-id.js';
import { unreadableContent } from '../domain/unreadable.js';
import type { AppContext } from './context.js';
import { openCase } from './open-case.js';
import { practiceForMail } from './held-case.js';
import { quarantineMail } from './quarantine-mail.js';
import { storeInbound } from './store-inbound.js';
import { handleCommissionerMail, type SenderAuth } from './commissioner-mail.js';
import { handlePartyMail } from './party-mail.js';
import { handleUnreferencedMail } from './unreferenced-mail.js';
import { handleBounce } from './bounce-alert.js';
import { lastOutboxId, limitSenderLetters, mailFromSenderToday, newCaseAllowed, tellCommissionerOnce } from './rate-limit.js';
import { quarantineTooLarge } from './too-large.js';

export interface InboxSource {
  mailbox: string;
  uidvalidity: number;
  uid: number;
}

export interface IngestInput {
  /** SHA-256 of the raw message, already stored as a blob. */
  blobSha256: string;
  size: number;
  /** The parsed message, or null with `parseError` when it could not be parsed. */
  mail: InboundMail | null;
  parseError?: string;
  /** Where it was fetched from; null for `reprocess` (src/cli/reprocess.ts) and tests that ingest directly. */
  source: InboxSource | null;
  /** INTERNALDATE: when it reached the mailbox. */
  receivedAt: Date;
  /** For mail from a commissioner address: whether it is authenticated (SPEC §7), decided at the edge. */
  senderAuth?: SenderAuth;
  /** Taken in again by `complaint-desk reprocess`: the commissioner asked, so the per-sender limit does not hold it back. */
  reprocess?: boolean;
  /** Set (with the reason) when the message is over MAX_MESSAGE_MB; `mail` then holds its headers only. */
  tooLarge?: string;
}

export interface IngestResult {
  /** Where the IMAP copy goes: the processed or the quarantine folder. */
  target: 'processed' | 'quarantine';
  kind: Classification['kind'] | 'unparseable';
  caseNumber: string | null;
}

export function ingestMail(ctx: AppContext, input: IngestInput): IngestResult {
  const { store } = ctx;
  return store.tx(() => {
    const mark = lastOutboxId(ctx);
    const result = decideAndApply(ctx, input);
    // One sender cannot make us write without end (issue 5: flood, auto-responder ping-pong).
    const sender = input.mail?.from?.address;
    // Not for mail the commissioner asked to reprocess: she has decided it should go through.
    if (sender && !input.reprocess && SENDER_LIMITED.has(result.kind) && !ctx.config.commissionerEmails.includes(sender)) limitSenderLetters(ctx, sender, mark);
    if (input.source) {
      const { mailbox, uidvalidity, uid } = input.source;
      const at = ctx.clock.now().toISOString();
      store.mailbox.recordItem({ mailbox, uidvalidity, uid, message_ref: null, disposition: result.kind, target: result.target, at });
      store.mailbox.advance(mailbox, uidvalidity, uid, at);
    }
    return result;
  });
}

/** Mail that would open a new case (or is no party's mail at all). 'party-mail' is never limited (issue 13). */
const SENDER_LIMITED = new Set<IngestResult['kind']>(['new-complaint', 'to-open-case', 'non-party', 'unusable']);

function decideAndApply(ctx: AppContext, input: IngestInput): IngestResult {
  const { store, config } = ctx;
  const base = { blobSha256: input.blobSha256, size: input.size };
  if (!input.mail) {
    const storedMessageId = `sha256:${input.blobSha256}`;
    if (store.messages.inboundByMessageId(storedMessageId)) return { target: 'quarantine', kind: 'duplicate', caseNumber: null };
    quarantineMail(ctx, { ...base, mail: null, reason: input.parseError ?? 'unreadable message', storedMessageId });
    return { target: 'quarantine', kind: 'unparseable', caseNumber: null };
  }
  const mail = input.mail;
  const { storedMessageId, alreadySeen } = identify(ctx, mail, input.blobSha256);
  const { referencedCase, referencedBy } = resolveReference(ctx, mail);
  const from = mail.from?.address ?? null;
  const verdict = classify(mail, {
    alreadySeen,
    isOurMessageId: mail.messageId !== null && readOurMessageId(ctx.messageIdSecret, mail.messageId) !== null,
    loopMarker: loopMarkerFor(config.mailboxAddress),
    commissionerEmails: config.commissionerEmails,
    referencedCase,
    referencedBy,
    openCaseOfSender: from ? store.cases.openCaseOfKlager(from, OPEN_STATES) : null,
    // In her own mailbox our From is hers: there our letters are known by Message-ID and X-Loop only (issue 12).
    ownAddresses: config.mailboxMode === 'own' ? [] : [config.mailFrom, config.mailboxAddress],
  });
  const numberOf = (id: number | null) => (id ? store.cases.get(id)?.number ?? null : null);
  const rec = { ...base, storedMessageId };
  const now = ctx.clock.now().toISOString();

  // Over MAX_MESSAGE_MB: kept whole in quarantine, the sender told (issue 5).
  if (input.tooLarge && verdict.kind !== 'duplicate') {
    const r = quarantineTooLarge(ctx, { ...rec, mail, reason: input.tooLarge, verdict, receivedAt: input.receivedAt });
    return { target: 'quarantine', kind: 'unusable', caseNumber: numberOf(r.caseId) };
  }
  // Encrypted or otherwise unreadable content never becomes a case or a filed letter (issue 5).
  if (verdict.kind === 'new-complaint' || verdict.kind === 'to-open-case' || verdict.kind === 'party-mail') {
    const unreadable = unreadableContent(mail);
    if (unreadable) {
      const caseId = verdict.kind === 'new-complaint' ? null : verdict.caseId;
      quarantineMail(ctx, { ...rec, mail, reason: unreadable, caseId });
      return { target: 'quarantine', kind: 'unusable', caseNumber: numberOf(caseId) };
    }
  }

  switch (verdict.kind) {
    case 'duplicate':
      return { target: 'processed', kind: 'duplicate', caseNumber: null };
    case 'own-letter':
      storeInbound(ctx, mail, { ...rec, caseId: null, kind: 'own-letter', status: 'ignored', reason: verdict.reason, at: now });
      return { target: 'processed', kind: verdict.kind, caseNumber: null };
    case 'automatic':
      // Filed in the case it refers to, if any; never answered, never a case (SPEC §5 step 2).
      storeInbound(ctx, mail, {
        ...rec, caseId: verdict.caseId, kind: verdict.verdict.kind, status: verdict.caseId ? 'filed' : 'ignored',
        reason: verdict.verdict.reason, at: now,
      });
      // A bounce of one of our letters: the commissioner alerted, the address suppressed if permanent.
      if (verdict.verdict.kind === 'bounce') handleBounce(ctx, mail);
      return { target: 'processed', kind: verdict.kind, caseNumber: numberOf(verdict.caseId) };
    case 'commissioner': {
      const tagged = caseNumberInSubject(mail.subject);
      const r = handleCommissionerMail(ctx, {
        ...rec, mail, caseId: verdict.caseId,
        unknownCaseNumber: tagged && !store.cases.byNumber(tagged) ? tagged : null,
        auth: input.senderAuth ?? { authenticated: false, method: config.commandAuth.join(','), reason: 'not checked' },
      });
      return { target: r.target, kind: verdict.kind, caseNumber: numberOf(r.caseId) };
    }
    case 'party-mail': {
      handlePartyMail(ctx, { ...rec, caseId: verdict.caseId, role: verdict.role, mail, reason: verdict.by === 'references' ? 'reply' : 'tag' });
      return { target: 'processed', kind: verdict.kind, caseNumber: numberOf(verdict.caseId) };
    }
    case 'to-open-case':
      handleUnreferencedMail(ctx, { ...rec, caseId: verdict.caseId, mail, receivedAt: input.receivedAt });
      return { target: 'processed', kind: verdict.kind, caseNumber: numberOf(verdict.caseId) };
    case 'non-party':
      quarantineMail(ctx, { ...rec, mail, reason: `case reference ${numberOf(verdict.caseId)} from someone who is not a party`, caseId: verdict.caseId });
      return { target: 'quarantine', kind: verdict.kind, caseNumber: numberOf(verdict.caseId) };
    case 'unusable':
      quarantineMail(ctx, { ...rec, mail, reason: verdict.reason });
      return { target: 'quarantine', kind: verdict.kind, caseNumber: null };
    case 'new-complaint': {
      if (from && !input.reprocess && !newCaseAllowed(ctx, from)) {
        quarantineMail(ctx, { ...rec, mail, reason: `sender over MAX_NEW_CASES_PER_SENDER_PER_DAY (${config.maxNewCasesPerSenderPerDay})`, notify: false });
        tellCommissionerOnce(ctx, from, mailFromSenderToday(ctx, from));
        return { target: 'quarantine', kind: 'unusable', caseNumber: null };
      }
      // Which practice it is for (issue 16): by the folder it came from and the addresses it was sent to.
      const recognition = practiceForMail(ctx, mail, input.source?.mailbox ?? null);
      const c = openCase(ctx, {
        ...rec, mail: mail as Parameters<typeof openCase>[1]['mail'], receivedAt: input.receivedAt,
        practice: recognition.practice ?? undefined, recognition,
      });
      ctx.log.info({ component: 'intake', caseNumber: c.number, practice: c.practice_id, by: recognition.practice ? recognition.by : recognition.reason }, 'complaint opened');
      return { target: 'processed', kind: verdict.kind, caseNumber: c.number };
    }
  }
}

/**
 * The Message-ID the message is stored under, and whether we have seen it. A message without
 * one is identified by its content hash. The same Message-ID with a different sender or subject
 * is a different message (a broken or hostile sender): it is kept under a suffixed id.
 */
function identify(ctx: AppContext, mail: InboundMail, sha: string): { storedMessageId: string; alreadySeen: boolean } {
  if (!mail.messageId) {
    const id = `sha256:${sha}`;
    return { storedMessageId: id, alreadySeen: !!ctx.store.messages.inboundByMessageId(id) };
  }
  const seen = ctx.store.messages.inboundByMessageId(mail.messageId);
  if (!seen) return { storedMessageId: mail.messageId, alreadySeen: false };
  if (seen.from_addr === (mail.from?.address ?? null) && seen.subject === mail.subject && sameBody(ctx, seen.blob_sha256, sha)) {
    return { storedMessageId: mail.messageId, alreadySeen: true };
  }
  const alt = `${mail.messageId}#${sha.slice(0, 16)}`;
  return { storedMessageId: alt, alreadySeen: !!ctx.store.messages.inboundByMessageId(alt) };
}

/**
 * Whether two stored messages carry the same body. A copy delivered twice differs only in the
 * headers servers prepend (Received, Delivered-To); a broken client that reuses a Message-ID for a
 * new mail with the same subject differs in the body, and that mail must not be dropped.
 */
function sameBody(ctx: AppContext, a: string | null, b: string): boolean {
  if (!a || a === b) return true;
  if (!ctx.store.blobs.has(a) || !ctx.store.blobs.has(b)) return true; // purged: fall back on sender + subject
  const body = (raw: Buffer) => {
    const crlf = raw.indexOf('\r\n\r\n');
    const lf = raw.indexOf('\n\n');
    const at = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : raw.length;
    return raw.subarray(at);
  };
  return body(ctx.store.blobs.get(a)).equals(body(ctx.store.blobs.get(b)));
}

/** The case a message refers to: a signed reference to one of our letters first, then the subject tag. */
function resolveReference(ctx: AppContext, mail: InboundMail): { referencedCase: CaseView | null; referencedBy: 'references' | 'tag' | null } {
  for (const id of referencedIds(mail)) {
    const ref = readOurMessageId(ctx.messageIdSecret, id);
    if (ref?.caseNumber) {
      const c = ctx.store.cases.byNumber(ref.caseNumber);
      // A purged case is no case any more: its file is gone, and so are its parties.
      if (c && c.state !== 'purged') return { referencedCase: ctx.store.cases.view(c.id), referencedBy: 'references' };
    }
  }
  const tagged = caseNumberInSubject(mail.subject);
  if (tagged) {
    const c = ctx.store.cases.byNumber(tagged);
    if (c && c.state !== 'purged') return { referencedCase: ctx.store.cases.view(c.id), referencedBy: 'tag' };
  }
  return { referencedCase: null, referencedBy: null };
}
