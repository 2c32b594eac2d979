import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestStore, type TestStore } from '../support/engines.js';
import { projectRoot, startPerx, testEnvironment } from '../support/perx-cli.js';

/**
 * No Docker engine runs here, so this proves the compose wiring another way: docker-compose itself
 * resolves the file (interpolation from an env file included), then the pipeline's and the web
 * service's commands run in compose order, with the environment compose gives them, against the local
 * PostgreSQL standing in for the `db` service.
 */
const run = promisify(execFile);

interface ComposeService {
  entrypoint?: string[];
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

async function dockerComposeAvailable(): Promise<boolean> {
  try {
    await run('docker-compose', ['version']);
    return true;
  } catch {
    return false;
  }
}

const composeAvailable = await dockerComposeAvailable();
if (!composeAvailable && process.env.CI === 'true') throw new Error('docker-compose is required in CI');
if (!composeAvailable) console.warn('docker-compose is not installed: the compose wiring test is skipped');

describe.runIf(composeAvailable)('docker-compose deployment', () => {
  let store: TestStore;
  let folder: string;
  let compose: ComposeFile;

  beforeAll(async () => {
    store = await createTestStore('postgres');
    const local = new URL(store.settings.databaseUrl!);
    folder = await mkdtemp(join(tmpdir(), 'perx-compose-'));
    const example = await readFile(join(projectRoot, '.env.example'), 'utf8');
    // .env.example as a user would copy it, with the credentials of the local server.
    const envFile = example
      .replace(/^POSTGRES_USER=.*$/m, `POSTGRES_USER=${local.username}`)
      .replace(/^POSTGRES_DB=.*$/m, `POSTGRES_DB=${local.pathname.slice(1)}`);
    await writeFile(join(folder, '.env'), envFile);
    const { stdout } = await run(
      'docker-compose',
      [
        '--project-directory',
        projectRoot,
        '--env-file',
        join(folder, '.env'),
        '-f',
        join(projectRoot, 'docker-compose.yml'),
        'config',
      ],
      { env: testEnvironment({}) },
    );
    compose = parse(stdout) as ComposeFile;
  });
  afterAll(async () => {
    await store?.remove();
    await rm(folder, { recursive: true, force: true });
  });

  /** The compose network's `db` host is the local server here. */
  function localEnvironment(service: ComposeService): Record<string, string> {
    const environment = { ...(service.environment ?? {}) };
    if (environment.DATABASE_URL) {
      const url = new URL(environment.DATABASE_URL);
      expect(url.hostname).toBe('db');
      url.hostname = '127.0.0.1';
      environment.DATABASE_URL = url.toString();
    }
    return environment;
  }

  it('orders the services: db healthy, then the pipeline, then web after the pipeline succeeded', () => {
    const { db, pipeline, web } = compose.services;
    expect(db?.healthcheck?.test?.join(' ')).toContain('pg_isready');
    expect(pipeline?.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(web?.depends_on).toEqual({ pipeline: { condition: 'service_completed_successfully' } });
  });

  it('runs the pipeline job and then serves the dashboard from what it stored', async () => {
    const { pipeline, web } = compose.services;
    // The image's working directory holds bin/perx.js, as the project root does here.
    const [shell, ...shellArgs] = [...(pipeline?.entrypoint ?? []), ...(pipeline?.command ?? [])];
    expect(shell).toBe('sh');
    const job = await run(shell!, shellArgs, {
      cwd: projectRoot,
      env: testEnvironment(localEnvironment(pipeline!)),
    });
    expect(job.stdout).toMatch(/http_log\.txt\s+16,000\s+16,000/);

    // The image's entrypoint is `node bin/perx.js`; the web service's command follows it. Port 5000
    // may be taken on a developer's machine, so only the port changes.
    const webArgs = [...(web?.command ?? [])];
    const portIndex = webArgs.indexOf('--port');
    expect(webArgs.slice(0, 3)).toEqual(['serve', '--host', '0.0.0.0']);
    webArgs[portIndex + 1] = '0';
    const server = await startPerx(webArgs, { entry: 'bin', env: localEnvironment(web!) });
    try {
      const port = new URL(server.url).port;
      const status = (await (await fetch(`http://127.0.0.1:${port}/api/status`)).json()) as {
        last_ingest_run: { outcome: string };
        last_report_runs?: unknown;
      };
      expect(status.last_ingest_run.outcome).toBe('succeeded');
      const sessions = (await (await fetch(`http://127.0.0.1:${port}/api/sessions?limit=1`)).json()) as {
        total: number;
      };
      expect(sessions.total).toBe(7377);
    } finally {
      expect((await server.stop('SIGTERM')).code).toBe(0);
    }
  });
});

describe.runIf(composeAvailable)('docker-compose deployment on Citus (docker-compose.citus.yml)', () => {
  let citus: ComposeFile;
  let plain: ComposeFile;

  beforeAll(async () => {
    const resolve = async (file: string) => {
      const { stdout } = await run(
        'docker-compose',
        [
          '--project-directory',
          projectRoot,
          '--env-file',
          join(projectRoot, '.env.example'),
          '-f',
          join(projectRoot, file),
          'config',
        ],
        { env: testEnvironment({}) },
      );
      return parse(stdout) as ComposeFile;
    };
    citus = await resolve('docker-compose.citus.yml');
    plain = await resolve('docker-compose.yml');
  });

  const nodes = ['coordinator', 'worker-1', 'worker-2'];

  it('runs a coordinator and two workers of the citusdata/citus image, each with a health check', () => {
    for (const node of nodes) {
      const service = citus.services[node] as ComposeService & { image?: string };
      expect(service.image).toBe('citusdata/citus:13.2');
      expect(service.healthcheck?.test?.join(' ')).toContain('pg_isready');
    }
  });

  it('registers every node once all are healthy, before the pipeline, which web waits for', () => {
    const { cluster, pipeline, web } = citus.services;
    expect(cluster?.depends_on).toEqual(
      Object.fromEntries(nodes.map((node) => [node, { condition: 'service_healthy' }])),
    );
    const setup = cluster?.command?.join(' ') ?? '';
    expect(setup).toContain("citus_set_coordinator_host('coordinator', 5432)");
    for (const worker of nodes.slice(1)) expect(setup).toContain(`citus_add_node('${worker}', 5432)`);
    expect(pipeline?.depends_on).toEqual({ cluster: { condition: 'service_completed_successfully' } });
    expect(web?.depends_on).toEqual({ pipeline: { condition: 'service_completed_successfully' } });
  });

  it('points perx at the coordinator, with the commands the PostgreSQL deployment runs', () => {
    for (const name of ['pipeline', 'web']) {
      const service = citus.services[name];
      expect(new URL(service?.environment?.DATABASE_URL ?? '').host).toBe('coordinator:5432');
      // The same commands as docker-compose.yml, which the wiring test above runs against a server.
      expect([service?.entrypoint, service?.command]).toEqual([
        plain.services[name]?.entrypoint,
        plain.services[name]?.command,
      ]);
    }
  });
});
