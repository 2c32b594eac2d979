/**
 * Every failure the user can act on is a PerxError: it carries the exit code the CLI returns and, where
 * it came from input, the file and line that caused it.
 */
export class PerxError extends Error {
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad flags, environment or query parameters: exit code 2, like every Unix tool. */
export class UsageError extends PerxError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, exitCode: 2 });
  }
}

/** A problem in an input file, named by file and line so the user can open it and look. */
export class InputError extends PerxError {
  readonly file: string;
  readonly line: number | undefined;

  constructor(file: string, line: number | undefined, reason: string, options: { cause?: unknown } = {}) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${reason}`, options);
    this.file = file;
    this.line = line;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Work stopped by SIGINT or SIGTERM before it finished (an ingest rolled back, a report not stored): the
 * exit code says which signal, as a shell would (128 + its number).
 */
export class InterruptedError extends PerxError {
  readonly signal: NodeJS.Signals;

  constructor(signal: NodeJS.Signals, message: string) {
    super(message, { exitCode: signal === 'SIGINT' ? 130 : 143 });
    this.signal = signal;
  }
}

/** The InterruptedError an aborted signal carries, or a generic one naming SIGTERM. */
export function interruption(signal: AbortSignal): InterruptedError {
  return signal.reason instanceof InterruptedError
    ? signal.reason
    : new InterruptedError('SIGTERM', 'stopped before it finished');
}
