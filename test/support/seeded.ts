/**
 * Seeded randomness for tests, so a failure can be replayed: the seed comes from TEST_SEED
 * (decimal or 0x hex) or a fixed default, and is printed when a test of the calling suite fails.
 * Replay with `TEST_SEED=<seed> npx mocha …`.
 */
export const DEFAULT_SEED = 0x15eed;

export function testSeed(): number {
  const raw = process.env.TEST_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`TEST_SEED must be an integer, not ${JSON.stringify(raw)}`);
  return n >>> 0;
}

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1) like Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A PRNG for the enclosing describe block (call it inside one): reseeded before each test, so
 * every test draws the same sequence whatever ran before it, and the seed printed on failure.
 */
export function useSeededRandom(): { readonly seed: number; random(): number } {
  const seed = testSeed();
  let next = mulberry32(seed);
  beforeEach(() => {
    next = mulberry32(seed);
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') {
      console.error(`    random choices were seeded with TEST_SEED=${seed} (replay: TEST_SEED=${seed} npx mocha …)`);
    }
  });
  return { seed, random: () => next() };
}
