/**
 * The files a letter carries, as outbox facts (`attach`): the blobs of a mail's attachments. The
 * commissioner's notices carry the complaint's own files, so that she can read the whole file from
 * her mail client alone (issue 13); the request for a response carries them to the beklaagde (art. 6).
 */
import type { AttachSpec } from '../mail-out/attachments.js';

export function blobAttachSpecs(list: readonly { sha256: string; filename: string; contentType?: string; content_type?: string }[]): AttachSpec[] {
  return list.map((a) => ({ kind: 'blob', sha256: a.sha256, filename: a.filename, contentType: a.contentType ?? a.content_type ?? 'application/octet-stream' }));
}
