/**
 * Watches the complaints mailbox over IMAP. On every `exists` event AND on a timer (Dovecot
 * batches or drops notifications; IDLE can die silently: STACK-NOTES.md) it sweeps: fetch every
 * message above the committed UID, hand each to `handle` (which commits it to SQLite), then move
 * the committed ones to the processed or quarantine folder. A crash between commit and move only
 * leaves a move to redo: the ledger (inbox_items) remembers it. An ImapFlow client is single-use,
 * so after close/error a new one connects with backoff.
 */
import { ImapFlow, type FetchMessageObject } from 'imapflow';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../domain/clock.js';
import type { Store } from '../store/store.js';
// OAuth2 (XOAUTH2) logins: src/mail-auth.
import { refusedTokenAdvice } from '../mail-auth/mail-tokens.js';
import type { AccessTokenSource } from '../mail-auth/tokens.js';

export interface FetchedMessage {
  /** The folder it was fetched from (the watcher's mailbox). */
  mailbox: string;
  uidvalidity: number;
  uid: number;
  size: number;
  internalDate: Date;
  /** The whole message, or only its header block when it is over the size limit. */
  raw: Buffer;
  truncated: boolean;
}

/**
 * Commits a batch of messages (each with its ledger row, which says where it goes); throws when
 * any could not be committed, after committing the others. Must be idempotent per (uidvalidity, uid).
 */
export type MessageHandler = (ms: FetchedMessage[]) => Promise<void>;

export interface WatcherOptions {
  config: Config;
  store: Store;
  clock: Clock;
  log: Logger;
  handle: MessageHandler;
  /** Messages fetched per FETCH round trip. */
  batchSize?: number;
  /** OAuth2 token source for the login; by default the config's shared one (src/mail-auth), if IMAP uses OAuth2. */
  tokens?: AccessTokenSource;
  /** The folder to watch; default IMAP_MAILBOX (own mode: the intake folder, and INBOX with `keep`). */
  mailbox?: string;
  /**
   * Own mode's INBOX (issue 12): open it read-only (EXAMINE, so no flag can change), never move
   * anything out of it, and take only what `pick` says belongs to the desk; the rest is passed
   * over — the cursor moves past it, nothing of it is stored. 'later' puts a mail off (her
   * command waiting for its Sent copy): it is neither taken nor passed, and a sweep comes again
   * after RETRY_LATER_MS to ask once more. `pick` notes each such wait in SQLite
   * (store.ownInbox.startWait) before it returns 'later'; every sweep fetches again from the lowest
   * UID waiting there, so a restart during the wait, after a later mail moved the cursor past it,
   * still decides it.
   */
  keep?: { pick(m: FetchedMessage): Promise<boolean | 'later'> };
  /** Create `mailbox` when missing, as the processed and quarantine folders are (a practice's intake folder, issue 16). */
  createMailbox?: boolean;
}

/**
 * Reconnect delays. Capped at 4 s so that, however long the server was away, the service is back
 * within 5 s of its return (issue 5); one TCP connect every 4 s costs a mail server nothing.
 */
const BACKOFF_MS = [500, 1000, 2000, 4000];
/** Quiet time after the last command before IDLE starts again (bench:latency: 14 s → 0.5 s). */
const AUTO_IDLE_MS = 100;
/** How soon a sweep asks again about a mail `pick` put off. */
const RETRY_LATER_MS = 2_000;

export class InboxWatcher {
  private client: ImapFlow | null = null;
  private stopped = true;
  private connected = false;
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private laterTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  /** Time of the last sweep that completed without error (for /readyz and metrics). */
  lastSweepAt: Date | null = null;

  private readonly mailbox: string;

  constructor(private readonly opts: WatcherOptions) {
    this.mailbox = opts.mailbox ?? opts.config.imap.mailbox;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Connect and start watching; resolves after the first connection attempt (success or not). */
  async start(): Promise<void> {
    this.stopped = false;
    this.pollTimer = setInterval(() => this.kick(), this.opts.config.imap.pollSeconds * 1000);
    await this.connect();
  }

  /** Stop fetching, let the message in hand finish, and log out. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.laterTimer) clearTimeout(this.laterTimer);
    await this.sweeping?.catch(() => undefined);
    const c = this.client;
    this.client = null;
    this.connected = false;
    if (c) await c.logout().catch(() => c.close());
  }

  /** Ask for a sweep soon. Sweeps never overlap; a kick during one causes one more. */
  kick(): void {
    if (this.stopped || !this.connected) return;
    if (this.sweeping) {
      this.sweepAgain = true;
      return;
    }
    this.sweeping = this.sweepLoop().finally(() => (this.sweeping = null));
  }

  /** Sweep now and wait for it: for tests. (`reprocess` reads the quarantine folder itself: src/mail-in/quarantine-folder.ts.) */
  async sweepNow(): Promise<void> {
    this.kick();
    await this.sweeping;
  }

  private async connect(): Promise<void> {
    const { imap } = this.opts.config;
    // OAuth2: a token with time left for every login; none to be had counts as a failed attempt.
    const tokens = this.opts.tokens;
    let accessToken: string | undefined;
    if (tokens) {
      try {
        accessToken = await tokens.getToken();
      } catch (err) {
        this.opts.log.warn({ err: (err as Error).message }, 'imap login impossible: no OAuth2 access token');
        this.scheduleReconnect();
        return;
      }
      if (this.stopped) return;
    }
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: accessToken ? { user: imap.user, accessToken } : { user: imap.user, pass: imap.password ?? '' },
      logger: false,
      maxIdleTime: 5 * 60_000,
      // Back in IDLE soon after each sweep: imapflow's default waits 15 s of silence first, and
      // until then no EXISTS reaches us, so a complaint waited for that or for the poll timer.
      autoIdleDelay: AUTO_IDLE_MS,
      tls: { rejectUnauthorized: true },
    });
    // Listeners before connect(): an unlistened socket error kills the process (imapflow#302).
    client.on('error', (err: Error) => this.opts.log.warn({ err: err.message }, 'imap error'));
    client.on('close', () => this.onClose(client));
    client.on('exists', () => this.kick());
    this.client = client;
    try {
      await client.connect();
      await this.ensureFolders(client);
      await client.mailboxOpen(this.mailbox, { readOnly: !!this.opts.keep });
      this.connected = true;
      this.failures = 0;
      this.opts.log.info({ mailbox: this.mailbox, readOnly: !!this.opts.keep }, 'imap connected');
      this.kick();
    } catch (err) {
      // OAuth2: a refused token is dropped, so the next attempt logs in with a new one.
      if (tokens && accessToken && (err as { authenticationFailed?: boolean }).authenticationFailed) {
        tokens.invalidate(accessToken);
        const advice = refusedTokenAdvice(tokens);
        if (tokens.renewable) this.opts.log.warn(advice);
        else this.opts.log.error(advice);
      }
      this.opts.log.warn({ err: (err as Error).message }, 'imap connect failed');
      client.close();
      this.onClose(client);
    }
  }

  private onClose(client: ImapFlow): void {
    if (this.client !== client) return; // an old client closing late
    this.connected = false;
    this.client = null;
    this.scheduleReconnect();
  }

  /** Connect again after the next backoff delay (unless stopping or already scheduled). */
  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)]!;
    this.failures++;
    this.opts.log.warn({ delayMs: delay }, 'imap connection closed; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) void this.connect();
    }, delay);
  }

  /** Create the processed and quarantine folders when missing (paths use '/' in config). */
  private async ensureFolders(client: ImapFlow): Promise<void> {
    const existing = new Set((await client.list()).map((m) => m.path));
    const { imap, mailboxMode } = this.opts.config;
    const folders = [imap.processedMailbox, imap.quarantineMailbox, ...(mailboxMode === 'own' ? [imap.intakeMailbox] : []), ...(this.opts.createMailbox ? [this.mailbox] : [])];
    for (const path of folders) {
      const parts = path.split('/');
      const delimited = (d: string) => parts.join(d);
      if (existing.has(delimited('/')) || existing.has(delimited('.'))) continue;
      await client.mailboxCreate(parts).catch((err: Error & { serverResponseCode?: string }) => {
        if (err.serverResponseCode !== 'ALREADYEXISTS') throw err;
      });
    }
  }

  private async sweepLoop(): Promise<void> {
    do {
      this.sweepAgain = false;
      try {
        await this.sweep();
        this.lastSweepAt = this.opts.clock.now();
      } catch (err) {
        this.opts.log.warn({ err: (err as Error).message }, 'inbox sweep failed; will retry');
        return;
      }
    } while (this.sweepAgain && !this.stopped && this.connected);
  }

  private async sweep(): Promise<void> {
    const client = this.client;
    if (!client || !client.mailbox) return;
    const { store, config, log } = this.opts;
    const mailbox = this.mailbox;
    const uidvalidity = Number(client.mailbox.uidValidity);
    const cp = store.mailbox.checkpoint(mailbox);
    let last = cp?.last_uid ?? 0;
    if (cp && cp.uidvalidity !== uidvalidity) {
      // The server renumbered the mailbox: rescan everything; Message-ID de-duplication makes it harmless.
      log.warn({ mailbox, old: cp.uidvalidity, new: uidvalidity }, 'UIDVALIDITY changed; rescanning the mailbox');
      last = 0;
    }
    // Own mode's INBOX: the mail put off to wait (SQLite, so it outlives a restart). A mail taken
    // above one moves the cursor past it, so the sweep starts again at the lowest of them.
    const waiting = this.opts.keep ? this.waitingUids(uidvalidity) : [];
    if (waiting.length > 0) last = Math.min(last, waiting[0]! - 1);
    await this.moveCommitted(client, uidvalidity);
    // NOOP makes the server report what IDLE may not have told us yet (new EXISTS).
    await client.noop();
    if (!client.mailbox || client.mailbox.exists === 0) return;

    // `N:*` returns the last message even when nothing is new (imapflow#93): filter on uid.
    const heads = (await client.fetchAll(`${last + 1}:*`, { uid: true, size: true, internalDate: true }, { uid: true }))
      .filter((m) => m.uid > last)
      .sort((a, b) => a.uid - b.uid);
    for (const uid of waiting) {
      if (heads.some((h) => h.uid === uid)) continue;
      log.warn({ mailbox, uid }, 'a mail waiting for its Sent copy is gone from the mailbox (deleted or moved by her)');
      store.ownInbox.endWait(mailbox, uidvalidity, uid);
    }
    const batchSize = this.opts.batchSize ?? 50;
    for (let i = 0; i < heads.length && !this.stopped; i += batchSize) {
      const batch = heads.slice(i, i + batchSize).filter((h) => !store.mailbox.item(mailbox, uidvalidity, h.uid));
      if (batch.length > 0) await this.handleBatch(client, uidvalidity, batch);
      await this.moveCommitted(client, uidvalidity);
    }
  }

  private async handleBatch(client: ImapFlow, uidvalidity: number, batch: FetchMessageObject[]): Promise<void> {
    const max = this.opts.config.maxMessageBytes;
    const small = batch.filter((h) => (h.size ?? 0) <= max).map((h) => h.uid);
    const large = batch.filter((h) => (h.size ?? 0) > max).map((h) => h.uid);
    // Collect first, then act: no IMAP command may run inside a fetch (imapflow#159).
    const full = small.length ? await client.fetchAll(small.join(','), { uid: true, source: true }, { uid: true }) : [];
    const headersOnly = large.length ? await client.fetchAll(large.join(','), { uid: true, headers: true }, { uid: true }) : [];
    const raw = new Map<number, { raw: Buffer; truncated: boolean }>();
    for (const m of full) if (m.source) raw.set(m.uid, { raw: m.source, truncated: false });
    for (const m of headersOnly) if (m.headers) raw.set(m.uid, { raw: m.headers, truncated: true });
    const fetched: FetchedMessage[] = [];
    for (const h of batch) {
      const got = raw.get(h.uid);
      if (!got) continue; // expunged meanwhile
      fetched.push({
        mailbox: this.mailbox, uidvalidity, uid: h.uid, size: h.size ?? got.raw.length,
        internalDate: h.internalDate ? new Date(h.internalDate) : this.opts.clock.now(), ...got,
      });
    }
    if (!this.opts.keep) {
      if (fetched.length > 0 && !this.stopped) await this.opts.handle(fetched);
      return;
    }
    // Own mode's INBOX: only what belongs to the desk is handed on. The cursor passes over the
    // rest (nothing of it is stored) only after the taken ones are committed, so that a failed
    // commit is fetched again rather than skipped.
    const taken: FetchedMessage[] = [];
    const passed: FetchedMessage[] = [];
    const later = new Set<number>();
    for (const m of fetched) {
      const verdict = await this.opts.keep.pick(m);
      if (verdict === 'later') later.add(m.uid);
      else (verdict ? taken : passed).push(m);
    }
    if (this.stopped) return;
    // `pick` noted every 'later' in SQLite already, so this commit may move the cursor past them.
    if (taken.length > 0) await this.opts.handle(taken);
    const { store } = this.opts;
    const waitingBefore = new Set(this.waitingUids(uidvalidity));
    // A wait ends only now, after its mail is committed (or passed over): a crash before this
    // leaves the row, and the next sweep finds the mail in the ledger (`waitingUids`).
    for (const m of [...taken, ...passed]) {
      if (waitingBefore.delete(m.uid)) store.ownInbox.endWait(this.mailbox, uidvalidity, m.uid);
    }
    // Passing over mail does not move the cursor past one put off (a taken one does: see `waitingUids`).
    const heldFrom = Math.min(Infinity, ...waitingBefore, ...later);
    const at = this.opts.clock.now().toISOString();
    for (const m of passed) if (m.uid < heldFrom) store.mailbox.advance(this.mailbox, m.uidvalidity, m.uid, at);
    if (later.size > 0 || waitingBefore.size > 0) this.sweepLater();
  }

  /**
   * Own mode's INBOX: the UIDs waiting (store.ownInbox), lowest first. Waits of an old UIDVALIDITY
   * are dropped (the mailbox is read again from its start), and so is one whose mail is already
   * in the ledger (committed, the process stopped before it ended the wait).
   */
  private waitingUids(uidvalidity: number): number[] {
    const { store } = this.opts;
    if (store.ownInbox.endWaitsNotOf(this.mailbox, uidvalidity) > 0) {
      this.opts.log.warn({ mailbox: this.mailbox }, 'UIDVALIDITY changed; waits for a Sent copy start again');
    }
    const out: number[] = [];
    for (const w of store.ownInbox.waiting(this.mailbox, uidvalidity)) {
      if (store.mailbox.item(this.mailbox, uidvalidity, w.uid)) store.ownInbox.endWait(this.mailbox, uidvalidity, w.uid);
      else out.push(w.uid);
    }
    return out;
  }

  /** One sweep after RETRY_LATER_MS, for the mail put off (timers are not stacked). */
  private sweepLater(): void {
    if (this.laterTimer || this.stopped) return;
    this.laterTimer = setTimeout(() => {
      this.laterTimer = null;
      this.kick();
    }, RETRY_LATER_MS);
  }

  /** Move every committed-but-unmoved message to its folder, then remember that it moved. */
  private async moveCommitted(client: ImapFlow, uidvalidity: number): Promise<void> {
    const { store, config } = this.opts;
    if (this.opts.keep) return; // nothing is ever moved out of her INBOX: the ledger remembers what was taken
    const items = store.mailbox.unmoved(this.mailbox, uidvalidity);
    if (items.length === 0) return;
    const byTarget = new Map<string, number[]>();
    for (const it of items) {
      const folder = it.target === 'quarantine' ? config.imap.quarantineMailbox : config.imap.processedMailbox;
      byTarget.set(folder, [...(byTarget.get(folder) ?? []), it.uid]);
    }
    for (const [folder, uids] of byTarget) {
      await client.messageMove(uids.join(','), folder.split('/'), { uid: true });
      store.mailbox.markMoved(this.mailbox, uidvalidity, uids, this.opts.clock.now().toISOString());
    }
  }
}
