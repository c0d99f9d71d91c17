/**
 * The `procedure:` of a practice in PRACTICES_FILE (issue 16): a preset (`lux`, `wkkgz`) and the
 * parts that override it, merged into a domain Procedure. A term is written `10 wd` or `6 weeks`
 * (or `{ length: 6, unit: weeks }`). The Wkkgz preset carries the law's own limits (art. 17): a
 * practice may shorten them, never lengthen them, since it cannot promise the law away.
 */
import { z } from 'zod';
import { PRESETS, WKKGZ, type ExtensionRule, type Procedure, type TermRule, type TermUnit } from './domain/procedure.js';

const UNIT_WORDS: Readonly<Record<string, TermUnit>> = {
  wd: 'working-days', 'working-day': 'working-days', 'working-days': 'working-days', 'working day': 'working-days',
  'working days': 'working-days', werkdag: 'working-days', werkdagen: 'working-days',
  week: 'weeks', weeks: 'weeks', weken: 'weeks',
};
/** The longest term of each unit: the environment's TERM_*_WD allow 400 working days; 80 weeks is as long. */
const MAX_LENGTH: Readonly<Record<TermUnit, number>> = { 'working-days': 400, weeks: 80 };
const TERM_HINT = "must be a term such as '10 wd' or '6 weeks' (or { length: 6, unit: weeks })";

/** `10 wd`, `6 weeks`, `{ length: 6, unit: weeks }` → a TermRule; anything else is named. */
function toTermRule(v: unknown): TermRule | string {
  let length: unknown, unitWord: unknown;
  if (typeof v === 'string') {
    const m = /^\s*(\d{1,4})\s*([a-z][a-z -]*?)\s*$/i.exec(v);
    if (!m) return TERM_HINT;
    [length, unitWord] = [Number(m[1]), m[2]!.toLowerCase()];
  } else if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'length' && k !== 'unit');
    if (extra.length > 0) return `${TERM_HINT}; '${extra[0]}' is not a key of a term`;
    [length, unitWord] = [o.length, typeof o.unit === 'string' ? o.unit.toLowerCase() : o.unit];
  } else {
    return TERM_HINT;
  }
  const unit = typeof unitWord === 'string' ? UNIT_WORDS[unitWord] : undefined;
  if (!unit) return `${TERM_HINT}: the unit is wd (working days) or weeks`;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 1 || length > MAX_LENGTH[unit]) {
    return `must be a whole number of ${unit === 'weeks' ? 'weeks' : 'working days'} from 1 to ${MAX_LENGTH[unit]}`;
  }
  return { length, unit };
}

const term = z.unknown().transform((v, ctx) => {
  const r = toTermRule(v);
  if (typeof r === 'string') {
    ctx.addIssue({ code: 'custom', message: r });
    return z.NEVER;
  }
  return r;
});

/** A term, or `none`: for the appeal (the Wkkgz has no internal appeal) and extension limits. */
const termOrNone = (none: string) => z.unknown().transform((v, ctx) => {
  if (v === none) return null;
  const r = toTermRule(v);
  if (typeof r === 'string') {
    ctx.addIssue({ code: 'custom', message: `${r}, or ${none}` });
    return z.NEVER;
  }
  return r;
});

const extension = z.strictObject({
  maxTimes: z.union([z.number().int().min(0).max(100), z.literal('unlimited')], { message: 'must be a whole number (how often), or unlimited' }).optional(),
  maxTotal: termOrNone('unlimited').optional(),
  beforeDue: z.boolean({ message: 'must be true or false' }).optional(),
  beyondWithConsent: z.boolean({ message: 'must be true or false' }).optional(),
});

const override = z.strictObject({
  preset: z.enum(['lux', 'wkkgz'], { message: 'must be lux or wkkgz (the procedures built in)' }),
  ack: term.optional(),
  present: term.optional(),
  response: term.optional(),
  handle: term.optional(),
  appeal: termOrNone('none').optional(),
  appealHandle: term.optional(),
  handleFrom: z.enum(['acknowledgement', 'receipt'], { message: 'must be acknowledgement or receipt' }).optional(),
  extension: extension.optional(),
}, { message: 'must be a preset (lux or wkkgz), or { preset: …, and the terms it changes }' });
type Override = z.output<typeof override>;

/** No longer than `limit`, in the same unit: weeks and working days cannot be compared without a calendar. */
const notLonger = (r: TermRule, limit: TermRule): boolean => r.unit === limit.unit && r.length <= limit.length;

/**
 * Where a Wkkgz procedure promises more time than the law gives: the handling term (six weeks
 * from receipt, lid 1) and its extension (once, by at most four weeks, announced before the term
 * ends, lid 2). One `[key path, reason]` each.
 */
function beyondTheLaw(p: Procedure): [string[], string][] {
  const out: [string[], string][] = [];
  const law = WKKGZ;
  const lid1 = 'Wkkgz art. 17 lid 1';
  const lid2 = 'Wkkgz art. 17 lid 2';
  if (!notLonger(p.terms.handle, law.terms.handle)) {
    out.push([['handle'], `may be at most 6 weeks, the law's term (${lid1}): a practice may shorten it, not lengthen it, and the law counts it in weeks`]);
  }
  if (p.handleFrom !== 'receipt') out.push([['handleFrom'], `must be receipt: the law counts the term from the receipt of the complaint (${lid1})`]);
  const ext = p.extension;
  if (ext.maxTimes === null || ext.maxTimes > 1) out.push([['extension', 'maxTimes'], `may be at most 1: the law allows one extension on the practice's own say (${lid2})`]);
  if (ext.maxTotal === null || !notLonger(ext.maxTotal, law.extension.maxTotal!)) {
    out.push([['extension', 'maxTotal'], `may be at most 4 weeks, the law's longest extension (${lid2})`]);
  }
  if (!ext.beforeDue) out.push([['extension', 'beforeDue'], `must be true: the law has the extension announced before the term ends (${lid2})`]);
  return out;
}

function merge(o: Override): Procedure {
  const base = PRESETS[o.preset];
  const t = base.terms;
  const e: Partial<ExtensionRule> = o.extension
    ? {
        ...(o.extension.maxTimes !== undefined ? { maxTimes: o.extension.maxTimes === 'unlimited' ? null : o.extension.maxTimes } : {}),
        ...(o.extension.maxTotal !== undefined ? { maxTotal: o.extension.maxTotal } : {}),
        ...(o.extension.beforeDue !== undefined ? { beforeDue: o.extension.beforeDue } : {}),
        ...(o.extension.beyondWithConsent !== undefined ? { beyondWithConsent: o.extension.beyondWithConsent } : {}),
      }
    : {};
  return {
    preset: o.preset,
    terms: {
      ack: o.ack ?? t.ack, present: o.present ?? t.present, response: o.response ?? t.response, handle: o.handle ?? t.handle,
      appeal: o.appeal === undefined ? t.appeal : o.appeal, appealHandle: o.appealHandle ?? t.appealHandle,
    },
    handleFrom: o.handleFrom ?? base.handleFrom,
    extension: { ...base.extension, ...e },
  };
}

/**
 * A practice's procedure: `wkkgz` (a preset by name), or `{ preset: lux, handle: 20 wd, … }`.
 * Every override is checked, and a Wkkgz procedure may not go beyond the law.
 */
export const procedureField = z
  .preprocess((v) => (typeof v === 'string' ? { preset: v } : v), override)
  .transform((o, ctx) => {
    const p = merge(o);
    if (p.preset === 'wkkgz') for (const [path, message] of beyondTheLaw(p)) ctx.addIssue({ code: 'custom', path, message });
    return p;
  });

/** `30 wd` or `6 weeks`, as check-config and the README write a term. */
export function termText(r: TermRule): string {
  return `${r.length} ${r.unit === 'weeks' ? (r.length === 1 ? 'week' : 'weeks') : 'wd'}`;
}
