/**
 * A fresh mail, without reference to our letters or a case tag, from a sender who already has an
 * open case as klager (SPEC §5 step 6, issue 13). It may be more about that case, or a second
 * complaint. Art. 5 asks that a written complaint be acknowledged, so it is never filed in silence:
 *
 * - it is filed in the open case ('unreferenced'), with its date of receipt;
 * - the klager gets a short letter that it arrived and was added to case X (at most one per case
 *   per 24 hours, so that an auto-responder starting new threads is not answered without end);
 * - the commissioner's notice says it may be a new complaint and gives the one command that makes
 *   it a case of its own (`#splits N`, src/use-cases/commands/splits.ts), keeping that date.
 *
 * After the ruling the klager's mail is read as an appeal (art. 13) as before, reference or not.
 */
import type { InboundMail } from '../domain/inbound-mail.js';
import { attachmentFacts, caseFacts } from './case-facts.js';
import type { AppContext } from './context.js';
import { fileMail, notifyCommissioner } from './file-mail.js';
import { isHeldCase } from './held-case.js';
import { handlePartyMail, partyMailMeaning } from './party-mail.js';
import { mayTellAddedToCase } from './rate-limit.js';
import { writeToParties } from './write-letter.js';

export interface UnreferencedMailInput {
  caseId: number;
  mail: InboundMail;
  storedMessageId: string;
  blobSha256: string;
  size: number;
  receivedAt: Date;
}

export function handleUnreferencedMail(ctx: AppContext, input: UnreferencedMailInput): void {
  const c = ctx.store.cases.get(input.caseId)!;
  const meaning = partyMailMeaning(ctx, 'klager', c.id, c.state);
  if (meaning === 'appeal' || meaning === 'appeal-late') {
    handlePartyMail(ctx, { ...input, role: 'klager', reason: 'unreferenced' });
    return;
  }
  const filing = {
    caseId: c.id, mail: input.mail, kind: 'unreferenced', storedMessageId: input.storedMessageId, blobSha256: input.blobSha256,
    size: input.size, fromRole: 'klager', reason: 'unreferenced' as const, receivedAt: input.receivedAt,
  };
  // The split command names the message's number in the file, known once it is filed.
  const ref = fileMail(ctx, { ...filing, notifyCommissioner: false });
  notifyCommissioner(ctx, { ...filing, noticeFacts: { splitCommand: `#splits ${ref}` } }, ref);
  // A held case (issue 16) writes nothing to the klager until `#praktijk` gives it a practice and a number.
  if (isHeldCase(ctx, c) || !mayTellAddedToCase(ctx, c.id)) return;
  writeToParties(ctx, c.id, ['klager'], {
    template: 'added-to-case', inReplyTo: input.mail.messageId,
    references: [...input.mail.references, ...(input.mail.messageId ? [input.mail.messageId] : [])],
    facts: { ...caseFacts(ctx, c.id), mailSubject: input.mail.subject, attachments: attachmentFacts(input.mail.attachments) },
  });
}
