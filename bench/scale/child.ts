import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** What one measured child process did. */
export interface ChildRun {
  seconds: number;
  /** Peak resident set size of the process (and of any children it waited for), from GNU time. */
  peakRssKb: number;
  stdout: string;
}

const gnuTime = '/usr/bin/time';

/**
 * Runs a command to its end under GNU time (`/usr/bin/time -v`), which reports the peak RSS the kernel
 * recorded for it, and times it from spawn to exit. Fails with the command's stderr when it fails.
 */
export async function runMeasured(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<ChildRun> {
  const folder = await mkdtemp(join(tmpdir(), 'perx-bench-time-'));
  const report = join(folder, 'time.txt');
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await run(gnuTime, ['-v', '-o', report, command, ...args], options);
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-4000)}`);
    }
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(await readFile(report, 'utf8'));
    if (!rss) throw new Error(`${gnuTime} reported no peak RSS for ${command}`);
    return { seconds, peakRssKb: Number(rss[1]), stdout };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Runs a command to its end, unmeasured; fails with its stderr when it fails. */
export async function runQuietly(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<string> {
  const { code, stdout, stderr } = await run(command, args, options);
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-4000)}`);
  return stdout;
}

function run(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The address a spawned `perx serve` prints once it listens; rejects with its output if it exits first. */
export function dashboardUrl(server: ChildProcess & { stdout: Readable; stderr: Readable }): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /perx dashboard at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error(`perx serve exited with ${code}:\n${output}`)));
  });
}
