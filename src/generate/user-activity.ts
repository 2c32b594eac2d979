import { ActivityClock } from './activity-clock.js';
import { popularCampaign, popularReward, rewardOfCampaign, type Catalog } from './catalog.js';
import { PendingBursts, type PendingBurst } from './pending-bursts.js';
import { SeededRandom } from './seeded-random.js';
import { logEndSeconds, type GenerateSettings } from './settings.js';
import { LogTimestampFormat } from './timestamp-format.js';

/**
 * The shape of the HTTP log: how users behave. A user comes for a visit of a few bursts; a burst is
 * several requests seconds apart (view a campaign, issue one of its rewards, look at the profile), and
 * between bursts the user pauses, mostly for longer than the 300-second session gap, sometimes for
 * exactly 300 or 299 seconds so that the edge of the gap is exercised, sometimes briefly.
 *
 * Lines come out in the order bursts begin, which is close to time order; the writer then shuffles them
 * within a window. Only visits in progress are held, so memory does not grow with the log.
 */

const sessionGapSeconds = 300;
/** Real logs hold a few exact duplicate lines; they are requests like any other. */
const duplicateLineChance = 1 / 4000;
/** A few clients poll one endpoint at a fixed interval for a long while, like the real log's busiest user. */
const pollerChance = 1 / 3000;
const maxBurstsPerVisit = 12;

/** Requests that are neither a campaign view nor a reward issue. */
const otherRequests = [' GET /campaigns ', ' GET /rewards ', ' GET /profile '];

export function httpLogLines(settings: GenerateSettings, catalog: Catalog): Generator<string> {
  return new UserActivity(settings, catalog).lines();
}

class UserActivity {
  private readonly random: SeededRandom;
  private readonly clock: ActivityClock;
  private readonly timestamps = new LogTimestampFormat();
  private readonly pending = new PendingBursts();
  private readonly endSeconds: number;
  /** Lines written so far. */
  private written = 0;
  /** Users who have appeared so far; user k (0-based) appears before user k + 1. */
  private introduced = 0;

  constructor(
    private readonly settings: GenerateSettings,
    private readonly catalog: Catalog,
  ) {
    this.random = new SeededRandom(settings.seed, 'http_log');
    this.endSeconds = logEndSeconds(settings);
    this.clock = new ActivityClock(settings.startSeconds, this.endSeconds);
  }

  *lines(): Generator<string> {
    const { requests } = this.settings;
    while (this.written < requests) {
      const now = this.clock.timeAt(this.written / requests);
      const due = this.pending.peek();
      if (due !== undefined && due.time <= now) {
        this.pending.pop();
        // A returning user may not take the lines still owed to users who have not appeared yet.
        const budget = this.linesLeft() - this.usersLeft();
        if (budget > 0) yield* this.burst(due, budget);
        continue;
      }
      const visit = this.startVisit(now);
      yield* this.burst(visit, this.linesLeft() - this.usersLeft());
    }
  }

  private linesLeft(): number {
    return this.settings.requests - this.written;
  }

  private usersLeft(): number {
    return this.settings.users - this.introduced;
  }

  /**
   * New users appear in step with the log's progress, so exactly `users` distinct users appear, spread over
   * the whole period; the other visits come from users already seen, a few of whom are very busy.
   */
  private startVisit(time: number): PendingBurst {
    const random = this.random;
    let burstsLeft = 1;
    while (burstsLeft < maxBurstsPerVisit && random.chance(0.6)) burstsLeft++;
    const mustIntroduce = this.linesLeft() <= this.usersLeft();
    const dueToIntroduce = this.introduced / this.settings.users <= this.written / this.settings.requests;
    if (this.usersLeft() > 0 && (mustIntroduce || dueToIntroduce)) {
      return { time, userId: userIdOf(this.introduced++), burstsLeft };
    }
    const u = random.float();
    const user = random.chance(0.5)
      ? random.below(this.introduced)
      : Math.floor(this.introduced * u * u * u * u);
    return { time, userId: userIdOf(user), burstsLeft };
  }

  private *burst(visit: PendingBurst, budget: number): Generator<string> {
    const random = this.random;
    const catalog = this.catalog;
    const tail = `${visit.userId}\n`;
    if (random.chance(pollerChance)) {
      yield* this.poll(visit, budget, tail);
      return;
    }
    let length = random.between(2, 7);
    if (random.chance(0.15)) length += random.below(12);
    if (length > budget) length = budget;

    let time = visit.time;
    let lastTime = time;
    let viewedCampaign = 0;
    let previousRequest = '';
    for (let count = 0; count < length; count++) {
      const x = random.float();
      let request: string;
      if (x < 0.07) {
        request = random.pick(otherRequests);
      } else if (x < 0.1) {
        // They name real ids yet are neither views nor issues: a report matching paths loosely miscounts them.
        request = random.chance(0.5)
          ? ` GET /rewards/${popularReward(catalog, random)} `
          : ` GET /campaigns/${popularCampaign(catalog, random)}/rewards `;
      } else if (x < 0.13) {
        // An issue with no view before it: not driven by a campaign.
        request = ` POST /rewards/${popularReward(catalog, random)} `;
      } else if (x < 0.38 && viewedCampaign !== 0) {
        request = ` POST /rewards/${rewardOfCampaign(catalog, viewedCampaign, random)} `;
      } else {
        if (viewedCampaign === 0 || random.chance(0.6)) viewedCampaign = popularCampaign(catalog, random);
        request = ` GET /campaigns/${viewedCampaign} `;
      }
      if (count > 0) {
        // Mostly a few seconds apart; now and then two requests in the same second, though never two
        // identical ones, which would pass for one of the rare exact duplicates.
        const u = random.float();
        time += random.chance(0.03) ? 0 : 1 + Math.floor(u * u * 40);
        if (time === lastTime && request === previousRequest) time++;
        if (time >= this.endSeconds) break;
      }
      previousRequest = request;
      const line = this.timestamps.format(time) + request + tail;
      this.written++;
      yield line;
      if (count + 1 < length && random.chance(duplicateLineChance)) {
        count++;
        this.written++;
        yield line;
      }
      lastTime = time;
    }
    this.comeBack(visit, lastTime);
  }

  /** A client polling one endpoint every 30 seconds: one long session. */
  private *poll(visit: PendingBurst, budget: number, tail: string): Generator<string> {
    const random = this.random;
    const request = random.chance(0.5)
      ? ` POST /rewards/${popularReward(this.catalog, random)} `
      : ` GET /campaigns/${popularCampaign(this.catalog, random)} `;
    const length = Math.min(random.between(20, 200), budget);
    let time = visit.time;
    for (let count = 0; count < length && time < this.endSeconds; count++, time += 30) {
      this.written++;
      yield this.timestamps.format(time) + request + tail;
    }
    this.comeBack(visit, time - 30);
  }

  private comeBack(visit: PendingBurst, lastTime: number): void {
    if (visit.burstsLeft <= 1) return;
    const time = lastTime + this.pause();
    if (time < this.endSeconds) {
      this.pending.push({ time, userId: visit.userId, burstsLeft: visit.burstsLeft - 1 });
    }
  }

  /** Seconds from a burst's last request to the next burst's first. */
  private pause(): number {
    const random = this.random;
    const x = random.float();
    if (x < 0.08) return sessionGapSeconds;
    if (x < 0.16) return sessionGapSeconds - 1;
    if (x < 0.3) return random.between(20, sessionGapSeconds - 2);
    if (x < 0.8) return random.between(sessionGapSeconds + 1, 1800);
    return random.between(1800, 6 * 3600);
  }
}

/**
 * User k's id. Multiplying by an odd constant modulo 2^32 is a bijection, so ids are distinct and do not
 * follow k. Like the real log, most ids have 13 digits and some have 9 or 10; the two forms never meet.
 */
export function userIdOf(user: number): string {
  const scrambled = Math.imul(user + 1, 0x9e3779b1) >>> 0;
  const serial = scrambled >>> 3;
  return (scrambled & 7) === 0 ? String(500_000_000 + serial) : String(2_000_000_000_000 + serial);
}
