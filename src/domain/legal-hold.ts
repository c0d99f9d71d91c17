/**
 * Legal hold (issue 17, #bewaar): a file that must go to a disputes body or a court is not
 * destroyed at the end of its retention. Pure: whether a case is held today, and from when it
 * may be purged once no hold is active any more.
 */
import type { LocalDate } from './calendar.js';

export interface Hold {
  /** Local date the hold was placed. */
  placedDate: LocalDate;
  /** `#bewaar tot JJJJ-MM-DD`: the last day it holds; null for "until lifted". */
  untilDate: LocalDate | null;
  /** Local date of `#bewaar-opheffen`; null while not lifted. */
  liftedDate: LocalDate | null;
}

/** The day a hold stops holding: the lifting day, the day after its `tot` date, or null (it still holds, open-ended). */
export function holdEnd(h: Hold, dayAfter: (d: LocalDate) => LocalDate): LocalDate | null {
  const ends = [h.liftedDate, h.untilDate ? dayAfter(h.untilDate) : null].filter((d): d is LocalDate => d !== null).sort();
  return ends[0] ?? null;
}

/** Whether any hold is active on `today`. */
export function isHeld(holds: readonly Hold[], today: LocalDate, dayAfter: (d: LocalDate) => LocalDate): boolean {
  return holds.some((h) => {
    const end = holdEnd(h, dayAfter);
    return h.placedDate <= today && (end === null || today < end);
  });
}

/**
 * From when the case may be purged: its original date, or, when a hold ran past it, the day the
 * last such hold ended (lifted, or its `tot` date passed), whichever is later. Null while held.
 */
export function purgeDateWithHolds(original: LocalDate, holds: readonly Hold[], today: LocalDate, dayAfter: (d: LocalDate) => LocalDate): LocalDate | null {
  if (isHeld(holds, today, dayAfter)) return null;
  let date = original;
  for (const h of holds) {
    const end = holdEnd(h, dayAfter);
    if (end && end > date) date = end;
  }
  return date;
}
