/**
 * `sent-folder` (own mode): a copy of the mail, with the same Message-ID, subject and text and
 * From her address, is in her own Sent folder. Only someone who holds her mailbox (her mail
 * program, her provider's webmail) can put mail there; a stranger can only send to it.
 */
import { safe } from './headers.js';
import type { AuthEvidence, MethodVerdict } from './types.js';

export function bySentFolder(ev: AuthEvidence, fromAddress: string): MethodVerdict {
  const no = (reason: string): MethodVerdict => ({ method: 'sent-folder', pass: false, reason });
  if (ev.sent === null) return no('the Sent folder was not searched (MAILBOX_MODE=own and a Sent folder are needed)');
  if (ev.sent === 'absent') return no('no copy with this Message-ID in the Sent folder');
  const copy = ev.sent;
  if (copy.from !== fromAddress) return no(`the copy in ${safe(copy.folder)} is From ${safe(copy.from) || 'nobody'}, not ${fromAddress}`);
  if (!copy.sameContent) return no(`the copy in ${safe(copy.folder)} has another subject or text`);
  return { method: 'sent-folder', pass: true, reason: `a copy From ${fromAddress} is in ${safe(copy.folder)}` };
}
