/**
 * The HTTP rules every web response follows: a strict Content-Security-Policy (no script at all,
 * styles only from our own stylesheet), no caching, no referrer to other sites (a sign-in link
 * must not leak), no framing; cookies HttpOnly and SameSite=Strict, Secure behind TLS; POSTs only
 * from our own origin; form bodies small and parsed by hand.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CSP = [
  "default-src 'none'", "style-src 'self'", "img-src 'self'", "form-action 'self'",
  "frame-ancestors 'none'", "base-uri 'none'",
].join('; ');

/** Headers on every web response. */
export function baseHeaders(secure: boolean): Record<string, string> {
  return {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on our own forms.
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'cache-control': 'no-store',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

export function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));
}

/**
 * Behind TLS: the public address is https, or a reverse proxy on this host (the only one that can
 * reach a loopback listener) says X-Forwarded-Proto: https. Anyone else's header is ignored.
 */
export function isSecure(req: IncomingMessage, baseUrl: URL): boolean {
  if (baseUrl.protocol === 'https:') return true;
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim().toLowerCase();
  return proto === 'https' && isLoopback(req.socket.remoteAddress);
}

/**
 * The client a request comes from, for the sign-in limits: the socket's address, or, when a
 * reverse proxy on this host forwards it (the only one that can reach a loopback listener), the
 * last X-Forwarded-For entry, which that proxy appended itself. Earlier entries are the client's
 * own say and could be anything.
 */
export function clientAddress(req: IncomingMessage): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return isLoopback(socket) && forwarded.length > 0 ? forwarded[forwarded.length - 1]! : socket;
}

/** A POST is ours when its Origin is exactly the public origin (browsers send it on every POST). */
export function sameOrigin(req: IncomingMessage, baseUrl: URL): boolean {
  return req.headers.origin === baseUrl.origin;
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    if (!out.has(name)) out.set(name, part.slice(i + 1).trim());
  }
  return out;
}

/** The session cookie's name: the __Host- prefix makes browsers insist on Secure, Path=/ and no Domain. */
export function cookieName(secure: boolean): string {
  return secure ? '__Host-cd-session' : 'cd-session';
}

export function sessionCookie(secure: boolean, value: string, maxAgeSeconds: number): string {
  return [`${cookieName(secure)}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/** Read an application/x-www-form-urlencoded body of at most `limit` bytes; null when not one. */
export async function readForm(req: IncomingMessage, limit = 4096): Promise<URLSearchParams | null> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function sendHtml(res: ServerResponse, status: number, headers: Record<string, string>, html: string): void {
  res.writeHead(status, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(html);
}

export function redirect(res: ServerResponse, headers: Record<string, string>, location: string, extra: Record<string, string> = {}): void {
  res.writeHead(303, { ...headers, ...extra, location }).end();
}
