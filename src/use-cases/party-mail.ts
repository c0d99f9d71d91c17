/**
 * Mail from a party of a case (SPEC §5 step 4): always filed and the commissioner told; and
 * what it means follows from the case's state: the beklaagde's first reply after presentation is
 * the written response (art. 6), for which the beklaagde gets a receipt; the klager's mail after
 * the ruling is an appeal inside the window (art. 13) or gets the "term has passed" letter after
 * it. Mail on a closed case never reopens it.
 */
import { appealInformation } from '../domain/appeal-information.js';
import { localDateOf } from '../domain/calendar.js';
import type { PartyRole } from '../domain/classify.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import { bodyLines, stripQuoted } from '../domain/quoted-text.js';
import { blobAttachSpecs } from './attach-specs.js';
import { attachmentFacts, caseFacts } from './case-facts.js';
import type { AppContext } from './context.js';
import { fileMail, type MailReason } from './file-mail.js';
import { applyTransition } from './transition-case.js';
import { writeToCommissioners, writeToParties } from './write-letter.js';

export interface PartyMailInput {
  caseId: number;
  role: PartyRole;
  mail: InboundMail;
  storedMessageId: string;
  blobSha256: string;
  size: number;
  /** How the case was found, for the commissioner's notice. */
  reason: MailReason;
}

export type PartyMailMeaning = 'response' | 'appeal' | 'appeal-late' | 'on-closed-case' | 'correspondence';

export function handlePartyMail(ctx: AppContext, input: PartyMailInput): PartyMailMeaning {
  const c = ctx.store.cases.get(input.caseId)!;
  const meaning = partyMailMeaning(ctx, input.role, c.id, c.state);
  const base = { caseId: c.id, mail: input.mail, storedMessageId: input.storedMessageId, blobSha256: input.blobSha256, size: input.size, fromRole: input.role };
  const actor = input.mail.from?.address ?? input.role;
  switch (meaning) {
    case 'response': {
      const ref = fileMail(ctx, { ...base, kind: 'response', reason: input.reason, notifyCommissioner: false });
      applyTransition(ctx, c, 'respond', actor, ref);
      const facts = caseFacts(ctx, c.id);
      writeToCommissioners(ctx, {
        caseId: c.id, caseNumber: c.number, template: 'response-received', inReplyTo: input.mail.messageId,
        facts: {
          ...facts, deadline: (facts.deadlines as Record<string, unknown>).handle, ...responseNoticeText(input.mail.text), fromName: input.mail.from?.name ?? '',
          attachments: attachmentFacts(input.mail.attachments), attach: blobAttachSpecs(input.mail.attachments),
        },
      });
      // The beklaagde is told the response arrived, and what comes next (issue 13).
      writeToParties(ctx, c.id, ['beklaagde'], {
        template: 'response-receipt', inReplyTo: input.mail.messageId,
        facts: { ...facts, deadline: (facts.deadlines as Record<string, unknown>).handle, attachments: attachmentFacts(input.mail.attachments) },
      });
      return meaning;
    }
    case 'appeal': {
      const info = checkAppeal(ctx, c.id, input.mail);
      const ref = fileMail(ctx, { ...base, kind: 'appeal', reason: 'appeal', notifyCommissioner: true, noticeFacts: { appealNothingNew: info.nothingNew, appealNewAttachments: info.newAttachments } });
      applyTransition(ctx, c, 'appeal', actor, ref, { nothingNew: info.nothingNew });
      const facts = caseFacts(ctx, c.id);
      writeToParties(ctx, c.id, ['klager'], {
        template: 'appeal-acknowledgement', inReplyTo: input.mail.messageId,
        facts: { ...facts, attachments: attachmentFacts(input.mail.attachments), appealNothingNew: info.nothingNew },
      });
      return meaning;
    }
    case 'appeal-late': {
      fileMail(ctx, { ...base, kind: 'from-klager', reason: 'after-appeal-term', notifyCommissioner: true });
      const facts = caseFacts(ctx, c.id);
      writeToParties(ctx, c.id, ['klager'], { template: 'appeal-out-of-term', inReplyTo: input.mail.messageId, facts: { ...facts, deadline: (facts.deadlines as Record<string, unknown>).appeal } });
      return meaning;
    }
    case 'on-closed-case':
      fileMail(ctx, { ...base, kind: `from-${input.role}`, reason: 'closed', notifyCommissioner: true });
      return meaning;
    case 'correspondence':
      fileMail(ctx, { ...base, kind: `from-${input.role}`, reason: input.reason, notifyCommissioner: true });
      return meaning;
  }
}

/**
 * The written response as her notice shows it: only the beklaagde's own new text, cut where the
 * quote starts by the same split that reads her commands (quoted-text.ts), so that our request
 * and its "On … wrote:" do not come back to her. `responseQuoteCut` lets the notice say that the
 * whole mail, quote and all, is in the file.
 */
export function responseNoticeText(text: string): { responseText: string; responseQuoteCut: boolean } {
  const own = stripQuoted(text).trim();
  return { responseText: own.slice(0, 100_000), responseQuoteCut: own !== bodyLines(text).join('\n').trim() };
}

/** Art. 13's new information, as far as the desk can see it (domain/appeal-information.ts). */
function checkAppeal(ctx: AppContext, caseId: number, mail: InboundMail) {
  const messages = ctx.store.messages.byCase(caseId).filter((m) => m.direction === 'in');
  const hashes = new Set(messages.flatMap((m) => ctx.store.messages.attachmentsOf(m.id).map((a) => a.sha256)));
  return appealInformation(mail, { texts: messages.map((m) => m.text ?? ''), attachmentHashes: hashes });
}

/** What a party's mail means in the case's present state. */
export function partyMailMeaning(ctx: AppContext, role: PartyRole, caseId: number, state: string): PartyMailMeaning {
  if (role === 'klager' && (state === 'decided' || state === 'closed')) {
    // After a ruling that was not appealed: an appeal inside the window, "term has passed" after it
    // (also when the case has meanwhile closed itself because the window ran out).
    const ruled = ctx.store.cases.events(caseId).some((e) => e.type === 'decide');
    const appealed = ctx.store.cases.events(caseId).some((e) => e.type === 'appeal');
    if (ruled && !appealed) {
      const appeal = ctx.store.deadlines.currentOfKind(caseId, 'appeal');
      const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
      if (state === 'decided' && appeal && appeal.status === 'open' && today <= appeal.due_date) return 'appeal';
      return 'appeal-late';
    }
  }
  if (state === 'closed' || state === 'purged' || state === 'dismissed' || state === 'withdrawn') return 'on-closed-case';
  if (role === 'beklaagde' && state === 'presented') return 'response';
  return 'correspondence';
}
