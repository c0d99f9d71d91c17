/**
 * The beklaagde's reminder (SPEC §4): 2 working days before the response deadline, if no
 * response yet. The job names the deadline and the due date it was planned for; if the stored
 * deadline is done, moved, or its case closed, it sends nothing (the moved deadline has its own
 * job under a new jobId).
 */
import { isOpen } from '../domain/case.js';
import { localDateOf, type LocalDate } from '../domain/calendar.js';
import { beklaagdeJobId } from '../domain/reminders.js';
import { workingDaysLeft } from './case-calendar.js';
import { caseFacts } from './case-facts.js';
import type { AppContext } from './context.js';
import type { ReminderOutcome } from './commissioner-job.js';
import { writeToParties } from './write-letter.js';

export function writeBeklaagdeReminder(ctx: AppContext, job: { caseId: number; deadlineId: number; dueDate: LocalDate }): ReminderOutcome {
  const { store } = ctx;
  const now = ctx.clock.now();
  const today = localDateOf(now, ctx.config.timeZone);
  const repo = store.deadlines;
  const key = beklaagdeJobId(job.caseId, job.deadlineId, job.dueDate);
  return store.tx(() => {
    const d = repo.get(job.deadlineId);
    const c = store.cases.get(job.caseId);
    const current = !!d && !!c && d.case_id === c.id && d.kind === 'response' && d.status === 'open' && d.due_date === job.dueDate
      && isOpen(c.state) && today <= d.due_date && store.cases.parties(c.id).some((p) => p.role === 'beklaagde');
    if (!current) return repo.markDone(key, 'stale', now.toISOString()) ? 'stale' : 'already-done';
    if (!repo.markDone(key, 'sent', now.toISOString())) return 'already-done';
    const facts = caseFacts(ctx, c.id);
    writeToParties(ctx, c.id, ['beklaagde'], {
      template: 'reminder-beklaagde',
      facts: { ...facts, deadline: (facts.deadlines as Record<string, unknown>).response, wdLeft: workingDaysLeft(ctx, c.id, today, d.due_date) },
    });
    return 'sent';
  });
}
