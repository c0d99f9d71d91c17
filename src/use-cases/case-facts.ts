/**
 * The facts every case letter states (SPEC §8): case number, letter date, date of receipt,
 * the deadlines with their dates and working days. Snapshotted into the outbox row when the
 * letter is decided, so a retried letter says exactly what the first attempt said.
 */
import { localDateOf } from '../domain/calendar.js';
import { oneLine } from '../domain/text-format.js';
import type { AppContext } from './context.js';
import { practiceOfCase } from './practice-of.js';

/** `wd` is the term's length in `unit`; `unit` is there only for a term in weeks (Wkkgz), so letters say "6 weken". */
export interface DeadlineFact { kind: string; date: string; wd: number; status: string; unit?: 'weeks'; moved?: true }

export function caseFacts(ctx: AppContext, caseId: number): Record<string, unknown> {
  const c = ctx.store.cases.get(caseId);
  if (!c) throw new Error(`case ${caseId} not found`);
  const klager = ctx.store.cases.parties(caseId).find((p) => p.role === 'klager');
  const practice = practiceOfCase(ctx, c);
  const deadlines: Record<string, DeadlineFact> = {};
  // A term that #verleng or #afwezig moved: its date is no longer its length from its start, and the letters say so.
  const moved = new Set(ctx.store.deadlines.movesOf(caseId).map((m) => m.deadline_id));
  for (const d of ctx.store.deadlines.ofCase(caseId)) {
    // The newest row of each kind wins (by id); a moved deadline keeps its row, with the new date.
    deadlines[d.kind] = { kind: d.kind, date: d.due_date, wd: d.term_wd, status: d.status, ...(d.term_unit === 'weeks' ? { unit: 'weeks' as const } : {}), ...(moved.has(d.id) ? { moved: true as const } : {}) };
  }
  return {
    caseNumber: c.number,
    letterDate: localDateOf(ctx.clock.now(), ctx.config.timeZone),
    receivedDate: c.received_date,
    complaintSubject: oneLine(c.subject),
    klagerName: oneLine(klager?.name),
    klagerEmail: klager?.email ?? '',
    deadlines,
    // The case's own practice (issue 16); a held case (no practice yet) names none.
    practiceName: oneLine(practice?.name ?? ''),
    practiceOwnerName: oneLine(practice?.ownerName),
    practiceId: practice?.id ?? null,
    // Where a Wkkgz klager can take the dispute (art. 18); the letters of that procedure name it.
    practiceDisputesBody: oneLine(practice?.disputesBody),
    commissionerName: oneLine(ctx.config.commissionerName),
  };
}

/** The earliest open deadline, for "next step" lines. */
export function nextOpenDeadline(facts: Record<string, unknown>): DeadlineFact | null {
  const all = Object.values((facts.deadlines ?? {}) as Record<string, DeadlineFact>).filter((d) => d.status === 'open');
  all.sort((a, b) => a.date.localeCompare(b.date));
  return all[0] ?? null;
}

/** Attachment list for notices: names and sizes only. */
export function attachmentFacts(list: readonly { filename: string; size: number }[]): { filename: string; sizeKb: number }[] {
  return list.map((a) => ({ filename: oneLine(a.filename), sizeKb: Math.max(1, Math.round(a.size / 1024)) }));
}
