/**
 * Deletes a case's copies from the complaints mailbox (SPEC §9): the processed and quarantine
 * folders are searched by Message-ID header, and each hit is confirmed on its envelope before it
 * is deleted (a header search matches substrings). A message stored without a Message-ID is
 * found by its size and confirmed by the SHA-256 of its bytes. Its own short-lived connection:
 * the inbox watcher's is busy with IDLE.
 */
import { imapAuth } from '../mail-auth/mail-tokens.js';
import type { AccessTokenSource } from '../mail-auth/tokens.js';
import { createHash } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { MailboxCopies, MailboxPurger } from '../use-cases/purge-cases.js';

const bare = (id: string | undefined) => (id ?? '').trim().replace(/^<|>$/g, '');

export class ImapMailboxPurger implements MailboxPurger {
  constructor(private readonly config: Config, private readonly tokens: AccessTokenSource | undefined, private readonly log: Logger) {}

  async deleteCopies(copies: MailboxCopies): Promise<number> {
    if (copies.messageIds.length === 0 && copies.bySha.length === 0) return 0;
    const { imap } = this.config;
    const client = new ImapFlow({
      host: imap.host, port: imap.port, secure: imap.secure, logger: false,
      // Password, fixed token or the OAuth2 refresh flow: the same login the inbox watcher uses.
      auth: await imapAuth(this.config, this.tokens),
    });
    // Before connect(): an unlistened socket error would end the process (imapflow#302).
    client.on('error', (err: Error) => this.log.warn({ err: err.message }, 'imap error during purge'));
    await client.connect();
    try {
      const existing = new Set((await client.list()).map((m) => m.path));
      let deleted = 0;
      for (const folder of [imap.processedMailbox, imap.quarantineMailbox]) {
        const path = [folder, folder.split('/').join('.')].find((p) => existing.has(p));
        if (path) deleted += await this.purgeFolder(client, path, copies);
      }
      return deleted;
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  private async purgeFolder(client: ImapFlow, path: string, copies: MailboxCopies): Promise<number> {
    const lock = await client.getMailboxLock(path);
    try {
      if (!client.mailbox || client.mailbox.exists === 0) return 0;
      const candidates = new Set<number>();
      for (const id of copies.messageIds) {
        for (const uid of (await client.search({ header: { 'message-id': id } }, { uid: true })) || []) candidates.add(uid);
      }
      const uids: number[] = [];
      if (candidates.size > 0) {
        const wanted = new Set(copies.messageIds);
        for (const m of await client.fetchAll([...candidates].join(','), { uid: true, envelope: true }, { uid: true })) {
          if (wanted.has(bare(m.envelope?.messageId))) uids.push(m.uid);
        }
      }
      for (const { sha256, size } of copies.bySha) {
        const sized = (await client.search({ larger: size - 1, smaller: size + 1 }, { uid: true })) || [];
        if (sized.length === 0) continue;
        for (const m of await client.fetchAll(sized.join(','), { uid: true, source: true }, { uid: true })) {
          if (m.source && createHash('sha256').update(m.source).digest('hex') === sha256) uids.push(m.uid);
        }
      }
      if (uids.length === 0) return 0;
      await client.messageDelete(uids.join(','), { uid: true });
      return uids.length;
    } finally {
      lock.release();
    }
  }
}
