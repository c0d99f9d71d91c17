/**
 * Own mode: the watcher's `pick` for her INBOX (issue 12). Parses each new mail in memory and
 * decides with src/domain/own-inbox.ts whether it belongs to the desk. A mail passed over leaves
 * no trace, except that one which looks like a complaint is noted (folder, UID, date — no sender,
 * subject or text) so the daily digest can point her to it.
 */
import { caseNumberInSubject } from '../domain/case-number.js';
import { loopMarkerFor, referencedIds } from '../domain/classify.js';
import { parseCommands } from '../domain/commands.js';
import { readOurMessageId } from '../domain/message-id.js';
import { decideOwnInbox, looksLikeComplaint } from '../domain/own-inbox.js';
import type { AppContext } from '../use-cases/context.js';
import type { FetchedMessage } from './inbox-watcher.js';
import { parseMail } from './parse-mail.js';

export function ownInboxPick(ctx: AppContext): { pick(m: FetchedMessage): Promise<boolean> } {
  const { config, store } = ctx;
  const names = [config.practiceName, config.commissionerName];
  return {
    async pick(m) {
      const mail = await parseMail(m.raw, { maxBytes: config.maxMessageBytes + 1024 * 1024, timeoutMs: 20_000 }).catch(() => null);
      if (!mail) return false; // unreadable mail in her INBOX is hers to deal with
      const ours = (id: string | null) => !!id && readOurMessageId(ctx.messageIdSecret, id) !== null;
      const loop = loopMarkerFor(config.mailboxAddress).toLowerCase();
      const tagged = caseNumberInSubject(mail.subject);
      const c = tagged ? store.cases.byNumber(tagged) : undefined;
      const from = mail.from?.address ?? '';
      const parsed = config.commissionerEmails.includes(from) ? parseCommands(mail.subject, mail.text) : null;
      const decision = decideOwnInbox(mail, {
        isOurLetter: ours(mail.messageId) || (mail.headers['x-loop'] ?? []).some((v) => v.trim().toLowerCase() === loop),
        refersToOurLetter: referencedIds(mail).some(ours),
        taggedCaseParties: c && c.state !== 'purged' ? store.cases.view(c.id)?.parties.map((p) => p.email) ?? null : null,
        fromCommissioner: parsed !== null,
        hasCommand: !!parsed && (parsed.commands.length > 0 || parsed.errors.length > 0),
      });
      if (!decision.take && looksLikeComplaint(mail, names)) {
        store.ownInbox.noteLookalike({ mailbox: m.mailbox, uidvalidity: m.uidvalidity, uid: m.uid, receivedAt: m.internalDate.toISOString() });
      }
      ctx.log.debug({ component: 'own-inbox', uid: m.uid, take: decision.take }, 'INBOX mail looked at');
      return decision.take;
    },
  };
}
