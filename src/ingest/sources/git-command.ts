import { spawn } from 'node:child_process';
import { PerxError } from '../../errors.js';
import { maskCredentials } from '../../config/credentials.js';

/** A clone of a large repository over a slow link takes minutes, but never this long. */
const gitTimeoutMs = 10 * 60_000;
const outputLimit = 64 * 1024;

export interface GitRun {
  /** What git is doing, for messages: "clone https://host/repo.git". */
  task: string;
  /** Exit codes that are answers rather than failures (git config --get exits 1 for a missing key). */
  acceptExitCodes?: readonly number[];
  timeoutMs?: number;
  /** Extra environment for this run. */
  env?: Record<string, string>;
}

export interface GitResult {
  exitCode: number;
  stdout: string;
}

/**
 * The environment every git run gets:
 * - GIT_LFS_SKIP_SMUDGE=1: a clone yields pointer files whether git-lfs is installed or not; the
 *   pointers are resolved by this program, the same way everywhere;
 * - GIT_TERMINAL_PROMPT=0: a repository that needs a password fails instead of waiting for input;
 * - GIT_ALLOW_PROTOCOL: only the transports a source may name, never ext:: or fd::.
 */
function gitEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...extra,
    GIT_LFS_SKIP_SMUDGE: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: 'file:git:http:https:ssh',
  };
}

/** Runs the system git with an argument array (never through a shell) and collects its output. */
export function runGit(args: readonly string[], run: GitRun): Promise<GitResult> {
  const timeoutMs = run.timeoutMs ?? gitTimeoutMs;
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { env: gitEnvironment(run.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < outputLimit) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-outputLimit);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);

    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new PerxError(
              `git is not installed (or not on PATH); it is needed to ${maskCredentials(run.task)}`,
            )
          : new PerxError(`git could not ${maskCredentials(run.task)}: ${error.message}`, { cause: error }),
      );
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new PerxError(`git could not ${maskCredentials(run.task)}: no result after ${timeoutMs} ms`));
      } else if (exitCode === 0 || (exitCode !== null && run.acceptExitCodes?.includes(exitCode))) {
        resolve({ exitCode, stdout });
      } else {
        const lines = stderr.split('\n').map((line) => line.trim());
        const reason =
          lines
            .filter((line) => line !== '')
            .slice(-5)
            .join(' ') || `exit code ${exitCode ?? 'none'}`;
        reject(new PerxError(`git could not ${maskCredentials(run.task)}: ${maskCredentials(reason)}`));
      }
    });
  });
}
