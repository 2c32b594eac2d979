import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, testEngines, type TestStore } from '../support/engines.js';
import { runPerx } from '../support/perx-cli.js';

/** `perx config` names the engine the configuration points at; test/citus checks a Citus cluster. */
describe('perx config', () => {
  let refusing: Server;
  let refusingPort: number;
  let store: TestStore | undefined;

  beforeAll(async () => {
    // A port that accepts and at once closes connections: a server that does not answer as PostgreSQL.
    refusing = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    refusingPort = (refusing.address() as { port: number }).port;
    if (testEngines.includes('postgres')) store = await createTestStore('postgres');
  });

  afterAll(async () => {
    await new Promise((resolve) => refusing.close(resolve));
    await store?.remove();
  });

  const engineLine = async (env: Record<string, string>) => {
    const { code, stdout } = await runPerx(['config'], { env });
    expect(code).toBe(0);
    return /^ENGINE\s+(.*)$/m.exec(stdout)?.[1];
  };

  it('says PGlite without DATABASE_URL, without opening the folder', async () => {
    expect(await engineLine({ DATABASE_URL: '', PERX_DATA_DIR: '/nonexistent/perx' })).toBe('PGlite');
  });

  it.runIf(testEngines.includes('postgres'))('says PostgreSQL for a single server', async () => {
    expect(await engineLine({ DATABASE_URL: store?.settings.databaseUrl ?? '' })).toBe('PostgreSQL');
  });

  it('says why it cannot tell when the server does not answer, the password masked', async () => {
    const line = await engineLine({ DATABASE_URL: `postgres://perx:secret@127.0.0.1:${refusingPort}/perx` });
    expect(line).toMatch(/^unknown: the server did not answer \(.+\)$/);
    expect(line).not.toContain('secret');
  });
});
