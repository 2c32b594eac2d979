import { InterruptedError } from '../errors.js';

/**
 * Resolves on the first SIGINT or SIGTERM, so a long-running command can stop what it is doing and close
 * the database instead of dying mid-write: `signal` aborts at once (an ingest given it rolls back at its
 * next chunk or statement). A second signal while shutting down exits at once.
 */
export interface ShutdownSignal {
  received: Promise<NodeJS.Signals>;
  /** True once a signal has arrived: work between phases checks it and stops early. */
  readonly requested: boolean;
  /** Aborted on the first signal, with an InterruptedError naming it as the reason. */
  readonly signal: AbortSignal;
  dispose(): void;
}

export function shutdownSignal(): ShutdownSignal {
  let requested = false;
  const controller = new AbortController();
  let stop: ((signal: NodeJS.Signals) => void) | undefined;
  let forced: ((signal: NodeJS.Signals) => void) | undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    stop = (signal) => {
      requested = true;
      process.off('SIGINT', stop!);
      process.off('SIGTERM', stop!);
      forced = (second) => process.exit(second === 'SIGINT' ? 130 : 143);
      process.once('SIGINT', forced);
      process.once('SIGTERM', forced);
      controller.abort(new InterruptedError(signal, `${signal} received`));
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const parentWatch = watchNpmParent();
  return {
    received,
    get requested() {
      return requested;
    },
    signal: controller.signal,
    dispose() {
      if (parentWatch) clearInterval(parentWatch);
      if (stop) {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
      if (forced) {
        process.off('SIGINT', forced);
        process.off('SIGTERM', forced);
      }
    },
  };
}

/**
 * Started by an npm script (`npm start`), perx stops when npm goes away: `kill <npm pid>` ends npm, and
 * its shell may not pass the signal on, which would leave the server running with the port and the
 * database folder held. When the parent changes (the orphan is adopted), perx signals itself, so the
 * shutdown is the same as for Ctrl-C. Outside npm the parent is left alone: `nohup perx serve &` must
 * outlive its shell.
 */
function watchNpmParent(): NodeJS.Timeout | undefined {
  if (!process.env.npm_lifecycle_event) return undefined;
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }, 250);
  watch.unref();
  return watch;
}
