/**
 * Mail whose content the service cannot read, although it parsed: encrypted (S/MIME enveloped
 * data, PGP/MIME or inline PGP), S/MIME opaque-signed (the text is inside the signature blob),
 * or one fragment of a message/partial. Opening a case on it would file a complaint nobody can
 * read and acknowledge what we do not know; it is quarantined whole with this reason instead,
 * and the commissioner decides. Pure: reads an InboundMail.
 */
import { header, type InboundMail } from './inbound-mail.js';

/** Why the content cannot be read, or null when it can. The reason names the format, never content. */
export function unreadableContent(mail: InboundMail): string | null {
  const ct = mail.contentType;
  const params = (header(mail, 'content-type') ?? '').toLowerCase();
  if (ct === 'application/pkcs7-mime' || ct === 'application/x-pkcs7-mime') {
    if (/smime-type\s*=\s*"?signed-data/.test(params)) {
      return 'S/MIME opaque-signed: the text is inside the signature and the service cannot read it';
    }
    return 'S/MIME encrypted: the service cannot read it';
  }
  if (ct === 'multipart/encrypted') return 'PGP/MIME encrypted: the service cannot read it';
  if (ct === 'message/partial') return 'message/partial: one fragment of a message split in parts; the service cannot put it together';
  if (/^\s*-----BEGIN PGP MESSAGE-----/.test(mail.text) && !mail.text.replace(/-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/g, '').trim()) {
    return 'inline PGP encrypted: the service cannot read it';
  }
  return null;
}
