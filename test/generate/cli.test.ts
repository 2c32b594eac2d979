import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGenerateFlags } from '../../src/cli/generate.js';
import { UsageError } from '../../src/errors.js';
import { runPerx } from '../support/perx-cli.js';

// What commander hands over when only the required flags are given.
const defaults = { campaigns: '100', seed: '1', start: '2019-08-26', days: '14' };
const required = { out: 'out', users: '10', requests: '100' };

describe('perx generate flags', () => {
  it('reads counts with underscores, and a start day or an instant with its zone', () => {
    expect(
      parseGenerateFlags({
        ...defaults,
        out: 'big',
        users: '200_000',
        requests: '10000000',
        start: '2019-08-26T08:00:00+08:00',
        force: true,
      }),
    ).toEqual({
      out: 'big',
      users: 200_000,
      requests: 10_000_000,
      campaigns: 100,
      seed: 1,
      startSeconds: Date.UTC(2019, 7, 26) / 1000,
      days: 14,
      overwrite: true,
    });
    expect(parseGenerateFlags({ ...defaults, ...required, start: '2020-02-29' })).toMatchObject({
      startSeconds: Date.UTC(2020, 1, 29) / 1000,
      overwrite: false,
    });
  });

  it.each([
    [{ users: '0' }, '--users 0: must be at least 1'],
    [{ requests: '1e7' }, '--requests 1e7: must be a whole number'],
    [{ requests: '-5' }, '--requests -5: must be a whole number'],
    [{ users: '101' }, '--users 101: cannot exceed --requests'],
    [{ campaigns: '100001' }, '--campaigns 100001: must be at most 100,000'],
    [{ seed: '4294967296' }, '--seed 4294967296: must be below 2^32'],
    [{ start: '2019-02-30' }, '--start 2019-02-30: is not a calendar date'],
    [{ start: '2019-08-26 10:00' }, '--start 2019-08-26 10:00: must be a date like 2019-08-26'],
    [{ start: '1970-06-01' }, '--start 1970-06-01: must be in 1971 or later'],
    [{ days: '0' }, '--days 0: must be at least 1'],
    [{ out: '' }, '--out : must name a folder'],
  ])('refuses %o as bad usage', (flags, message) => {
    const parse = () => parseGenerateFlags({ ...defaults, ...required, ...flags });
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });
});

describe('perx generate', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'perx-generate-cli-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the data set, refuses to overwrite it, and overwrites it identically with --force', async () => {
    const out = join(root, 'set');
    const args = ['generate', '--out', out, '--users', '40', '--requests', '1000', '--campaigns', '5'];
    const first = await runPerx([...args, '--seed', '9']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^http_log\.txt +1000 rows +\d+ bytes$/m);
    expect(first.stdout).toMatch(/^campaign\.csv +5 rows/m);
    const sums = await readFile(join(out, 'SHA256SUMS'), 'utf8');

    const again = await runPerx([...args, '--seed', '9']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${join(out, 'campaign.csv')} already exists`);

    const forced = await runPerx([...args, '--seed', '9', '--force']);
    expect(forced.code).toBe(0);
    expect(await readFile(join(out, 'SHA256SUMS'), 'utf8')).toBe(sums);
  });

  it('exits 2 on a bad value and on a missing flag', async () => {
    const bad = await runPerx([
      'generate',
      '--out',
      join(root, 'bad'),
      '--users',
      'many',
      '--requests',
      '10',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--users many: must be a whole number');
    const missing = await runPerx(['generate', '--users', '1', '--requests', '1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--out <folder>'");
  });
});
