import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface PerxResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as users run it: `source` runs src/cli/main.ts through tsx, `bin` runs the built bin/perx.js
 * (the npm entry point; `npm test` builds first). Inherited PERX_* settings are cleared so the
 * developer's own .env or shell cannot leak into a test.
 */
export type PerxEntry = 'source' | 'bin';

function entryArgs(entry: PerxEntry): string[] {
  return entry === 'bin' ? ['bin/perx.js'] : ['--import', 'tsx', 'src/cli/main.ts'];
}

export function testEnvironment(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'PERX_DATA_DIR', 'PERX_SOURCE', 'PERX_TZ', 'PORT', 'HOST'])
    delete clean[name];
  return { ...clean, ...env };
}

export function runPerx(
  args: readonly string[],
  options: { env?: Record<string, string>; entry?: PerxEntry } = {},
): Promise<PerxResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...entryArgs(options.entry ?? 'source'), ...args],
      {
        cwd: projectRoot,
        env: testEnvironment(options.env ?? {}),
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/** A long-running perx process (serve, run) and the URL it printed once it was ready. */
export interface RunningPerx {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Sends the signal and resolves with the exit code and everything printed. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; output: string }>;
}

const dashboardUrl = /perx dashboard at (http:\/\/\S+)/;

export function startPerx(
  args: readonly string[],
  options: {
    env?: Record<string, string>;
    entry?: PerxEntry;
    command?: readonly string[];
    readyWithinMs?: number;
  } = {},
): Promise<RunningPerx> {
  const command = options.command ?? [...entryArgs(options.entry ?? 'source'), ...args];
  const child = spawn(process.execPath, command, {
    cwd: projectRoot,
    env: testEnvironment(options.env ?? {}),
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`perx ${args.join(' ')} printed no dashboard URL in time:\n${output}`));
    }, options.readyWithinMs ?? 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = dashboardUrl.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          child,
          url: match[1],
          output: () => output,
          async stop(signal = 'SIGINT') {
            child.kill(signal);
            const code = await exited;
            return { code, output };
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`perx ${args.join(' ')} exited with ${code} before serving:\n${output}`));
    });
  });
}
