/**
 * Ingest a batch of prepared messages (one IMAP FETCH) with ONE commit: each message runs in its
 * own savepoint inside the batch's transaction (ingestMail's transaction nests), so one message
 * that throws takes back only its own effects, while the batch pays for one fsync instead of one
 * per message (bench:ingest profile: commits and blob fsyncs were most of a backlog's time).
 * Nothing is moved in IMAP before this commit, so a crash before it only means fetching the batch
 * again.
 */
import type { AppContext } from './context.js';
import { ingestMail, type IngestInput, type IngestResult } from './ingest-mail.js';

export interface IngestBatchOutcome {
  /** One per message, in order; null where that message could not be prepared or ingested (see `error`). */
  results: (IngestResult | null)[];
  /** The first error, if any message could not be ingested; the others are committed regardless. */
  error: Error | null;
}

/** `inputs[i]` is a prepared message, or the error that kept it from being prepared. */
export function ingestBatch(ctx: AppContext, inputs: readonly (IngestInput | Error)[]): IngestBatchOutcome {
  const results: (IngestResult | null)[] = [];
  let error: Error | null = null;
  ctx.store.tx(() => {
    for (const input of inputs) {
      if (input instanceof Error) {
        error ??= input;
        results.push(null);
        continue;
      }
      try {
        results.push(ingestMail(ctx, input));
      } catch (err) {
        error ??= err as Error;
        results.push(null);
      }
    }
  });
  results.forEach((result, i) => {
    if (!result) return;
    const input = inputs[i] as IngestInput;
    const log = ctx.log.child({ component: 'ingest', uid: input.source?.uid, caseNumber: result.caseNumber });
    if (result.target === 'quarantine') log.warn({ kind: result.kind, reason: input.parseError }, 'message quarantined');
    else log.info({ kind: result.kind }, 'message handled');
  });
  if (results.some(Boolean)) ctx.outboxChanged();
  return { results, error };
}
