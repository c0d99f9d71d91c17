/**
 * The mailbox side of the service: the watcher of the complaints mailbox and, in own mode
 * (issue 12), a read-only watcher of her INBOX for case mail and her commands.
 */
import type { AccessTokenSource } from '../mail-auth/tokens.js';
import type { AppContext } from '../use-cases/context.js';
import { InboxWatcher, type FetchedMessage } from './inbox-watcher.js';
import { ownInboxPick } from './own-inbox-pick.js';
import { receiveMessages } from './receive-message.js';

export interface InboxWatchers {
  /** The mailbox complaints are taken from: IMAP_MAILBOX, or in own mode the intake folder. */
  watcher: InboxWatcher;
  /** Own mode: her INBOX, read-only; null in a dedicated mailbox. */
  inboxWatcher: InboxWatcher | null;
  isConnected(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function inboxWatchers(ctx: AppContext, deps: {
  imapTokens: AccessTokenSource | undefined;
  onSentCopyAwaited?: (e: { uid: number; messageId: string | null }) => void;
}): InboxWatchers {
  const { config, store, clock, log } = ctx;
  const handle = async (ms: FetchedMessage[]) => {
    const { error } = await receiveMessages(ctx, ms.map((m) => ({
      raw: m.raw, size: m.size, truncated: m.truncated, receivedAt: m.internalDate,
      source: { mailbox: m.mailbox, uidvalidity: m.uidvalidity, uid: m.uid },
    })));
    if (error) throw error;
  };
  const own = config.mailboxMode === 'own';
  const watcher = new InboxWatcher({
    config, store, clock, log: log.child({ component: 'inbox' }), handle, tokens: deps.imapTokens,
    mailbox: own ? config.imap.intakeMailbox : config.imap.mailbox,
  });
  const inboxWatcher = own
    ? new InboxWatcher({
      config, store, clock, log: log.child({ component: 'own-inbox' }), handle, tokens: deps.imapTokens, mailbox: config.imap.mailbox,
      keep: ownInboxPick(ctx, { onSentCopyAwaited: deps.onSentCopyAwaited }),
    })
    : null;
  return {
    watcher, inboxWatcher,
    isConnected: () => watcher.isConnected && (inboxWatcher?.isConnected ?? true),
    async start() {
      await watcher.start();
      await inboxWatcher?.start();
    },
    async stop() {
      await watcher.stop();
      await inboxWatcher?.stop();
    },
  };
}
