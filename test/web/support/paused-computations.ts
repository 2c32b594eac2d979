import { LiveComputation, LiveComputations } from '../../../src/web/live/live-computations.js';

/**
 * A computation stopped where the test puts it: a progress, or a failure. The real ones run through in
 * milliseconds on a small data set (health.test.ts holds one up with a lock).
 */
export class PausedComputations extends LiveComputations {
  readonly paused = new Map<number, LiveComputation>();

  override sessions(gap: number): LiveComputation {
    const computation = this.paused.get(gap) ?? new LiveComputation(gap);
    computation.done ??= new Promise(() => undefined);
    this.paused.set(gap, computation);
    return computation;
  }
}
