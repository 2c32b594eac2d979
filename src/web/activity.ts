/**
 * Counts the work in flight: request handlers, and download bodies still streaming rows after their
 * handler has returned. Closing the server waits for it to reach zero before the database closes, so a
 * request whose client has gone is never cut off mid-query by a pool that has already ended.
 */
export class Activity {
  private active = 0;
  private waiting: (() => void)[] = [];

  /** Marks one piece of work as started; the returned function ends it (calling it twice is harmless). */
  begin(): () => void {
    this.active++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.active--;
      if (this.active === 0) for (const resolve of this.waiting.splice(0)) resolve();
    };
  }

  /** Resolves once no work is in flight. */
  idle(): Promise<void> {
    return this.active === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}
