/**
 * Resolves on the first SIGINT or SIGTERM, so a long-running command can finish what it is doing and
 * close the database instead of dying mid-write. A second signal while shutting down exits at once.
 */
export interface ShutdownSignal {
  received: Promise<NodeJS.Signals>;
  /** True once a signal has arrived: work between phases checks it and stops early. */
  readonly requested: boolean;
  dispose(): void;
}

export function shutdownSignal(): ShutdownSignal {
  let requested = false;
  let stop: ((signal: NodeJS.Signals) => void) | undefined;
  let forced: ((signal: NodeJS.Signals) => void) | undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    stop = (signal) => {
      requested = true;
      process.off('SIGINT', stop!);
      process.off('SIGTERM', stop!);
      forced = () => process.exit(130);
      process.once('SIGINT', forced);
      process.once('SIGTERM', forced);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return {
    received,
    get requested() {
      return requested;
    },
    dispose() {
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
