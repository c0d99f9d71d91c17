/**
 * One-time sign-in links and sessions of the web overview (migration 005-web.sql). Tokens are
 * random 256-bit strings handed to the browser or mailed; only their SHA-256 is stored, so a
 * copy of the database signs nobody in. A link is used up by one atomic UPDATE, so two clicks
 * racing each other cannot both sign in. Reached as `store.signIn`; the letters that carry the
 * links belong to the outbox (OutboxRepo.sweepLoginLinks).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Db } from './db.js';
import type { OutboxRepo } from './outbox-repo.js';
import { prepared } from './statements.js';

/** A new random token (43 characters of base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * A client as the sign-in limits count it: a keyed hash of its IP address. The key is made per
 * process, so the table holds nothing that turns back into an address (IPv4 is too small a space
 * for a plain hash to hide it); counts start afresh after a restart, which only loosens the limit.
 */
const CLIENT_KEY = randomBytes(32);
export function clientHash(ip: string): string {
  return createHmac('sha256', CLIENT_KEY).update(ip, 'utf8').digest('hex');
}

export class SignInRepo {
  private readonly q: ReturnType<typeof prepared>;
  constructor(db: Db, private readonly outbox: OutboxRepo) {
    this.q = prepared(db);
  }

  /** Store a link's hash; `outboxId` is the letter that carries it (its link is wiped once sent). */
  addLink(token: string, email: string, outboxId: number, nowIso: string, expiresIso: string): void {
    this.q('INSERT INTO web_login_links (token_sha256, email, outbox_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(tokenHash(token), email, outboxId, nowIso, expiresIso);
  }

  /** Links mailed to `email` since `sinceIso` (a limit on how many one address may ask for). */
  linksSince(email: string, sinceIso: string): number {
    return (this.q('SELECT count(*) AS n FROM web_login_links WHERE email = ? AND created_at >= ?').get(email, sinceIso) as { n: number }).n;
  }

  /** Record one request for a link from `client` (whatever address it asked for). */
  addRequest(client: string, nowIso: string): void {
    this.q('INSERT INTO web_sign_in_requests (client_sha256, at) VALUES (?, ?)').run(client, nowIso);
  }

  /** Requests for a link from `client` since `sinceIso`. */
  requestsSince(client: string, sinceIso: string): number {
    return (this.q('SELECT count(*) AS n FROM web_sign_in_requests WHERE client_sha256 = ? AND at >= ?').get(client, sinceIso) as { n: number }).n;
  }

  /** Whether a refusal notice went to `email` since `sinceIso` (she is told, but not once per refusal). */
  refusalNoticeSince(email: string, sinceIso: string): boolean {
    return this.outbox.sentTemplateToSince('sign-in-refused', email, sinceIso);
  }

  /** Whether `token` is a link that is neither used nor expired (does not use it up). */
  linkUsable(token: string, nowIso: string): boolean {
    return this.q('SELECT 1 FROM web_login_links WHERE token_sha256 = ? AND used_at IS NULL AND expires_at > ?').get(tokenHash(token), nowIso) !== undefined;
  }

  /** Use up `token`: its address, or null when unknown, used or expired. */
  useLink(token: string, nowIso: string): { email: string; outboxId: number | null } | null {
    const row = this.q(`UPDATE web_login_links SET used_at = ? WHERE token_sha256 = ? AND used_at IS NULL AND expires_at > ?
                        RETURNING email, outbox_id`).get(nowIso, tokenHash(token), nowIso) as { email: string; outbox_id: number | null } | undefined;
    if (!row) return null;
    // One link used ends every other still open for that address: a link asked for by someone
    // else (or lying in an old mail) cannot be used after she has signed in.
    this.q('UPDATE web_login_links SET used_at = ? WHERE email = ? AND used_at IS NULL').run(nowIso, row.email);
    return { email: row.email, outboxId: row.outbox_id };
  }

  /** Start a session for `email`; returns the token for the cookie. */
  startSession(email: string, nowIso: string, expiresIso: string): string {
    const token = newToken();
    this.q('INSERT INTO web_sessions (token_sha256, email, created_at, expires_at) VALUES (?, ?, ?, ?)').run(tokenHash(token), email, nowIso, expiresIso);
    return token;
  }

  /** The address of a live session, or null. */
  sessionEmail(token: string, nowIso: string): string | null {
    const row = this.q('SELECT email FROM web_sessions WHERE token_sha256 = ? AND expires_at > ?').get(tokenHash(token), nowIso) as { email: string } | undefined;
    return row?.email ?? null;
  }

  endSession(token: string): void {
    this.q('DELETE FROM web_sessions WHERE token_sha256 = ?').run(tokenHash(token));
  }

  /**
   * Housekeeping: forget expired sessions and links older than `linksBeforeIso`; take the link out
   * of login-link letters that went out (or were given up), and cancel the ones still waiting past
   * `expiredBeforeIso` (their link no longer works). Returns how many rows changed.
   */
  sweep(nowIso: string, linksBeforeIso: string, expiredBeforeIso: string): number {
    let n = this.q('DELETE FROM web_sessions WHERE expires_at <= ?').run(nowIso).changes;
    n += this.q('DELETE FROM web_login_links WHERE created_at < ?').run(linksBeforeIso).changes;
    n += this.q('DELETE FROM web_sign_in_requests WHERE at < ?').run(linksBeforeIso).changes;
    return n + this.outbox.sweepLoginLinks(expiredBeforeIso);
  }
}
