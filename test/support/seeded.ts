/**
 * Seeded randomness for tests, so a failure can be replayed: the seed comes from TEST_SEED
 * (decimal or 0x hex) or a fixed default, and is printed when a test of the calling suite fails.
 * Replay with `TEST_SEED=<seed> npx mocha …`.
 */
import { mulberry32 } from '../../tools/seeded-random.js';

export { mulberry32 };

export const DEFAULT_SEED = 0x15eed;

export function testSeed(): number {
  const raw = process.env.TEST_SEED;
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  const n = Number(raw);
  if (!Number.isSafeInteger(n)) throw new Error(`TEST_SEED must be an integer, not ${JSON.stringify(raw)}`);
  return n >>> 0;
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
