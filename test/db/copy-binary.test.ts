import { expect, it } from 'vitest';
import { BinaryTupleWriter } from '../../src/db/copy-binary.js';
import { describeEachEngine } from '../support/engines.js';

interface ProbeRow {
  n: number;
  big: number;
  label: string;
  at: string;
}

/** Rows that reach the edges: negative and large numbers, every kind of text, times before 2000 and far from it. */
const probeRows: { n: number; big: number; label: string; epochMs: number; micro: number; at: string }[] = [
  { n: 0, big: 0, label: '', epochMs: Date.UTC(2000, 0, 1), micro: 0, at: '2000-01-01T00:00:00.000000Z' },
  {
    n: -2147483648,
    big: -Number.MAX_SAFE_INTEGER,
    label: 'tab\there, back\\slash, new\nline, é, 😀',
    epochMs: Date.UTC(1999, 11, 31, 23, 59, 59, 999),
    micro: 999,
    at: '1999-12-31T23:59:59.999999Z',
  },
  {
    n: 2147483647,
    big: Number.MAX_SAFE_INTEGER,
    label: '2000020076516',
    epochMs: Date.UTC(2019, 7, 27, 0, 7, 5),
    micro: 1,
    at: '2019-08-27T00:07:05.000001Z',
  },
  {
    n: 7,
    big: 4294967296,
    label: 'far future: beyond a double of microseconds',
    epochMs: Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    micro: 999,
    at: '9999-12-31T23:59:59.999999Z',
  },
  {
    n: 8,
    big: -4294967297,
    label: 'far past',
    epochMs: new Date('0001-01-01T00:00:00Z').getTime(),
    micro: 0,
    at: '0001-01-01T00:00:00.000000Z',
  },
];

describeEachEngine('binary COPY', ({ database }) => {
  it('loads int4, int8, text and timestamptz exactly, in chunks cut between tuples', async () => {
    await database().execute(
      'CREATE TABLE binary_probe (n integer, big bigint, label text, at timestamptz, seq integer)',
    );
    const chunks: Buffer[] = [];
    const writer = new BinaryTupleWriter(64);
    let seq = 0;
    for (let copy = 0; copy < 50; copy++) {
      for (const row of probeRows) {
        writer.beginTuple(5);
        writer.int4(row.n);
        writer.int8(row.big);
        writer.text(row.label);
        writer.timestamptz(row.epochMs, row.micro);
        writer.int4(seq++);
        const chunk = writer.takeFull();
        if (chunk) chunks.push(chunk);
      }
    }
    const last = writer.take();
    if (last) chunks.push(last);
    expect(chunks.length).toBeGreaterThan(10);
    const columns = ['n', 'big', 'label', 'at', 'seq'];
    expect(await database().copyBinaryFrom('binary_probe', columns, chunks)).toBe(250);
    const rows = await database().query<ProbeRow & { seq: number }>(
      `SELECT n, big, label, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, seq
       FROM binary_probe ORDER BY seq`,
    );
    expect(rows).toHaveLength(250);
    expect(rows.map(({ n, big, label, at }) => ({ n, big, label, at }))).toEqual(
      Array.from({ length: 50 }, () =>
        probeRows.map(({ n, big, label, at }) => ({ n, big, label, at })),
      ).flat(),
    );
    await database().execute('DROP TABLE binary_probe');
  });

  it('rolls a failed binary COPY back with its transaction', async () => {
    await database().execute('CREATE TABLE binary_rollback (n integer NOT NULL)');
    const writer = new BinaryTupleWriter();
    writer.beginTuple(1);
    writer.int4(1);
    const tuples = writer.take()!;
    await expect(
      database().transaction(async (tx) => {
        await tx.copyBinaryFrom('binary_rollback', ['n'], [tuples]);
        throw new Error('stop here');
      }),
    ).rejects.toThrow('stop here');
    expect(await database().query('SELECT count(*)::int AS n FROM binary_rollback')).toEqual([{ n: 0 }]);
    await database().execute('DROP TABLE binary_rollback');
  });

  it('refuses an int8 that a double does not hold exactly', () => {
    const writer = new BinaryTupleWriter();
    expect(() => writer.int8(2 ** 53)).toThrow(RangeError);
  });
});
