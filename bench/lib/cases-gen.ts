/**
 * Cases generated straight into the store (no mail, no IMAP) for bench:scale and
 * bench:reminders, through the store's own repositories so the rows are what the service writes:
 * case, klager (and beklaagde), the open deadlines of the case's state with due dates from the
 * working-day calendar. Deterministic for a given seed.
 */
import type { Config } from '../../src/config.js';
import { addDays, localDateOf, type LocalDate, type WorkingDayCalendar } from '../../src/domain/calendar.js';
import type { CaseState } from '../../src/domain/case.js';
import { deadlinesStartedBy, type DeadlineStart } from '../../src/domain/deadlines.js';
import type { Store } from '../../src/store/store.js';
import { luxWithTerms } from '../../src/domain/procedure.js';
import { rng } from './complaints.js';

export interface GeneratedCases {
  cases: number;
  openDeadlines: number;
  byState: Record<string, number>;
  /** Cases with a named beklaagde and an open response deadline (each has a reminder job). */
  beklaagdeReminders: number;
  seconds: number;
}

const FIRST = ['Jan', 'Fatima', 'Pieter', 'Sanne', 'Mohamed', 'Eva', 'Daan', 'Noor'];
const LAST = ['Jansen', 'de Vries', 'Bakker', 'El Amrani', 'Visser', 'Smit', 'Meijer', 'de Boer'];

interface OneCase {
  state: CaseState;
  received: LocalDate;
  deadlines: DeadlineStart[];
  beklaagde: boolean;
}

function writeCases(store: Store, config: Config, list: Iterable<OneCase>, tag: string, batch = 5000): Omit<GeneratedCases, 'seconds'> {
  const now = new Date().toISOString();
  const byState: Record<string, number> = {};
  let cases = 0;
  let openDeadlines = 0;
  let beklaagdeReminders = 0;
  let pending: OneCase[] = [];
  const flush = () => {
    const todo = pending;
    pending = [];
    store.tx(() => {
      for (const c of todo) {
        const i = cases++;
        const year = Number(c.received.slice(0, 4));
        const first = FIRST[i % FIRST.length]!;
        const last = LAST[(i >> 3) % LAST.length]!;
        const row = store.cases.create({
          number: store.cases.nextNumber(config.casePrefix, year), year, state: c.state, language: 'nl',
          subject: `Klacht ${tag}-${i} over de behandeling`, received_at: `${c.received}T08:00:00.000Z`, received_date: c.received,
          created_at: now, updated_at: now,
          // As the service writes a case today (issue 16); without it every start of the bench would
          // first adopt 100,000 cases from before practices, which a real store does once.
          practice_id: config.practices.practices[0]!.id,
        });
        store.cases.addParty(row.id, 'klager', `${first} ${last}`, `klager.${tag}.${i}@example.test`, now);
        if (c.beklaagde) store.cases.addParty(row.id, 'beklaagde', `Medewerker ${i}`, `beklaagde.${tag}.${i}@example.test`, now);
        for (const d of c.deadlines) store.deadlines.start(row.id, d, now);
        byState[c.state] = (byState[c.state] ?? 0) + 1;
        openDeadlines += c.deadlines.length;
        if (c.beklaagde && c.deadlines.some((d) => d.kind === 'response')) beklaagdeReminders++;
      }
    });
  };
  for (const c of list) {
    pending.push(c);
    if (pending.length >= batch) flush();
  }
  if (pending.length > 0) flush();
  return { cases, openDeadlines, byState, beklaagdeReminders };
}

/**
 * `count` open cases received over the last `spreadWd` working days before `today`: 10 %
 * received (the acknowledgement term open), 55 % acknowledged (present + handle open), 35 %
 * presented with a beklaagde (handle + response open, presented 0–19 working days ago).
 */
export function generateOpenCases(
  store: Store, config: Config, calendar: WorkingDayCalendar,
  opts: { count: number; today: LocalDate; spreadWd?: number; seed?: number; tag: string },
): GeneratedCases {
  const t0 = performance.now();
  const r = rng(opts.seed ?? 5);
  const spread = opts.spreadWd ?? 40;
  const terms = luxWithTerms(config.terms);
  function* cases(): Generator<OneCase> {
    for (let i = 0; i < opts.count; i++) {
      const x = r();
      const received = calendar.addWorkingDays(opts.today, -Math.floor(r() * spread));
      if (x < 0.1) {
        yield { state: 'received', received, beklaagde: false, deadlines: deadlinesStartedBy('receive', received, terms, calendar) };
      } else if (x < 0.65) {
        yield { state: 'acknowledged', received, beklaagde: false, deadlines: deadlinesStartedBy('acknowledge', received, terms, calendar) };
      } else {
        // Presented 0–19 working days ago: with TERM_RESPONSE_WD=10 about half the response terms
        // have passed, the rest end within two weeks (those have a beklaagde reminder planned).
        const presented = calendar.addWorkingDays(opts.today, -Math.floor(r() * 20));
        const handle = deadlinesStartedBy('acknowledge', received, terms, calendar).filter((d) => d.kind === 'handle');
        yield { state: 'presented', received, beklaagde: true, deadlines: [...handle, ...deadlinesStartedBy('present', presented, terms, calendar)] };
      }
    }
  }
  const out = writeCases(store, config, cases(), opts.tag);
  return { ...out, seconds: (performance.now() - t0) / 1000 };
}

/**
 * `count` presented cases with a beklaagde whose response deadline is due `BEKLAAGDE_WD_BEFORE`
 * (2) working days after `reminderDay`: each beklaagde's reminder falls on `reminderDay`.
 */
export function generateReminderCases(
  store: Store, config: Config, calendar: WorkingDayCalendar, opts: { count: number; reminderDay: LocalDate; tag: string },
): GeneratedCases {
  const t0 = performance.now();
  const due = calendar.addWorkingDays(opts.reminderDay, 2);
  const presented = calendar.addWorkingDays(due, -config.terms.responseWd);
  const received = calendar.addWorkingDays(presented, -5);
  const response: DeadlineStart = { kind: 'response', startDate: presented, termWd: config.terms.responseWd, dueDate: due };
  const handle = deadlinesStartedBy('acknowledge', received, luxWithTerms(config.terms), calendar).filter((d) => d.kind === 'handle');
  function* cases(): Generator<OneCase> {
    // The first case's handle term ends on the reminder day, so the commissioner's digest of that
    // day is due at the same moment as the reminders.
    const dueThatDay = handle.map((d) => ({ ...d, dueDate: opts.reminderDay }));
    for (let i = 0; i < opts.count; i++) yield { state: 'presented', received, beklaagde: true, deadlines: [...(i === 0 ? dueThatDay : handle), response] };
  }
  const out = writeCases(store, config, cases(), opts.tag);
  return { ...out, seconds: (performance.now() - t0) / 1000 };
}

/** The next working day from `d` (itself when it is one). */
export function workingDayFrom(d: LocalDate, calendar: WorkingDayCalendar): LocalDate {
  let x = d;
  while (!calendar.isWorkingDay(x)) x = addDays(x, 1);
  return x;
}

export function todayIn(config: Config, at = new Date()): LocalDate {
  return localDateOf(at, config.timeZone);
}
