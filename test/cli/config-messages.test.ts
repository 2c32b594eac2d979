import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

/** A message names the variable or the flag the value came from, and says what is expected in words. */
describe('configuration messages', () => {
  it.each([
    [{}, { PORT: 'abc' }, 'invalid configuration: PORT: must be a whole number from 0 to 65535'],
    [
      { port: '99999' },
      { PORT: '80' },
      'invalid configuration: --port: must be a whole number from 0 to 65535',
    ],
    [{}, { PERX_DB_POOL: '0' }, 'invalid configuration: PERX_DB_POOL: must be a whole number from 1 to 100'],
    [{}, { PERX_MAX_SHRINK: '2' }, 'invalid configuration: PERX_MAX_SHRINK: must be a number from 0 to 1'],
    [
      { timeZone: 'Mars/Olympus' },
      {},
      'invalid configuration: --tz: unknown time zone "Mars/Olympus": use an IANA name like Asia/Singapore',
    ],
    [{ dataDir: '' }, {}, 'invalid configuration: --data-dir: must name a folder'],
    [
      {},
      { DATABASE_URL: 'mysql://root:secret@db/perx', PORT: '-1' },
      'invalid configuration: DATABASE_URL: must be a postgres:// or postgresql:// URL; PORT: must be a whole number from 0 to 65535',
    ],
  ])('%j with %j', (overrides, env, message) => {
    expect(() => loadConfig(overrides, env)).toThrow(message);
    // The value itself is never repeated: it may hold a password.
    expect(() => loadConfig(overrides, env)).not.toThrow(/secret/);
  });
});
