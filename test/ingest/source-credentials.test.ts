import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { maskCredentials } from '../../src/config/credentials.js';
import { loadMigrations } from '../../src/db/migrate.js';
import { ingest } from '../../src/ingest/load.js';
import { createApp } from '../../src/web/app.js';
import { describeEachEngine } from '../support/engines.js';
import { runPerx } from '../support/perx-cli.js';
import { closedPort, startLfsTestServer, type LfsTestServer } from './sources/lfs-test-server.js';
import { readRealDataset } from './sources/real-dataset.js';

/**
 * A source URL's credentials reach the server they are for, and nothing else: not ingest_run, not the
 * status API or the overview, not an error message. Both forms: user:password, and a lone token.
 */
const password = 'pa55-w0rd-s3cret';
const token = 'ghp_T0kenValue1234567890';

let server: LfsTestServer;
let cacheDir: string;
beforeAll(async () => {
  const dataset = await readRealDataset();
  server = await startLfsTestServer({ files: dataset.content });
  cacheDir = await mkdtemp(join(tmpdir(), 'perx-credentials-'));
});
afterAll(async () => {
  await server?.close();
  await rm(cacheDir, { recursive: true, force: true });
});

it('masks a password and keeps the user name; masks a lone https user name (a token) whole', () => {
  expect(maskCredentials(`https://reader:${password}@example.com/repo.git`)).toBe(
    'https://reader:****@example.com/repo.git',
  );
  expect(maskCredentials(`clone https://${token}@github.com/o/r.git failed`)).toBe(
    'clone https://****@github.com/o/r.git failed',
  );
  expect(maskCredentials(`postgres://perx:${password}@db:5432/perx`)).toBe(
    'postgres://perx:****@db:5432/perx',
  );
  expect(maskCredentials('ssh://git@github.com/o/r.git')).toBe('ssh://git@github.com/o/r.git');
  expect(maskCredentials('/data/perx and http://example.com/x')).toBe('/data/perx and http://example.com/x');
});

describeEachEngine('source credentials', ({ database }) => {
  async function expectNoSecretShown(): Promise<void> {
    const app = createApp({ database: database(), config: loadConfig({}, {}) });
    for (const path of ['/api/status', '/', '/api/rejects']) {
      const body = await (await app.request(path)).text();
      expect(body, path).not.toContain(password);
      expect(body, path).not.toContain(token);
    }
    const runs = await database().query<{ source: string; error: string | null }>(
      'SELECT source, error FROM ingest_run',
    );
    for (const run of runs) {
      expect(`${run.source} ${run.error ?? ''}`).not.toContain(password);
      expect(`${run.source} ${run.error ?? ''}`).not.toContain(token);
    }
  }

  it('stores and shows a successful source with user:password masked', async () => {
    const source = `${server.url}/files/`.replace('http://', `http://reader:${password}@`);
    const summary = await ingest(database(), { source, cacheDir });
    expect(summary.source).toBe(`${server.url}/files/`.replace('http://', 'http://reader:****@'));
    const [run] = await database().query<{ source: string }>('SELECT source FROM ingest_run WHERE id = $1', [
      summary.runId,
    ]);
    expect(run?.source).toBe(summary.source);
    await expectNoSecretShown();
  });

  it('stores a failed source and its error with a token masked', async () => {
    const source = `http://${token}@127.0.0.1:${await closedPort()}/files/`;
    const failure = await ingest(database(), { source, cacheDir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).not.toContain(token);
    const [run] = await database().query<{ source: string; outcome: string; error: string }>(
      'SELECT source, outcome, error FROM ingest_run ORDER BY id DESC LIMIT 1',
    );
    expect(run).toMatchObject({ outcome: 'failed', source: maskCredentials(source) });
    expect(run?.source).toContain('http://****@127.0.0.1');
    await expectNoSecretShown();
  });

  it('masks the credentials of runs stored before, once migrated', async () => {
    const [legacy] = await database().query<{ id: number }>(
      `INSERT INTO ingest_run (source, outcome, error) VALUES ($1, 'failed', $2) RETURNING id`,
      [
        `https://reader:${password}@example.com/repo.git`,
        `git could not clone https://${token}@example.com/other.git: denied`,
      ],
    );
    const migration = (await loadMigrations()).find(
      (candidate) => candidate.name === '005-mask-source-credentials.sql',
    );
    if (!migration) throw new Error('migration 005 is missing');
    await database().execute(migration.sql);
    const [run] = await database().query<{ source: string; error: string }>(
      'SELECT source, error FROM ingest_run WHERE id = $1',
      [legacy?.id],
    );
    expect(run).toEqual({
      source: 'https://reader:****@example.com/repo.git',
      error: 'git could not clone https://****@example.com/other.git: denied',
    });
    await expectNoSecretShown();
  });
});

it('never prints the credentials in a CLI error', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'perx-credentials-cli-'));
  try {
    const source = `https://${token}@127.0.0.1:${await closedPort()}/repo.git`;
    const result = await runPerx(['ingest', '--source', source], {
      env: { PERX_DATA_DIR: join(folder, 'db'), DATABASE_URL: '' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('https://****@127.0.0.1');
    expect(`${result.stdout}${result.stderr}`).not.toContain(token);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
