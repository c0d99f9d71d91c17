/**
 * The retention purge (art. 14, SPEC §9). RETENTION_MONTHS after a case closed, everything
 * personal of it goes: its stored mails and attachments (blobs), names, addresses, texts, its
 * messages, letters, parties and events, and its copies in the mailbox's processed and quarantine
 * folders. One anonymous statistics row stays (case_stats), and the case row keeps only its
 * number, dates and outcome (state purged). Mail filed in no case and notices without a case go
 * by age. The log and the case's last event hold counts, never content.
 *
 * Order per case, so that a crash anywhere leaves nothing personal behind for good: the mailbox
 * copies first (found through the stored Message-IDs, so the rows must still exist), then one
 * SQLite transaction, then the blob files (their names are queued in that transaction).
 */
import { addDays, localDateOf, type LocalDate } from '../domain/calendar.js';
import { purgeDateWithHolds, type Hold } from '../domain/legal-hold.js';
import { transition } from '../domain/case.js';
import { caseStatistics, purgeDueDate } from '../domain/retention.js';
import type { PurgeCounts, StoredMessage } from '../store/retention-repo.js';
import { statsInputOf } from './case-statistics.js';
import type { AppContext } from './context.js';

export interface MailboxCopies {
  /** Message-IDs without angle brackets. */
  messageIds: readonly string[];
  /** Messages without a Message-ID: their stored bytes' SHA-256 and their size. */
  bySha: readonly { sha256: string; size: number }[];
}

/** What the purge needs from the mailbox (the port; src/jobs/mailbox-purge.ts is its IMAP adapter): delete these copies, say how many went. */
export interface MailboxPurger {
  deleteCopies(copies: MailboxCopies): Promise<number>;
}

export interface PurgeItem {
  caseNumber: string;
  closedDate: LocalDate;
  purgeDueDate: LocalDate;
  counts: PurgeCounts;
  /** Copies deleted from the mailbox (0 in a dry run). */
  mailboxCopies: number;
}

export interface PurgeReport {
  dryRun: boolean;
  cases: PurgeItem[];
  /** Mail and notices filed in no case, older than the retention period. */
  unlinked: { messages: number; letters: number; blobs: number; mailboxCopies: number };
  failed: { caseNumber: string; error: string }[];
  /** Past their original purge date, kept by a legal hold. */
  held: HeldItem[];
}

/** A closed case past its original purge date that a legal hold keeps (#bewaar). */
export interface HeldItem { caseNumber: string; closedDate: LocalDate; purgeDueDate: LocalDate; until: LocalDate | null }

/** The holds of every case, as the pure rules read them (local dates). */
function holdsByCase(ctx: AppContext): Map<number, Hold[]> {
  const tz = ctx.config.timeZone;
  const day = (iso: string) => localDateOf(new Date(iso), tz);
  return new Map([...ctx.store.holds.all()].map(([id, rows]) => [id, rows.map((h) => ({
    placedDate: day(h.placed_at), untilDate: h.until_date, liftedDate: h.lifted_at ? day(h.lifted_at) : null,
  }))]));
}

/**
 * Closed cases whose retention has ended by today (a lifted or expired hold moves that to the
 * day it ended, when later), and those a legal hold keeps although their original date passed.
 */
export function purgeSchedule(ctx: AppContext): { due: { id: number; number: string; closedDate: LocalDate; dueDate: LocalDate }[]; held: HeldItem[] } {
  const today = localDateOf(ctx.clock.now(), ctx.config.timeZone);
  const { retentionMonths: months, timeZone: tz } = ctx.config;
  const holds = holdsByCase(ctx);
  const due: { id: number; number: string; closedDate: LocalDate; dueDate: LocalDate }[] = [];
  const held: HeldItem[] = [];
  for (const c of ctx.store.retention.closedCases()) {
    const closedDate = localDateOf(new Date(c.closed_at), tz);
    const original = purgeDueDate(c.closed_at, months, tz);
    const mine = holds.get(c.id) ?? [];
    const date = purgeDateWithHolds(original, mine, today, (d) => addDays(d, 1));
    if (date === null) {
      if (original <= today) held.push({ caseNumber: c.number, closedDate, purgeDueDate: original, until: mine.find((h) => !h.liftedDate)?.untilDate ?? null });
    } else if (date <= today) due.push({ id: c.id, number: c.number, closedDate, dueDate: date });
  }
  return { due, held };
}

/** Closed cases whose retention has ended by today and that no legal hold keeps. */
export function casesDueForPurge(ctx: AppContext): { id: number; number: string; closedDate: LocalDate; dueDate: LocalDate }[] {
  return purgeSchedule(ctx).due;
}

/** The instant before which unlinked mail is older than the retention period. */
function unlinkedCutoff(ctx: AppContext): string {
  const now = ctx.clock.now();
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - ctx.config.retentionMonths);
  return d.toISOString();
}

function countsOf(ctx: AppContext, caseId: number, messages: readonly StoredMessage[]): PurgeCounts {
  const repo = ctx.store.retention;
  const ids = messages.map((m) => m.id);
  return {
    messages: messages.length, attachments: repo.countAttachments(ids), blobs: repo.blobsOf(ids).length,
    parties: repo.count('parties', caseId), letters: repo.count('outbox', caseId), events: repo.count('events', caseId), other: 0,
  };
}

/**
 * The mailbox copies of `messages` (and of the case's letters). A Message-ID that another stored
 * message shares (a forged or broken duplicate, kept under a suffixed id) is not searched by
 * header, lest the other one go too: those are found by their bytes.
 */
function copiesOf(ctx: AppContext, messages: readonly StoredMessage[], letterIds: readonly string[]): MailboxCopies {
  const mine = new Set(messages.map((m) => m.id));
  const shared = (id: string) => ctx.store.retention.messagesSharingMessageId(id).some((m) => !mine.has(m));
  const messageIds = new Set(letterIds);
  const bySha: { sha256: string; size: number }[] = [];
  for (const m of messages) {
    const id = m.message_id;
    if (id && !id.startsWith('sha256:') && !id.includes('#') && !shared(id)) messageIds.add(id);
    else if (m.direction === 'in' && m.blob_sha256) bySha.push({ sha256: m.blob_sha256, size: m.size });
  }
  return { messageIds: [...messageIds], bySha };
}

/** Purge one case whose mailbox copies are gone; one transaction. */
function purgeCaseRows(ctx: AppContext, caseId: number, dueDate: LocalDate, messages: readonly StoredMessage[], mailboxCopies: number): PurgeCounts {
  const { store } = ctx;
  const repo = store.retention;
  const nowIso = ctx.clock.now().toISOString();
  return store.tx(() => {
    const c = store.cases.get(caseId)!;
    const step = transition(c.state, 'purge');
    if (!step.ok) throw new Error(`case ${c.number} is '${c.state}', not closed`);
    const now = repo.messagesOf(caseId).map((m) => m.id).join(',');
    if (now !== messages.map((m) => m.id).join(',')) throw new Error('mail was filed in the case during the purge; next run');
    const stats = caseStatistics(statsInputOf(ctx.store, ctx.config.timeZone, caseId), ctx.calendar);
    const counts = countsOf(ctx, caseId, messages);
    const shas = [...repo.blobsOf(messages.map((m) => m.id)), ...repo.letterBlobsOf(caseId)];
    counts.other = repo.deleteCaseRows(caseId, messages.map((m) => m.id), [], nowIso);
    repo.anonymiseCase(caseId, nowIso);
    repo.insertStats(caseId, stats, dueDate, nowIso);
    repo.queueBlobDeletions(shas, nowIso);
    store.cases.appendEvent({ caseId, at: nowIso, actor: 'system', type: 'purge', fromState: step.from, toState: step.to, data: { ...counts, mailboxCopies } });
    return counts;
  });
}

/** Delete the queued blob files that nothing uses any more; returns how many files went. */
export function deleteQueuedBlobs(ctx: AppContext): number {
  const repo = ctx.store.retention;
  let n = 0;
  for (const sha of repo.pendingBlobDeletions()) {
    if (!repo.blobInUse(sha)) {
      if (ctx.store.blobs.has(sha)) n++;
      ctx.store.blobs.delete(sha);
    }
    ctx.store.tx(() => repo.blobDeleted(sha));
  }
  return n;
}

/**
 * Purge every case whose retention has ended, and unlinked mail of the same age. With
 * `dryRun`, only say what would go (case numbers and counts, no personal data).
 */
export async function purgeCases(ctx: AppContext, mailbox: MailboxPurger | null, opts: { dryRun?: boolean } = {}): Promise<PurgeReport> {
  const { store } = ctx;
  const repo = store.retention;
  const log = ctx.log.child({ component: 'purge' });
  const dryRun = opts.dryRun ?? false;
  const report: PurgeReport = { dryRun, cases: [], unlinked: { messages: 0, letters: 0, blobs: 0, mailboxCopies: 0 }, failed: [], held: [] };
  // Deleted rows are overwritten with zeros, in the database file and in the WAL.
  if (!dryRun) store.retention.secureDelete();
  if (!dryRun) deleteQueuedBlobs(ctx);

  const schedule = purgeSchedule(ctx);
  report.held = schedule.held;
  for (const c of schedule.due) {
    const messages = repo.messagesOf(c.id);
    const item: PurgeItem = { caseNumber: c.number, closedDate: c.closedDate, purgeDueDate: c.dueDate, counts: countsOf(ctx, c.id, messages), mailboxCopies: 0 };
    if (!dryRun) {
      try {
        item.mailboxCopies = mailbox ? await mailbox.deleteCopies(copiesOf(ctx, messages, repo.letterMessageIds(c.id))) : 0;
        item.counts = purgeCaseRows(ctx, c.id, c.dueDate, messages, item.mailboxCopies);
        deleteQueuedBlobs(ctx);
        log.info({ caseNumber: c.number, ...item.counts, mailboxCopies: item.mailboxCopies }, 'case purged');
      } catch (err) {
        report.failed.push({ caseNumber: c.number, error: (err as Error).message });
        log.error({ caseNumber: c.number, err: (err as Error).message }, 'case not purged; will retry');
        continue;
      }
    }
    report.cases.push(item);
  }

  const purgedUnlinked = await purgeUnlinked(ctx, mailbox, report);
  if (!dryRun && (report.cases.length > 0 || purgedUnlinked)) {
    // Rows updated before secure_delete was on may have left old copies in free space inside
    // pages; VACUUM rewrites the file without them, and the checkpoint empties the WAL.
    try {
      store.retention.compact();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not compact the store after the purge; deleted rows are zeroed all the same');
    }
  }
  return report;
}

/** Mail and notices in no case, older than the retention period; fills `report.unlinked`. Returns whether rows went. */
async function purgeUnlinked(ctx: AppContext, mailbox: MailboxPurger | null, report: PurgeReport): Promise<boolean> {
  const { store } = ctx;
  const repo = store.retention;
  const log = ctx.log.child({ component: 'purge' });
  const cutoff = unlinkedCutoff(ctx);
  const unlinked = repo.unlinkedMessages(cutoff);
  const letterIds = repo.unlinkedLetterIds(cutoff);
  report.unlinked = { messages: unlinked.length, letters: letterIds.length, blobs: repo.blobsOf(unlinked.map((m) => m.id)).length, mailboxCopies: 0 };
  if (report.dryRun || (unlinked.length === 0 && letterIds.length === 0)) return false;
  try {
    report.unlinked.mailboxCopies = mailbox ? await mailbox.deleteCopies(copiesOf(ctx, unlinked, [])) : 0;
    const shas = [...repo.blobsOf(unlinked.map((m) => m.id)), ...repo.letterBlobsOf(null, letterIds)];
    store.tx(() => {
      repo.deleteLateEvents(cutoff, ctx.clock.now().toISOString());
      repo.deleteCaseRows(null, unlinked.map((m) => m.id), letterIds);
      repo.queueBlobDeletions(shas, ctx.clock.now().toISOString());
    });
    deleteQueuedBlobs(ctx);
    log.info({ ...report.unlinked }, 'unlinked mail purged');
    return true;
  } catch (err) {
    report.failed.push({ caseNumber: '(unlinked)', error: (err as Error).message });
    log.error({ err: (err as Error).message }, 'unlinked mail not purged; will retry');
    return false;
  }
}

/** The report as the CLI prints it: case numbers and counts only. */
export function formatPurgeReport(r: PurgeReport): string {
  const lines = [r.dryRun ? 'purge --dry-run: would delete' : 'purge: deleted'];
  if (r.cases.length === 0) lines.push('  no case is due for purging');
  for (const c of r.cases) {
    const n = c.counts;
    lines.push(`  ${c.caseNumber}  closed ${c.closedDate}, due ${c.purgeDueDate}: ${n.messages} messages, ${n.attachments} attachments, ` +
      `${n.blobs} stored files, ${n.parties} parties, ${n.letters} letters, ${n.events} events` + (r.dryRun ? '' : `, ${c.mailboxCopies} mailbox copies`));
  }
  const u = r.unlinked;
  lines.push(`  mail in no case, older than the retention period: ${u.messages} messages, ${u.letters} notices, ${u.blobs} stored files` +
    (r.dryRun ? '' : `, ${u.mailboxCopies} mailbox copies`));
  if (r.held.length > 0) {
    lines.push(`kept by a legal hold (#bewaar), although past their purge date:`);
    for (const h of r.held) lines.push(`  ${h.caseNumber}  closed ${h.closedDate}, due ${h.purgeDueDate}: held ${h.until ? `until ${h.until}` : 'until lifted'}`);
  }
  for (const f of r.failed) lines.push(`  FAILED ${f.caseNumber}: ${f.error}`);
  return `${lines.join('\n')}\n`;
}
