import { expect, it } from 'vitest';
import { encodeCopyRow } from '../../src/db/copy-text.js';
import { migrate } from '../../src/db/migrate.js';
import { describeEachEngine } from '../support/engines.js';

function* copyLines(count: number): Iterable<string> {
  for (let i = 0; i < count; i++) yield encodeCopyRow([i, i % 3 === 0 ? null : `tab\there\\ ${i}\nnewline`]);
}

describeEachEngine('database layer', ({ database, engine }) => {
  it('reports its engine and runs every session in UTC', async () => {
    expect(database().engine).toBe(engine);
    const [row] = await database().query<{ zone: string }>(`SELECT current_setting('TimeZone') AS zone`);
    expect(row?.zone).toBe('UTC');
  });

  it('returns int8, numeric and int8[] as numbers on both engines', async () => {
    const rows = await database().query(
      'SELECT $1::int8 AS id, round(2::numeric / 3, 2) AS ratio, ARRAY[7993, 11]::int8[] AS ids',
      [2000020076516],
    );
    expect(rows).toEqual([{ id: 2000020076516, ratio: 0.67, ids: [7993, 11] }]);
  });

  it('returns every int8[] exactly: empty, negative, beyond 2^53, with NULLs, nested', async () => {
    const [row] = await database().query(
      `SELECT '{}'::int8[] AS empty, '{-1,0,9007199254740991,9007199254740993}'::int8[] AS plain,
              ARRAY[1, NULL, -9223372036854775808]::int8[] AS nulls, '{{1,2},{3,-4}}'::int8[] AS nested`,
    );
    expect(row).toEqual({
      empty: [],
      plain: [-1, 0, 9007199254740991, 9007199254740993n],
      nulls: [1, null, -9223372036854775808n],
      nested: [
        [1, 2],
        [3, -4],
      ],
    });
  });

  it('copies escaped text rows in and streams them out in order', async () => {
    await database().execute('CREATE TABLE copy_probe (n integer, label text)');
    expect(await database().copyFrom('copy_probe', ['n', 'label'], copyLines(5000))).toBe(5000);
    let seen = 0;
    for await (const row of database().stream<{ n: number; label: string | null }>(
      'SELECT n, label FROM copy_probe WHERE n >= $1 ORDER BY n',
      [1],
      700,
    )) {
      expect(row.n).toBe(seen + 1);
      expect(row.label).toBe(row.n % 3 === 0 ? null : `tab\there\\ ${row.n}\nnewline`);
      seen++;
      // Other queries may run while a stream is open.
      if (seen % 1000 === 0) await database().query('SELECT 1');
    }
    expect(seen).toBe(4999);
    await database().execute('DROP TABLE copy_probe');
  });

  it('rolls a failed transaction back, copies included', async () => {
    await database().execute('CREATE TABLE rollback_probe (n integer, label text)');
    await expect(
      database().transaction(async (tx) => {
        await tx.copyFrom('rollback_probe', ['n', 'label'], copyLines(10));
        await tx.query('INSERT INTO rollback_probe VALUES (99, NULL)');
        throw new Error('stop here');
      }),
    ).rejects.toThrow('stop here');
    expect(await database().query('SELECT count(*)::int AS n FROM rollback_probe')).toEqual([{ n: 0 }]);
    await database().execute('DROP TABLE rollback_probe');
  });

  it('applies migrations once', async () => {
    expect(await migrate(database())).toEqual([]);
    const tables = await database().query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'campaign',
        'reward_campaign',
        'reward_transaction',
        'campaign_reward_mapping',
        'http_log',
        'ingest_run',
        'ingest_reject',
      ]),
    );
  });
});
