import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { projectRoot, runPerx, testEnvironment } from '../support/perx-cli.js';

/** What `perx report all` says as each report begins, on a terminal. */
const phaseLines = [
  'computing engagement (1 of 4)',
  'computing weekly (2 of 4)',
  'computing sessions (3 of 4)',
  'computing campaigns (4 of 4)',
];

/**
 * Runs the built CLI on a pseudo-terminal (util-linux `script`), as someone at a terminal would, until
 * it exits or prints `until`; then its whole process group is ended.
 */
function onTerminal(args: readonly string[], env: Record<string, string>, until?: string): Promise<string> {
  const command = ['node', 'bin/perx.js', ...args].join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: projectRoot,
    env: testEnvironment(env),
    detached: true,
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`perx ${args.join(' ')} on a terminal did not finish in time:\n${output}`));
    }, 120_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (until !== undefined && output.includes(until)) process.kill(-child.pid!, 'SIGTERM');
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(output.replaceAll('\r\n', '\n'));
    });
  });
}

for (const engine of testEngines) {
  describe(`progress of long report phases [${engine}]`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await createTestStore(engine);
      const ingested = await runPerx(['ingest'], { entry: 'bin', env: store.env });
      expect(ingested.code, ingested.stderr).toBe(0);
    }, 120_000);
    afterAll(async () => {
      await store.remove();
    });

    it('perx report all names each report as it begins on a terminal, and not in a pipe', async () => {
      const output = await onTerminal(['report', 'all'], store.env);
      const shown = output.split('\n').filter((line) => line.startsWith('computing '));
      expect(shown).toEqual(phaseLines);
      expect(output).toMatch(/^sessions\s+7377 rows/m);

      const piped = await runPerx(['report', 'all'], { entry: 'bin', env: store.env });
      expect(piped.code, piped.stderr).toBe(0);
      expect(piped.stderr).not.toContain('computing ');
      expect(piped.stdout).toMatch(/^sessions\s+7377 rows/m);
    }, 180_000);

    it('perx run shows the same progress while it computes the reports', async () => {
      const output = await onTerminal(['run', '--refresh', '--port', '0'], store.env, 'perx dashboard at');
      const shown = output
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.startsWith('computing '));
      expect(shown).toEqual(['computing the reports', ...phaseLines]);
      expect(output).toMatch(/computed engagement \(10 rows\), weekly \(2 rows\), sessions \(7377 rows\)/);
    }, 180_000);
  });
}
