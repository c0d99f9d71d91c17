/**
 * Whether a procedure's extension rule (Procedure.extension) lets `#verleng` move the handling
 * term (issue 16). The Wkkgz (art. 17 lid 2) lets the provider extend the six weeks once, by at most
 * four weeks, with written notice and reasons before the six weeks end; a longer term only with the
 * klager's consent. The seed's procedure sets no limit. Pure: dates in, a verdict out.
 */
import { addDays, type LocalDate, type WorkingDayCalendar } from './calendar.js';
import { atwEnd, weeksLater } from './legal-calendar.js';
import type { ExtensionRule, TermRule } from './procedure.js';

/** The handling term as it stands when she asks to extend it. */
export interface TermToExtend {
  /** The term as it started (length and unit). */
  rule: TermRule;
  startDate: LocalDate;
  /** Its due date now. */
  dueDate: LocalDate;
  /** Its due date before any move: the first move's `from`, or `dueDate` when it never moved. */
  originalDue: LocalDate;
  /** How often it was extended before (#verleng, with or without consent; absences do not count). */
  extensions: number;
}

export type ExtensionRefusal =
  | { why: 'reason' }
  | { why: 'ended'; due: LocalDate }
  | { why: 'times'; due: LocalDate }
  | { why: 'total'; newDue: LocalDate; limitDue: LocalDate };

/** Whether the rule limits anything at all (the seed's procedure does not). */
export function limitsExtension(rule: ExtensionRule): boolean {
  return rule.maxTimes !== null || rule.maxTotal !== null || rule.beforeDue || rule.reasonRequired === true;
}

/**
 * The latest due date the rule allows without consent, or null when it sets no total. For a term
 * in weeks the total counts from the law's own end of the first term (start + length weeks,
 * before the Atw moved it) and the result is moved off a weekend or holiday by the Atw; a term in
 * working days counts from its original due date on the case's calendar.
 */
export function limitDueOf(rule: ExtensionRule, t: TermToExtend, calendar: WorkingDayCalendar, legal: WorkingDayCalendar): LocalDate | null {
  const max = rule.maxTotal;
  if (max === null) return null;
  const legalTerm = t.rule.unit === 'weeks';
  const base = legalTerm ? weeksLater(t.startDate, t.rule.length) : t.originalDue;
  if (max.unit === 'working-days') return (legalTerm ? legal : calendar).addWorkingDays(base, max.length);
  const end = weeksLater(base, max.length);
  if (legalTerm) return atwEnd(end, legal);
  let d = end;
  while (!calendar.isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/**
 * Why the rule refuses moving term `t` to `newDue` on `today`, or null when it allows it. With the
 * klager's consent (and a rule that allows going beyond with it) only the reason is still needed:
 * the klager is told it in writing either way.
 */
export function refuseExtension(
  rule: ExtensionRule,
  t: TermToExtend,
  o: { newDue: LocalDate; limitDue: LocalDate | null; today: LocalDate; consent: boolean; hasReason: boolean },
): ExtensionRefusal | null {
  if (rule.reasonRequired && !o.hasReason) return { why: 'reason' };
  if (o.consent && rule.beyondWithConsent) return null;
  // "Voor de afloop van de termijn": the term ends at the end of its due date, so that day still counts.
  if (rule.beforeDue && o.today > t.dueDate) return { why: 'ended', due: t.dueDate };
  if (rule.maxTimes !== null && t.extensions >= rule.maxTimes) return { why: 'times', due: t.dueDate };
  if (o.limitDue !== null && o.newDue > o.limitDue) return { why: 'total', newDue: o.newDue, limitDue: o.limitDue };
  return null;
}
