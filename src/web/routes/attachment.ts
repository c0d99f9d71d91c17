/**
 * GET /cases/KL-…/attachments/ID : an attachment of a message in that case's file, always as a
 * download (Content-Disposition: attachment), with a content type the browser will not run:
 * a short list of inert types, everything else application/octet-stream; nosniff and a sandbox
 * CSP in case a browser opens it anyway. Its bytes come from the blob store, or else from the
 * stored .eml of its message, parsed again (the attachment's SHA-256 says which part it is).
 */
import { parseMail } from '../../mail-in/parse-mail.js';
import type { AppContext } from '../../use-cases/context.js';
import { sendHtml } from '../http.js';
import { notice } from '../notice.js';
import type { Route } from '../types.js';

const INERT = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'text/plain']);

export function safeContentType(declared: string): string {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  if (!INERT.has(type)) return 'application/octet-stream';
  return type === 'text/plain' ? 'text/plain; charset=utf-8' : type;
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` with nothing a header could be split by. */
export function attachmentDisposition(filename: string): string {
  const clean = filename.replace(/[\u0000-\u001f\u007f/\\]+/g, '_').trim() || 'bijlage';
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}

interface AttachmentRow { filename: string; content_type: string; sha256: string; message_blob: string | null }

export const downloadAttachment: Route = async (deps, call) => {
  const [number, id] = call.params;
  const row: AttachmentRow | undefined = deps.ctx.store.messages.attachmentInCase(number ?? '', Number(id));
  const data = row ? await contentOf(deps.ctx, row) : null;
  if (!row || !data) return sendHtml(call.res, 404, call.headers, notice(deps, 'not-found'));
  call.res.writeHead(200, {
    ...call.headers,
    'content-security-policy': "default-src 'none'; sandbox",
    'content-type': safeContentType(row.content_type),
    'content-disposition': attachmentDisposition(row.filename),
    'content-length': String(data.length),
  }).end(data);
};

async function contentOf(ctx: AppContext, row: AttachmentRow): Promise<Buffer | null> {
  const { blobs } = ctx.store;
  if (blobs.has(row.sha256)) return blobs.get(row.sha256);
  if (!row.message_blob || !blobs.has(row.message_blob)) return null;
  const mail = await parseMail(blobs.get(row.message_blob), { maxBytes: ctx.config.maxMessageBytes + 1024 * 1024, timeoutMs: 10_000 });
  return mail.attachments.find((a) => a.sha256 === row.sha256)?.content ?? null;
}
