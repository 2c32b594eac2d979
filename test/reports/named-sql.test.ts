import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { compileNamedSql, readReportSource } from '../../src/reports/named-sql.js';

describe('named SQL parameters', () => {
  it('numbers names by first use, binds a repeated name once, and leaves casts alone', () => {
    const sql = compileNamedSql('SELECT :b::int + :a::int, :b::text', 'probe.sql');
    expect(sql.text).toBe('SELECT $1::int + $2::int, $1::text');
    expect(sql.names).toEqual(['b', 'a']);
    expect(sql.bind({ a: 1, b: 2 })).toEqual([2, 1]);
  });

  it('ignores colons inside strings, quoted identifiers, comments and dollar quotes', () => {
    const source = [
      `SELECT to_char(now(), 'HH24:MI:SS') AS ":not_a_name"`,
      `-- a comment with :nothing`,
      `/* a block with :nothing /* nested :nothing */ */`,
      `, $$ body :nothing $$, $tag$ :nothing $tag$, 'it''s :nothing', :real`,
    ].join('\n');
    const sql = compileNamedSql(source);
    expect(sql.names).toEqual(['real']);
    expect(sql.text).toBe(source.replace(':real', '$1'));
  });

  it('refuses missing and unknown names, and binds undefined as null', () => {
    const sql = compileNamedSql('SELECT :a, :b', 'probe.sql');
    expect(() => sql.bind({ a: 1 })).toThrow('probe.sql needs a value for :b');
    expect(() => sql.bind({ a: 1, b: 2, c: 3 })).toThrow('probe.sql has no parameter :c');
    expect(sql.bind({ a: undefined, b: null })).toEqual([null, null]);
  });

  it('puts an included file in place of its #include line, includes within includes too', async () => {
    const steps = await readFile(new URL('../../src/reports/session-steps.sql', import.meta.url), 'utf8');
    const totals = await readFile(new URL('../../src/reports/campaign-totals.sql', import.meta.url), 'utf8');
    const campaigns = await readReportSource('campaigns.sql');
    expect(campaigns).not.toMatch(/^#include/m);
    expect(campaigns).toContain(steps.trimEnd());
    expect(campaigns).toContain(totals.trimEnd());
    expect(compileNamedSql(campaigns).names).toEqual(['from_local', 'tz', 'gap_seconds', 'to_local_end']);
  });
});
