import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundledSource, loadConfig } from '../../../src/config/config.js';
import type { Engine } from '../../../src/db/database.js';
import { ingest } from '../../../src/ingest/load.js';
import { computeAllReports } from '../../../src/reports/index.js';
import { startServer } from '../../../src/web/server.js';
import { createTestStore, type TestStore } from '../../support/engines.js';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the CLI from source against a store and returns its stdout, byte for byte. */
export async function runCli(store: TestStore, args: readonly string[]): Promise<Buffer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: projectRoot,
    // The reporting zone is the default one, as on the server under test.
    env: { ...process.env, ...store.env, PERX_TZ: '' },
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (exitCode !== 0) throw new Error(`perx ${args.join(' ')} exited ${exitCode}: ${stderr}`);
  return Buffer.concat(stdout);
}

export interface RealDataServer {
  url: string;
  /** What `perx report ...` printed for each command asked for before the server started. */
  cliOutputs: Map<string, Buffer>;
  close(): Promise<void>;
}

/**
 * The bundled Perx data set ingested with the ingest function and stored by `perx report all`, then a
 * real server on a free loopback port, then the CLI's outputs for the given commands: on the embedded
 * engine they reach the database through the server's process, which owns the folder.
 */
export async function startRealDataServer(
  engine: Engine,
  cliCommands: readonly (readonly string[])[],
): Promise<RealDataServer> {
  const store = await createTestStore(engine);
  try {
    const loading = await store.open();
    try {
      await ingest(loading, { source: bundledSource });
      await computeAllReports(loading);
    } finally {
      await loading.close();
    }
    const database = await store.open();
    const server = await startServer({ database, config: loadConfig({}, {}), port: 0 }).catch(
      async (error) => {
        await database.close();
        throw error;
      },
    );
    const cliOutputs = new Map<string, Buffer>();
    try {
      for (const command of cliCommands) cliOutputs.set(command.join(' '), await runCli(store, command));
    } catch (error) {
      await server.close();
      await database.close();
      throw error;
    }
    return {
      url: server.url,
      cliOutputs,
      async close() {
        await server.close();
        await database.close();
        await store.remove();
      },
    };
  } catch (error) {
    await store.remove();
    throw error;
  }
}
