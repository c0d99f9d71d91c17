/**
 * The anonymous statistics of a case that is still in the store, made exactly as the retention
 * purge makes the row it keeps (statsInputOf in src/use-cases/purge-cases.ts, then the pure
 * caseStatistics). The annual report reads purged cases from case_stats and live cases through
 * here, so a purge changes none of its figures; test/integration/report.test.ts holds the two
 * paths to that. Read-only: works on a store opened with { readonly: true }.
 */
import { localDateOf, type WorkingDayCalendar } from '../domain/calendar.js';
import { caseStatistics, type CaseStats, type StatsInput } from '../domain/retention.js';
import { deadlinesOf } from '../store/deadlines-repo.js';
import type { Store } from '../store/store.js';

/** What the statistics row of `caseId` would say if the case were purged now. */
export function liveStatsInput(store: Store, timeZone: string, caseId: number): StatsInput {
  const c = store.cases.get(caseId);
  if (!c) throw new Error(`case ${caseId} not found`);
  const events = store.cases.events(caseId);
  const close = [...events].reverse().find((e) => e.to_state === 'closed');
  const appealDecision = [...events].reverse().find((e) => e.type === 'decide-appeal');
  const admissible = appealDecision ? (JSON.parse(appealDecision.data) as { admissible?: unknown }).admissible : undefined;
  const moves = deadlinesOf(store).movesOf(caseId);
  // One #verleng or #afwezig moves several deadlines: count the command once, with its largest move.
  const commands = new Map<string, { origin: 'extension' | 'absence'; workingDays: number; reason: string }>();
  for (const m of moves) {
    const key = `${m.origin}|${m.at}|${m.message_ref ?? ''}`;
    const prev = commands.get(key);
    commands.set(key, { origin: m.origin, workingDays: Math.max(prev?.workingDays ?? 0, m.working_days), reason: m.reason });
  }
  const day = (iso: string) => localDateOf(new Date(iso), timeZone);
  return {
    year: c.year,
    outcome: c.outcome,
    finalState: close?.from_state ?? null,
    closedBy: close ? (close.actor === 'system' ? 'automatic' : 'commissioner') : null,
    closedDate: c.closed_at ? day(c.closed_at) : null,
    deadlines: store.cases.deadlines(caseId).map((d) => ({
      kind: d.kind, startDate: d.start_date, termWd: d.term_wd, dueDate: d.due_date, status: d.status,
      doneDate: d.done_at ? day(d.done_at) : null,
    })),
    moves: moves.map((m) => ({ deadlineId: m.deadline_id, kind: m.kind, origin: m.origin, fromDate: m.from_date, workingDays: m.working_days, reason: m.reason })),
    extensions: [...commands.values()],
    hearings: events.filter((e) => e.type === 'schedule-hearing').length,
    experts: store.cases.parties(caseId).filter((p) => p.role === 'deskundige').length,
    appealed: events.some((e) => e.to_state === 'appealed'),
    appealOutcome: admissible === true ? 'ontvankelijk' : admissible === false ? 'niet-ontvankelijk' : null,
  };
}

/** The statistics of a live case, as its case_stats row would hold them. */
export function liveCaseStats(store: Store, timeZone: string, calendar: WorkingDayCalendar, caseId: number): CaseStats {
  return caseStatistics(liveStatsInput(store, timeZone, caseId), calendar);
}
