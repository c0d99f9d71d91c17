/**
 * Art. 13: "Hierbij dient men nieuwe, aanvullende informatie te presenteren." Whether an appeal
 * brings new information is the commissioner's judgement, not the desk's: the desk cannot weigh
 * an argument. What it can see, and says in her notice, is an appeal that brings NOTHING new:
 *
 * - no text of its own (only the quoted ruling, or nothing), or only text that is already in the
 *   file word for word (the complaint or an earlier mail pasted again); and
 * - no attachment that is not already in the file (same SHA-256).
 *
 * Such an appeal is still filed and acknowledged (the klager is told that art. 13 asks for new
 * information and until when she can add it); the commissioner decides with `#beroep
 * niet-ontvankelijk <reden>` or `#beroep ontvankelijk`. Pure: the file's texts and hashes are passed in.
 */
import { stripQuoted } from './quoted-text.js';

export interface AppealInformation {
  /** The appeal's own text, without quotes, trimmed. */
  ownText: string;
  /** Attachments whose content is not yet in the file. */
  newAttachments: string[];
  /** Neither own new text nor a new attachment. */
  nothingNew: boolean;
}

const normal = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

export function appealInformation(
  appeal: { text: string; attachments: readonly { filename: string; sha256: string }[] },
  file: { texts: readonly string[]; attachmentHashes: ReadonlySet<string> },
): AppealInformation {
  const ownText = stripQuoted(appeal.text).trim();
  const known = file.texts.map(normal);
  const own = normal(ownText);
  const textIsNew = own !== '' && !known.some((t) => t.includes(own));
  const newAttachments = appeal.attachments.filter((a) => !file.attachmentHashes.has(a.sha256)).map((a) => a.filename);
  return { ownText, newAttachments, nothingNew: !textIsNew && newAttachments.length === 0 };
}
