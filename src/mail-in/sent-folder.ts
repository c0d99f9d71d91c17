/**
 * Own mode, COMMAND_AUTH=sent-folder: look in the commissioner's Sent folder for a copy of a mail
 * that came in from her address. The folder is IMAP_SENT_MAILBOX, or the one the server marks
 * SPECIAL-USE \Sent (RFC 6154: "Sent", "Verzonden items", "[Gmail]/Verzonden berichten" …). It
 * is opened read-only (EXAMINE), so nothing in it changes; one short connection per lookup keeps
 * the watcher's IDLE on its own mailbox.
 */
import { ImapFlow } from 'imapflow';
import type { Config } from '../config.js';
import type { InboundMail } from '../domain/inbound-mail.js';
import type { Logger } from '../logger.js';
import { imapAuth } from '../mail-auth/mail-tokens.js';
import type { AccessTokenSource } from '../mail-auth/tokens.js';
import type { SentCopy, SentFolderLookup } from '../domain/sent-copy.js';
import { parseMail } from './parse-mail.js';

/** The same mail: subject and text equal once whitespace is evened out (clients re-wrap nothing, but line ends differ). */
function sameContent(a: InboundMail, b: InboundMail): boolean {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  return norm(a.subject) === norm(b.subject) && norm(a.text) === norm(b.text);
}

export function imapSentFolder(config: Config, tokens: AccessTokenSource | undefined, log: Logger): SentFolderLookup {
  return {
    async find(mail) {
      if (!mail.messageId) return 'absent';
      const client = new ImapFlow({
        host: config.imap.host, port: config.imap.port, secure: config.imap.secure, auth: await imapAuth(config, tokens),
        logger: false, tls: { rejectUnauthorized: true }, connectionTimeout: 15_000,
      });
      client.on('error', (err: Error) => log.debug({ err: err.message }, 'sent-folder imap error'));
      try {
        await client.connect();
        const folder = config.imap.sentMailbox ?? (await client.list()).find((m) => m.specialUse === '\\Sent')?.path;
        if (!folder) throw new Error('no Sent folder: the server marks none \\Sent; set IMAP_SENT_MAILBOX');
        const box = await client.mailboxOpen(folder, { readOnly: true });
        if (box.exists === 0) return 'absent';
        const uids = await client.search({ header: { 'message-id': `<${mail.messageId}>` } }, { uid: true });
        if (!uids || uids.length === 0) return 'absent';
        const [m] = await client.fetchAll(String(uids[uids.length - 1]), { uid: true, source: true }, { uid: true });
        if (!m?.source) return 'absent';
        const copy = await parseMail(m.source, { maxBytes: config.maxMessageBytes, timeoutMs: 20_000 });
        // The search is a substring match: make sure it is this very Message-ID.
        if (copy.messageId !== mail.messageId) return 'absent';
        return { folder, from: copy.fromCount === 1 ? copy.from?.address ?? '' : '', sameContent: sameContent(copy, mail) };
      } finally {
        await client.logout().catch(() => client.close());
      }
    },
  };
}
