import type { Database } from '../../db/database.js';
import { errorMessage } from '../../errors.js';
import { computeLiveSessions, type LiveProgress } from '../../reports/live-sessions.js';
import type { ReportRun } from '../../reports/index.js';

/**
 * The dashboard's computations of sessions for gaps `perx report all` did not store: one per gap, however
 * many requests ask for it, one running at a time (the others wait their turn), each stored once done
 * (live-sessions.ts). A request for a gap being computed learns how far along it is instead of waiting.
 */
export class LiveComputation {
  readonly startedAt = new Date();
  /** Undefined while it waits for the computation before it to finish. */
  progress: LiveProgress | undefined;
  /** Set once it failed: the message a page shows. */
  failure: string | undefined;
  failedAt = 0;
  /** Resolves with the stored run; rejects when the computation failed or ran out of time. */
  done!: Promise<ReportRun>;

  constructor(readonly gap: number) {}
}

export interface LiveSettings {
  timeLimitMs: number;
  /** Live runs kept in the database, least recently used dropped first. */
  keepRuns: number;
}

/** How long a failure is shown to requests for the same gap before a new computation may start. */
const failureShownMs = 30_000;

export class LiveComputations {
  private readonly computations = new Map<number, LiveComputation>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly controller = new AbortController();

  constructor(
    private readonly database: Database,
    private readonly settings: LiveSettings,
  ) {}

  /** The computation of this gap's sessions: the one under way (or that just failed), or a new one. */
  sessions(gap: number): LiveComputation {
    const current = this.computations.get(gap);
    if (current && (current.failure === undefined || Date.now() - current.failedAt < failureShownMs)) {
      return current;
    }
    const computation = new LiveComputation(gap);
    computation.done = this.queue.then(() =>
      computeLiveSessions(this.database, gap, {
        timeLimitMs: this.settings.timeLimitMs,
        keep: this.settings.keepRuns,
        signal: this.controller.signal,
        onProgress: (progress) => {
          computation.progress = progress;
        },
      }),
    );
    this.queue = computation.done.catch(() => undefined);
    this.computations.set(gap, computation);
    void computation.done.then(
      // Stored: later requests find the run in the database.
      () => this.computations.delete(gap),
      (error: unknown) => {
        computation.failure = errorMessage(error);
        computation.failedAt = Date.now();
      },
    );
    return computation;
  }

  /** Stops every computation at its next range (the server is closing); their rows are removed. */
  async close(): Promise<void> {
    this.controller.abort();
    await this.queue;
  }
}
