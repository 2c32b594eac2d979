/** A user's next burst of requests, waiting for the log's clock to reach it. */
export interface PendingBurst {
  /** Epoch second of the burst's first request. */
  readonly time: number;
  readonly userId: string;
  /** Bursts still to come in this visit, this one included. */
  readonly burstsLeft: number;
}

/**
 * The bursts users will come back for, earliest first (a binary min-heap). It holds only the visits in
 * progress, so its size follows the traffic per hour, not the length of the log.
 */
export class PendingBursts {
  private readonly heap: PendingBurst[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): PendingBurst | undefined {
    return this.heap[0];
  }

  push(burst: PendingBurst): void {
    const heap = this.heap;
    let index = heap.push(burst) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const above = heap[parent] as PendingBurst;
      if (above.time <= burst.time) break;
      heap[index] = above;
      index = parent;
    }
    heap[index] = burst;
  }

  pop(): PendingBurst | undefined {
    const heap = this.heap;
    const first = heap[0];
    const last = heap.pop();
    if (first === undefined || last === undefined || heap.length === 0) return first;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child =
        right < heap.length && (heap[right] as PendingBurst).time < (heap[left] as PendingBurst).time
          ? right
          : left;
      const below = heap[child] as PendingBurst;
      if (last.time <= below.time) break;
      heap[index] = below;
      index = child;
    }
    heap[index] = last;
    return first;
  }
}
