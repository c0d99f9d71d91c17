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
import type { AppContext } from './context.js';
import { fileMail } from './file-mail.js';
import { openCase } from './open-case.js';
import { quarantineMail } from './quarantine-mail.js';
import { storeInbound } from './store-inbound.js';

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
  /** Where it was fetched from; null for `reprocess` and tests that ingest directly. */
  source: InboxSource | null;
  /** INTERNALDATE: when it reached the mailbox. */
  receivedAt: Date;
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
    const result = decideAndApply(ctx, input);
    if (input.source) {
      const { mailbox, uidvalidity, uid } = input.source;
      const at = ctx.clock.now().toISOString();
      store.mailbox.recordItem({ mailbox, uidvalidity, uid, message_ref: null, disposition: result.kind, target: result.target, at });
      store.mailbox.advance(mailbox, uidvalidity, uid, at);
    }
    return result;
  });
}

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
  });
  const numberOf = (id: number | null) => (id ? store.cases.get(id)?.number ?? null : null);
  const rec = { ...base, storedMessageId };
  const now = ctx.clock.now().toISOString();

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
      return { target: 'processed', kind: verdict.kind, caseNumber: numberOf(verdict.caseId) };
    case 'commissioner':
      // Commands arrive with the procedure issue; until then her mail on a case is filed.
      if (verdict.caseId) {
        fileMail(ctx, { ...rec, caseId: verdict.caseId, mail, kind: 'commissioner', fromRole: 'commissioner', reasonText: '', notifyCommissioner: false });
      } else {
        storeInbound(ctx, mail, { ...rec, caseId: null, kind: 'commissioner', status: 'ignored', reason: 'no case referenced', at: now });
      }
      return { target: 'processed', kind: verdict.kind, caseNumber: numberOf(verdict.caseId) };
    case 'party-mail':
      fileMail(ctx, {
        ...rec, caseId: verdict.caseId, mail, kind: `from-${verdict.role}`, fromRole: verdict.role,
        reasonText: verdict.by === 'references' ? 'reply to a letter of this case' : 'case number in the subject',
        notifyCommissioner: true,
      });
      return { target: 'processed', kind: verdict.kind, caseNumber: numberOf(verdict.caseId) };
    case 'to-open-case':
      fileMail(ctx, {
        ...rec, caseId: verdict.caseId, mail, kind: 'from-klager', fromRole: 'klager',
        reasonText: 'new mail from the complainant of this open case', notifyCommissioner: true,
      });
      return { target: 'processed', kind: verdict.kind, caseNumber: numberOf(verdict.caseId) };
    case 'non-party':
      quarantineMail(ctx, { ...rec, mail, reason: `case reference ${numberOf(verdict.caseId)} from someone who is not a party`, caseId: verdict.caseId });
      return { target: 'quarantine', kind: verdict.kind, caseNumber: numberOf(verdict.caseId) };
    case 'unusable':
      quarantineMail(ctx, { ...rec, mail, reason: verdict.reason });
      return { target: 'quarantine', kind: verdict.kind, caseNumber: null };
    case 'new-complaint': {
      const c = openCase(ctx, { ...rec, mail: mail as Parameters<typeof openCase>[1]['mail'], receivedAt: input.receivedAt });
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
  if (seen.from_addr === (mail.from?.address ?? null) && seen.subject === mail.subject) {
    return { storedMessageId: mail.messageId, alreadySeen: true };
  }
  const alt = `${mail.messageId}#${sha.slice(0, 16)}`;
  return { storedMessageId: alt, alreadySeen: !!ctx.store.messages.inboundByMessageId(alt) };
}

/** The case a message refers to: a signed reference to one of our letters first, then the subject tag. */
function resolveReference(ctx: AppContext, mail: InboundMail): { referencedCase: CaseView | null; referencedBy: 'references' | 'tag' | null } {
  for (const id of referencedIds(mail)) {
    const ref = readOurMessageId(ctx.messageIdSecret, id);
    if (ref?.caseNumber) {
      const c = ctx.store.cases.byNumber(ref.caseNumber);
      if (c) return { referencedCase: ctx.store.cases.view(c.id), referencedBy: 'references' };
    }
  }
  const tagged = caseNumberInSubject(mail.subject);
  if (tagged) {
    const c = ctx.store.cases.byNumber(tagged);
    if (c) return { referencedCase: ctx.store.cases.view(c.id), referencedBy: 'tag' };
  }
  return { referencedCase: null, referencedBy: null };
}
