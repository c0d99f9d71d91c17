/**
 * The IMAP quarantine folder (IMAP_QUARANTINE_MAILBOX), for `complaint-desk reprocess`: what lies
 * there, selected by UID, by Message-ID or all of it, and moving what was taken in to the
 * processed folder. One short-lived connection per call; nothing runs inside a fetch loop
 * (imapflow#159): messages are collected first, then moved.
 */
import { ImapFlow } from 'imapflow';
import type { QuarantinedCopy } from '../use-cases/reprocess-mail.js';
import type { Config } from '../config.js';
import { imapAuth } from '../mail-auth/mail-tokens.js';
import type { AccessTokenSource } from '../mail-auth/tokens.js';


export type QuarantineSelection = { uid: number } | { messageId: string } | { all: true };

async function connected(config: Config, tokens: AccessTokenSource | undefined): Promise<ImapFlow> {
  const { imap } = config;
  const client = new ImapFlow({ host: imap.host, port: imap.port, secure: imap.secure, auth: await imapAuth(config, tokens), logger: false, tls: { rejectUnauthorized: true } });
  client.on('error', () => undefined); // surfaces through the awaited command
  await client.connect();
  return client;
}

const bare = (id: string) => id.trim().replace(/^<|>$/g, '');

/** The quarantine folder's messages that `sel` names, oldest first, with their raw source. */
export async function readQuarantine(config: Config, tokens: AccessTokenSource | undefined, sel: QuarantineSelection): Promise<QuarantinedCopy[]> {
  const client = await connected(config, tokens);
  try {
    const lock = await client.getMailboxLock(config.imap.quarantineMailbox.split('/'));
    try {
      const exists = (client.mailbox && typeof client.mailbox === 'object' ? client.mailbox.exists : 0) ?? 0;
      if (exists === 0) return [];
      let range: string | number[] = '1:*';
      if ('uid' in sel) range = String(sel.uid);
      if ('messageId' in sel) {
        const found = await client.search({ header: { 'message-id': bare(sel.messageId) } }, { uid: true });
        if (!found || found.length === 0) return [];
        range = found;
      }
      const out: QuarantinedCopy[] = [];
      for (const m of await client.fetchAll(range, { uid: true, source: { maxLength: config.maxMessageBytes + 1024 * 1024 }, envelope: true, internalDate: true, size: true }, { uid: true })) {
        if (!m.source) continue;
        out.push({ uid: m.uid, messageId: m.envelope?.messageId ? bare(m.envelope.messageId) : null, internalDate: new Date(m.internalDate ?? Date.now()), size: m.size ?? m.source.length, raw: m.source });
      }
      return out.sort((a, b) => a.uid - b.uid);
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Move the copies taken in out of quarantine, to the processed folder. */
export async function moveOutOfQuarantine(config: Config, tokens: AccessTokenSource | undefined, uids: readonly number[]): Promise<void> {
  if (uids.length === 0) return;
  const client = await connected(config, tokens);
  try {
    const lock = await client.getMailboxLock(config.imap.quarantineMailbox.split('/'));
    try {
      await client.messageMove(uids.join(','), config.imap.processedMailbox.split('/'), { uid: true });
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}
