/**
 * What a case's anonymous statistics row (case_stats) is made of, read from the file just before
 * the purge deletes it: dates, terms, moves, counts — no names, addresses or texts.
 */
import { localDateOf } from '../domain/calendar.js';
import type { StatsInput } from '../domain/retention.js';
import type { Store } from '../store/store.js';

/**
 * What the case's statistics row is made of, read before anything is deleted. The annual report
 * reads live cases through the same function, so a purge changes none of its figures.
 * Read-only: works on a store opened with { readonly: true }.
 */
export function statsInputOf(store: Store, tz: string, caseId: number): StatsInput {
  const c = store.cases.get(caseId);
  if (!c) throw new Error(`case ${caseId} not found`);
  const events = store.cases.events(caseId);
  const close = [...events].reverse().find((e) => e.to_state === 'closed');
  // Admissibility is decided by #beroep: 'admit-appeal' / 'reject-appeal' (issue 13), or the older
  // 'decide-appeal' with `admissible` in its data; the ruling on appeal ('decide-appeal' too) has none.
  const appealDecision = [...events].reverse().find((e) => ['admit-appeal', 'reject-appeal', 'decide-appeal'].includes(e.type) && 'admissible' in (JSON.parse(e.data) as object));
  const admissible = appealDecision ? (JSON.parse(appealDecision.data) as { admissible?: unknown }).admissible : undefined;
  const moves = store.deadlines.movesOf(caseId);
  const commands = new Map<string, { origin: 'extension' | 'absence'; workingDays: number; reason: string }>();
  // One #verleng or #afwezig moves several deadlines: count the command once, with its largest move.
  // Only the category goes in: the words she wrote after it stay in the file (issue 14 §5).
  for (const m of moves) {
    const key = `${m.origin}|${m.at}|${m.message_ref ?? ''}`;
    const prev = commands.get(key);
    commands.set(key, { origin: m.origin, workingDays: Math.max(prev?.workingDays ?? 0, m.working_days), reason: m.category });
  }
  return {
    year: c.year,
    outcome: c.outcome,
    finalState: close?.from_state ?? null,
    closedBy: close ? (close.actor === 'system' ? 'automatic' : 'commissioner') : null,
    closedDate: c.closed_at ? localDateOf(new Date(c.closed_at), tz) : null,
    deadlines: store.deadlines.ofCase(caseId).map((d) => ({
      kind: d.kind, startDate: d.start_date, termWd: d.term_wd, dueDate: d.due_date, status: d.status,
      doneDate: d.done_at ? localDateOf(new Date(d.done_at), tz) : null,
    })),
    moves: moves.map((m) => ({ deadlineId: m.deadline_id, kind: m.kind, origin: m.origin, fromDate: m.from_date, workingDays: m.working_days, reason: m.category })),
    extensions: [...commands.values()],
    hearings: events.filter((e) => e.type === 'schedule-hearing').length,
    experts: store.cases.parties(caseId).filter((p) => p.role === 'deskundige').length,
    appealed: events.some((e) => e.to_state === 'appealed'),
    appealOutcome: admissible === true ? 'ontvankelijk' : admissible === false ? 'niet-ontvankelijk' : null,
  };
}
