import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A Citus cluster on this machine for the tests and the benchmark: a coordinator and workers, each an
 * ordinary PostgreSQL instance of the local installation with `shared_preload_libraries = 'citus'`, in a
 * temporary folder, on free ports. Run as root, the servers run as the postgres user (PostgreSQL refuses
 * root). `createDatabase` makes a database on every node with the extension and the nodes registered, as
 * Citus keeps its metadata per database.
 */

const run = promisify(execFile);

/** The PostgreSQL installation with Citus built for it (see /work/shared/citus/install.sh), if any. */
export function citusBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const major = majors.find((name) => existsSync(join(root, name, 'lib', 'citus.so')));
  return major === undefined ? undefined : join(root, major, 'bin');
}

export interface CitusCluster {
  coordinatorPort: number;
  workerPorts: number[];
  /** The URL of a database on the coordinator. */
  url(database: string): string;
  /** A database of that name on every node, with the extension, the coordinator and the workers registered. */
  createDatabase(name: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ClusterOptions {
  workers?: number;
  /** Shards per distributed table (citus.shard_count); Citus's default is 32. */
  shardCount?: number;
  /**
   * Keep PostgreSQL's durability settings (fsync, full_page_writes, synchronous_commit on), as a benchmark
   * comparing with a server that has them must; by default off, for a scratch cluster of the tests.
   */
  durable?: boolean;
}

/** Initializes and starts the nodes; stop() stops them and removes the folder. */
export async function startCitusCluster(options: ClusterOptions = {}): Promise<CitusCluster> {
  const bin = citusBinaries();
  if (bin === undefined)
    throw new Error('Citus is not installed for any PostgreSQL under /usr/lib/postgresql');
  const folder = await mkdtemp(join(tmpdir(), 'perx-citus-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(folder, Number(stdout.trim()), Number(group.trim()));
  }
  const asServerUser = (command: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { cwd: folder })
      : run(join(bin, command), args, { cwd: folder });

  const ports = [await freePort()];
  for (let index = 0; index < (options.workers ?? 2); index++) ports.push(await freePort());
  const started: string[] = [];
  const stop = async () => {
    for (const dataDir of started) {
      await asServerUser('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']).catch(() => undefined);
    }
    await rm(folder, { recursive: true, force: true });
  };
  try {
    await Promise.all(
      ports.map(async (port) => {
        const dataDir = join(folder, String(port));
        await asServerUser('initdb', [
          '-D',
          dataDir,
          '-A',
          'trust',
          '-U',
          'postgres',
          '-E',
          'UTF8',
          '--no-sync',
        ]);
        // The socket in the cluster's folder, not the system one; a scratch cluster without durability.
        await appendFile(
          join(dataDir, 'postgresql.conf'),
          [
            "shared_preload_libraries = 'citus'",
            "listen_addresses = '127.0.0.1'",
            `port = ${port}`,
            `unix_socket_directories = '${folder}'`,
            ...(options.durable ? [] : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']),
            `citus.shard_count = ${options.shardCount ?? 32}`,
            '',
          ].join('\n'),
        );
        await asServerUser('pg_ctl', ['-D', dataDir, '-w', '-l', join(folder, `${port}.log`), 'start']);
        started.push(dataDir);
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const [coordinatorPort = 0, ...workerPorts] = ports;
  const url = (database: string, port = coordinatorPort) =>
    `postgres://postgres@127.0.0.1:${port}/${database}`;
  const onNode = async (port: number, database: string, statements: readonly string[]) => {
    const client = new pg.Client({ connectionString: url(database, port) });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    coordinatorPort,
    workerPorts,
    url: (database) => url(database),
    async createDatabase(name) {
      for (const port of ports) {
        await onNode(port, 'postgres', [`CREATE DATABASE ${name}`]);
        await onNode(port, name, ['CREATE EXTENSION citus']);
      }
      await onNode(coordinatorPort, name, [
        `SELECT citus_set_coordinator_host('127.0.0.1', ${coordinatorPort})`,
        ...workerPorts.map((port) => `SELECT citus_add_node('127.0.0.1', ${port})`),
      ]);
      return url(name);
    },
    async dropDatabase(name) {
      for (const port of ports)
        await onNode(port, 'postgres', [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    },
    stop,
  };
}

/**
 * Whether the Citus tests run: when Citus is installed. In CI (CI=true) a missing Citus is a failure, as
 * .ci/run installs it (/work/shared/citus/install.sh).
 */
export function citusAvailable(): boolean {
  const installed = citusBinaries() !== undefined;
  if (!installed && process.env.CI === 'true') {
    throw new Error('Citus is not installed for the local PostgreSQL; CI requires it (.ci/run installs it)');
  }
  if (!installed)
    console.warn('Citus is not installed for the local PostgreSQL: its tests are skipped outside CI');
  return installed;
}
