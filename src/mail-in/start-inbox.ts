/**
 * The mailbox side of the service: the watcher of the complaints mailbox and, in own mode
 * (issue 12), a read-only watcher of her INBOX for case mail and her commands; plus one watcher
 * per intake folder of a practice (issue 16), whose complaints are that practice's.
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
  /** The practices' own intake folders (Practice.recognise.folders), each with its watcher. */
  practiceWatchers: InboxWatcher[];
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
  // A practice's folder is filled by her (own mode: she drags a complaint there) or by a server
  // rule (a dedicated mailbox): either way it is taken as the general intake folder is, processed
  // and quarantined mail moved out of it, and created when missing.
  const general = own ? config.imap.intakeMailbox : config.imap.mailbox;
  const practiceWatchers = practiceFolders(ctx).filter((f) => f !== general && f !== config.imap.mailbox).map((mailbox) => new InboxWatcher({
    config, store, clock, log: log.child({ component: 'inbox', mailbox }), handle, tokens: deps.imapTokens, mailbox, createMailbox: true,
  }));
  const all = [watcher, ...(inboxWatcher ? [inboxWatcher] : []), ...practiceWatchers];
  return {
    watcher, inboxWatcher, practiceWatchers,
    isConnected: () => all.every((w) => w.isConnected),
    async start() {
      for (const w of all) await w.start();
    },
    async stop() {
      for (const w of all) await w.stop();
    },
  };
}

/** Every practice's intake folders, each once. */
function practiceFolders(ctx: AppContext): string[] {
  return [...new Set(ctx.config.practices.practices.flatMap((p) => p.recognise.folders))];
}
