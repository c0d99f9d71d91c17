/** Her Sent folder as the intake sees it (own mode, issue 12): shared by mail-in and the context. */
import type { InboundMail } from './inbound-mail.js';

/** A copy of the mail in her Sent folder, found by its Message-ID (own mode only). */
export interface SentCopy {
  /** The folder searched, e.g. "Sent" or "Verzonden items". */
  folder: string;
  /** Bare From address of the copy, lower-cased; '' when it has none. */
  from: string;
  /** Same subject and body text as the mail that came in: it is the same mail, not a reused id. */
  sameContent: boolean;
}

/** The port to her Sent folder (src/mail-in/sent-folder.ts is its IMAP adapter). */
export interface SentFolderLookup {
  /** The copy with this Message-ID, 'absent' when there is none; throws when the folder cannot be read. */
  find(mail: InboundMail): Promise<SentCopy | 'absent'>;
}
