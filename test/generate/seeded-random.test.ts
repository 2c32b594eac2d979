import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/generate/seeded-random.js';

function draws(random: SeededRandom, count: number): number[] {
  return Array.from({ length: count }, () => random.nextUint32());
}

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and stream', () => {
    expect(draws(new SeededRandom(42, 'http_log'), 100)).toEqual(
      draws(new SeededRandom(42, 'http_log'), 100),
    );
  });

  it('gives another sequence for another seed or another stream', () => {
    const base = draws(new SeededRandom(42, 'http_log'), 20);
    expect(draws(new SeededRandom(43, 'http_log'), 20)).not.toEqual(base);
    expect(draws(new SeededRandom(42, 'campaign'), 20)).not.toEqual(base);
    // Seed 0 is a seed like any other, not a degenerate state.
    expect(new Set(draws(new SeededRandom(0, ''), 1000)).size).toBe(1000);
  });

  it('keeps below() and between() inside their bounds and reaches both ends', () => {
    const random = new SeededRandom(7, 'bounds');
    const seen = new Set<number>();
    for (let draw = 0; draw < 2000; draw++) {
      const value = random.between(3, 6);
      expect(Number.isInteger(value)).toBe(true);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    for (let draw = 0; draw < 2000; draw++) {
      const value = random.float();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('spreads floats evenly', () => {
    const random = new SeededRandom(1, 'spread');
    const buckets = new Array<number>(10).fill(0);
    for (let draw = 0; draw < 100_000; draw++) {
      const bucket = Math.floor(random.float() * 10);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('refuses to pick from an empty list', () => {
    expect(() => new SeededRandom(1, 'pick').pick([])).toThrow(RangeError);
  });
});
