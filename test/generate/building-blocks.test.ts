import { describe, expect, it } from 'vitest';
import { ActivityClock } from '../../src/generate/activity-clock.js';
import { buildCatalog, maxRewardsPerCampaign, minRewardsPerCampaign } from '../../src/generate/catalog.js';
import { csvField } from '../../src/generate/csv-tables.js';
import { LocalShuffle } from '../../src/generate/local-shuffle.js';
import { PendingBursts } from '../../src/generate/pending-bursts.js';
import { SeededRandom } from '../../src/generate/seeded-random.js';
import { transactionWindow } from '../../src/generate/settings.js';
import { userIdOf } from '../../src/generate/user-activity.js';

const seconds = (...parts: [number, number, number, number?]) => Date.UTC(...parts) / 1000;
const settingsFrom = (startSeconds: number, days: number) => ({
  users: 1,
  requests: 1,
  campaigns: 1,
  seed: 1,
  startSeconds,
  days,
});

describe('transaction window', () => {
  it('runs from four weeks before the first Monday to the log end, with an empty week in between', () => {
    // 2019-08-26 is a Monday.
    expect(transactionWindow(settingsFrom(seconds(2019, 7, 26), 14))).toEqual({
      fromSeconds: seconds(2019, 6, 29),
      toSeconds: seconds(2019, 8, 9),
      // The week of Monday 5 August, widened by a day on each side.
      gapFromSeconds: seconds(2019, 7, 4),
      gapToSeconds: seconds(2019, 7, 13),
    });
  });

  it('counts weeks from the Monday before a start on a Sunday or late in a day', () => {
    const sunday = transactionWindow(settingsFrom(seconds(2019, 8, 1, 23), 1));
    expect(sunday.fromSeconds).toBe(seconds(2019, 6, 29));
    expect(sunday.toSeconds).toBe(seconds(2019, 8, 2, 23));
    const monday = transactionWindow(settingsFrom(seconds(2019, 8, 2, 0), 1));
    expect(monday.fromSeconds).toBe(seconds(2019, 7, 5));
  });
});

describe('activity clock', () => {
  // 16:00 UTC is midnight in Singapore, so hour k of this log is local hour k.
  const tuesdayLocal = seconds(2019, 7, 26, 16);

  it('spends traffic by the hourly weights: half of the first hour, the first twelve hours', () => {
    const clock = new ActivityClock(tuesdayLocal, tuesdayLocal + 86_400);
    expect(clock.timeAt(0)).toBe(tuesdayLocal);
    // Local hours 0 to 11 weigh 5.85 of the day's 20.05; hour 0 weighs 0.3.
    expect(clock.timeAt(0.15 / 20.05 + 1e-12)).toBe(tuesdayLocal + 1800);
    expect(clock.timeAt(5.85 / 20.05 + 1e-12)).toBe(tuesdayLocal + 12 * 3600);
    expect(clock.timeAt(0.999_999_999)).toBe(tuesdayLocal + 86_399);
  });

  it('gives a Saturday 1.2 times the traffic of a Friday', () => {
    const fridayLocal = seconds(2019, 7, 29, 16);
    const clock = new ActivityClock(fridayLocal, fridayLocal + 2 * 86_400);
    expect(clock.timeAt(1 / 2.2 + 1e-12)).toBe(fridayLocal + 86_400);
  });

  it('never goes back in time as progress grows, and starts over when asked for an earlier time', () => {
    const clock = new ActivityClock(tuesdayLocal, tuesdayLocal + 7 * 86_400);
    let previous = -Infinity;
    for (let step = 0; step < 10_000; step++) {
      const time = clock.timeAt(step / 10_000);
      expect(time).toBeGreaterThanOrEqual(previous);
      previous = time;
    }
    expect(clock.timeAt(0)).toBe(tuesdayLocal);
  });
});

describe('pending bursts', () => {
  it('hands bursts back earliest first, ties included', () => {
    const pending = new PendingBursts();
    for (const time of [5, 1, 4, 1, 3, 9, 2]) pending.push({ time, userId: `u${time}`, burstsLeft: 1 });
    expect(pending.size).toBe(7);
    expect(pending.peek()?.time).toBe(1);
    const order: number[] = [];
    for (let burst = pending.pop(); burst !== undefined; burst = pending.pop()) order.push(burst.time);
    expect(order).toEqual([1, 1, 2, 3, 4, 5, 9]);
    expect(pending.size).toBe(0);
  });
});

describe('local shuffle', () => {
  it('permutes lines only within their own window', () => {
    const lines = Array.from({ length: 10 }, (_, index) => `${index}\n`);
    const shuffle = new LocalShuffle(lines, 4, new SeededRandom(1, 'test'));
    const chunks = [...shuffle];
    expect(chunks).toHaveLength(3);
    const windows = chunks.map((chunk) => chunk.trimEnd().split('\n').map(Number));
    expect([...windows[0]!].sort()).toEqual([0, 1, 2, 3]);
    expect([...windows[1]!].sort()).toEqual([4, 5, 6, 7]);
    expect([...windows[2]!].sort()).toEqual([8, 9]);
    expect(windows.flat()).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(shuffle.lineCount).toBe(10);
  });

  it('yields nothing for no lines', () => {
    expect([...new LocalShuffle([], 4, new SeededRandom(1, 'test'))]).toEqual([]);
  });
});

describe('catalog', () => {
  it('gives every campaign a run of 2 to 12 rewards with consecutive ids, each owned by it', () => {
    const catalog = buildCatalog(50, 3);
    expect(catalog.firstReward[1]).toBe(1);
    expect(catalog.firstReward[51]).toBe(catalog.rewardCount + 1);
    for (let campaign = 1; campaign <= 50; campaign++) {
      const first = catalog.firstReward[campaign]!;
      const end = catalog.firstReward[campaign + 1]!;
      expect(end - first).toBeGreaterThanOrEqual(minRewardsPerCampaign);
      expect(end - first).toBeLessThanOrEqual(maxRewardsPerCampaign);
      for (let reward = first; reward < end; reward++) expect(catalog.ownerCampaign[reward]).toBe(campaign);
    }
    expect([...catalog.campaignsByPopularity].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
  });
});

describe('CSV fields', () => {
  it('quotes a field with a comma or a quote and doubles its quotes', () => {
    expect(csvField('My Reward-7')).toBe('My Reward-7');
    expect(csvField('Free Coffee, Large-3')).toBe('"Free Coffee, Large-3"');
    expect(csvField('12" Pizza-4')).toBe('"12"" Pizza-4"');
  });
});

describe('user ids', () => {
  it('are distinct digit strings of 13 digits, or 9 to 10 like the real log', () => {
    const ids = Array.from({ length: 100_000 }, (_, user) => userIdOf(user));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^(\d{9,10}|\d{13})$/.test(id))).toEqual([]);
    expect(ids.some((id) => id.length === 13)).toBe(true);
    expect(ids.some((id) => id.length < 13)).toBe(true);
  });
});
