/**
 * Own mode: the watcher's `pick` for her INBOX (issue 12). Parses each new mail in memory and
 * decides with src/domain/own-inbox.ts whether it belongs to the desk. A mail passed over leaves
 * no trace, except that one which looks like a complaint is noted (folder, UID, date — no sender,
 * subject or text) so the daily digest can point her to it.
 *
 * Her command that only `sent-folder` could authenticate, while her Sent folder has no copy yet,
 * is put off ('later'): a mail program stores the Sent copy after it sent the mail, sometimes a
 * while after delivery. The watcher looks again on a timer, and after SENT_COPY_WAIT_SECONDS the mail
 * is taken anyway, so a copy that never comes means a refusal with its alert. The wait is kept in
 * SQLite (own_inbox_waiting), so a restart during it neither loses the command nor restarts the wait.
 */
import { caseNumberInSubject } from '../domain/case-number.js';
import { loopMarkerFor, referencedIds } from '../domain/classify.js';
import { parseCommands } from '../domain/commands.js';
import { readOurMessageId } from '../domain/message-id.js';
import { decideOwnInbox, looksLikeComplaint } from '../domain/own-inbox.js';
import type { AppContext } from '../use-cases/context.js';
import type { FetchedMessage } from './inbox-watcher.js';
import { parseMail } from './parse-mail.js';
import { authenticateSender } from './authenticate.js';
import type { InboundMail } from '../domain/inbound-mail.js';

export interface OwnInboxPickOptions {
  /** Called when her command is put off to wait for its Sent copy (tests wait for it). */
  onSentCopyAwaited?: (e: { uid: number; messageId: string | null }) => void;
}

export function ownInboxPick(ctx: AppContext, opts: OwnInboxPickOptions = {}): { pick(m: FetchedMessage): Promise<boolean | 'later'> } {
  const { config, store } = ctx;
  const names = [config.practiceName, config.commissionerName];
  const waitMs = config.imap.sentCopyWaitSeconds * 1000;
  /**
   * True when this command of hers should wait: only a Sent copy could pass it, and there is none
   * yet. The wait is noted in SQLite (store.ownInbox) at first sight, before the watcher hands on
   * any later mail whose commit moves the INBOX cursor past this one: a restart during the wait
   * fetches it again by UID. Its deadline is on the service's clock. The watcher ends the wait once
   * the mail is committed.
   */
  const awaitsSentCopy = async (m: FetchedMessage, mail: InboundMail): Promise<boolean> => {
    if (!config.commandAuth.includes('sent-folder') || !ctx.sentFolder || !mail.from || waitMs <= 0) return false;
    const waiting = store.ownInbox.waitingFor(m.mailbox, m.uidvalidity, m.uid);
    const now = ctx.clock.now();
    if (waiting && now.getTime() >= Date.parse(waiting.wait_until)) return false; // taken now: refused, with the alert
    const sent = await ctx.sentFolder.find(mail).catch(() => 'absent' as const);
    if (sent !== 'absent') return false;
    const verdict = await authenticateSender(m.raw, mail.from.address, {
      methods: config.commandAuth, authservId: config.authservId, resolver: ctx.dnsResolver, dkimExtraDomains: config.dkimExtraDomains,
      exchangeTenantId: config.exchangeTenantId, mailboxMode: config.mailboxMode, sent,
    });
    if (verdict.authenticated) return false;
    if (!waiting) {
      store.ownInbox.startWait({
        mailbox: m.mailbox, uidvalidity: m.uidvalidity, uid: m.uid, messageId: mail.messageId,
        firstSeenAt: now.toISOString(), waitUntil: new Date(now.getTime() + waitMs).toISOString(),
      });
      ctx.log.info({ component: 'own-inbox', uid: m.uid }, 'command waits for its copy in the Sent folder');
      opts.onSentCopyAwaited?.({ uid: m.uid, messageId: mail.messageId });
    }
    return true;
  };
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
      const isOurLetter = ours(mail.messageId) || (mail.headers['x-loop'] ?? []).some((v) => v.trim().toLowerCase() === loop);
      const decision = decideOwnInbox(mail, {
        isOurLetter,
        refersToOurLetter: referencedIds(mail).some(ours),
        taggedCaseParties: c && c.state !== 'purged' ? store.cases.view(c.id)?.parties.map((p) => p.email) ?? null : null,
        fromCommissioner: parsed !== null,
        hasCommand: !!parsed && (parsed.commands.length > 0 || parsed.errors.length > 0),
      });
      // Noted for the digest's safety net: a complaint look-alike, or a stranger writing on a case
      // tag (not a party, so not taken: it stays hers to judge, and the digest names it). Never
      // our own letters, which say klacht and name the practice too.
      if (!decision.take && !isOurLetter && (looksLikeComplaint(mail, names) || c !== undefined)) {
        store.ownInbox.noteLookalike({ mailbox: m.mailbox, uidvalidity: m.uidvalidity, uid: m.uid, receivedAt: m.internalDate.toISOString() });
      }
      ctx.log.debug({ component: 'own-inbox', uid: m.uid, take: decision.take }, 'INBOX mail looked at');
      if (decision.take && decision.why === 'command' && (await awaitsSentCopy(m, mail))) return 'later';
      return decision.take;
    },
  };
}
