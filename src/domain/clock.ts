/** Time is passed in, never read inside the domain: tests inject a fixed or moving clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that returns a settable instant; for tests and simulations. */
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void } {
  let t = new Date(at);
  return { now: () => new Date(t), set: (v) => (t = new Date(v)) };
}
