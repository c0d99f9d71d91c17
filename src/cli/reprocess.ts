/**
 * `complaint-desk reprocess (--uid N | --message-id ID | --all) [--dry-run] [--json]`: take mail
 * in again from the quarantine folder (SPEC §5): unreadable mail after a fix, or mail held back by
 * the per-sender limit. Prints one line per message: its UID, why it was quarantined, what it
 * became. Letters it writes wait in the outbox for the running service's relay.
 */
import { buildAppContext } from '../app-context.js';
import type { Config } from '../config.js';
import { createLogger } from '../logger.js';
import { moveOutOfQuarantine, readQuarantine, type QuarantineSelection } from '../mail-in/quarantine-folder.js';
import { receiveMessage } from '../mail-in/receive-message.js';
import { reprocessCopies, type ReprocessLine } from '../use-cases/reprocess-mail.js';
import { safeJson, type Output } from './common.js';

export interface ReprocessOptions { uid?: string; messageId?: string; all?: boolean; dryRun?: boolean; json?: boolean }

/** Exactly one selector, or a usage message. */
export function selectionOf(o: ReprocessOptions): QuarantineSelection | string {
  const given = [o.uid !== undefined, o.messageId !== undefined, o.all === true].filter(Boolean).length;
  if (given !== 1) return 'reprocess: give exactly one of --uid N, --message-id ID or --all';
  if (o.uid !== undefined) return /^\d{1,10}$/.test(o.uid) && Number(o.uid) > 0 ? { uid: Number(o.uid) } : `reprocess: --uid takes a number, not '${o.uid}'`;
  if (o.messageId !== undefined) return { messageId: o.messageId };
  return { all: true };
}

export function formatLines(lines: readonly ReprocessLine[], dryRun: boolean): string {
  if (lines.length === 0) return 'nothing in quarantine matches\n';
  const rows = lines.map((l) => {
    const was = `was: ${l.wasReason ?? 'not in the store'}`;
    const now = dryRun ? 'would be taken in again' : l.takenIn ? `taken in: ${l.kind}${l.caseNumber ? ` ${l.caseNumber}` : ''}` : `quarantined again: ${l.kind}`;
    return `uid ${l.uid}  <${l.messageId ?? 'no Message-ID'}>  ${was}; ${now}`;
  });
  const done = lines.filter((l) => l.takenIn).length;
  rows.push(dryRun ? `dry run: ${lines.length} message(s), nothing changed` : `${done} of ${lines.length} taken in; the rest stays in quarantine`);
  return `${rows.join('\n')}\n`;
}

export async function runReprocess(config: Config, o: ReprocessOptions, out: Output): Promise<number> {
  const sel = selectionOf(o);
  if (typeof sel === 'string') {
    process.stderr.write(`${sel}\n`);
    return 2;
  }
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  // Letters written here wait in the outbox for the running service's relay.
  const app = buildAppContext(config, { log });
  try {
    const copies = await readQuarantine(config, app.tokens.imap, sel);
    const lines = await reprocessCopies(app.ctx, copies, receiveMessage, { dryRun: o.dryRun ?? false });
    if (!o.dryRun) await moveOutOfQuarantine(config, app.tokens.imap, lines.filter((l) => l.takenIn).map((l) => l.uid));
    out.write(o.json ? safeJson({ dryRun: o.dryRun ?? false, messages: lines }) : formatLines(lines, o.dryRun ?? false));
    return 0;
  } finally {
    app.close();
  }
}
