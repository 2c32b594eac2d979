import { parseArgs } from 'node:util';
import { z } from 'zod';
import { duckdbFormulations } from './duckdb-formulations.js';

/** The flags of `npm run bench -- ...`, validated. */
export interface BenchOptions {
  requests: number;
  users: number;
  skipPglite: boolean;
  skipPandas: boolean;
  /** The DuckDB formulations of bench/duckdb/ to run (default all of them); the anchor is chosen among them. */
  duckdb: string[];
  /** Also on a Citus cluster of a coordinator and two workers started on this machine (citus-run.ts). */
  citus: boolean;
  /** Keep the scratch database and the PGlite folder afterwards (the generated data set is always kept). */
  keep: boolean;
  /** Runs of each measurement but PGlite and Citus (the slow ones); the fastest of each counts. */
  repeat: number;
  /** The maintenance database of the server: the scratch database is created and dropped through it. */
  adminUrl: string;
  /** How long autocannon reads each variant of the sessions endpoint (api-latency.ts). */
  apiSeconds: number;
}

const count = z
  .string()
  .regex(/^\d+(_\d+)*$/, 'must be a whole number')
  .transform((text) => Number(text.replaceAll('_', '')))
  .pipe(z.number().int().min(1));

const flagsSchema = z.object({
  requests: count.default(1_000_000),
  users: count.optional(),
  repeat: count.pipe(z.number().max(10)).default(1),
  'skip-pglite': z.boolean().default(false),
  'skip-pandas': z.boolean().default(false),
  duckdb: z
    .string()
    .transform((text) => text.split(',').map((name) => name.trim()))
    .pipe(
      z
        .array(
          z.enum(duckdbFormulations as [string, ...string[]], { message: 'names a file of bench/duckdb/' }),
        )
        .min(1),
    )
    .optional(),
  citus: z.boolean().default(false),
  keep: z.boolean().default(false),
  'admin-url': z.string().url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  'api-seconds': count.pipe(z.number().max(600)).default(20),
});

export const usage = `npm run bench -- [--requests N] [--users N] [--repeat N] [--skip-pglite] [--skip-pandas] [--duckdb NAMES] [--citus] [--keep] [--admin-url URL] [--api-seconds N]

  --requests N    lines of the generated log (default 1000000)
  --users N       distinct users (default requests / 10)
  --repeat N      runs of psql \\copy, perx ingest into PostgreSQL, each DuckDB formulation, perx report all
                  and pandas; the fastest of each counts (default 1)
  --skip-pglite   leave out perx ingest into PGlite (slow for large logs)
  --skip-pandas   leave out the pandas sessionization
  --duckdb NAMES  only these DuckDB formulations, comma-separated file names of bench/duckdb/ without .sql
                  (default all: ${duckdbFormulations.join(', ')})
  --citus         also perx ingest and report all on a local Citus cluster (a coordinator, two workers)
  --keep          keep the scratch database and the PGlite folder
  --admin-url     the server's maintenance database (default postgres://postgres@127.0.0.1:5432/postgres)
  --api-seconds N autocannon's duration on each variant of the sessions endpoint (default 20)`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      requests: { type: 'string' },
      users: { type: 'string' },
      repeat: { type: 'string' },
      'skip-pglite': { type: 'boolean' },
      'skip-pandas': { type: 'boolean' },
      duckdb: { type: 'string' },
      citus: { type: 'boolean' },
      keep: { type: 'boolean' },
      'admin-url': { type: 'string' },
      'api-seconds': { type: 'string' },
    },
    strict: true,
  });
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join('.')} ${issue.message}`);
    throw new Error(`${problems.join('; ')}\n\n${usage}`);
  }
  const flags = parsed.data;
  const users = flags.users ?? Math.max(1, Math.floor(flags.requests / 10));
  if (users > flags.requests) throw new Error(`--users ${users} cannot exceed --requests ${flags.requests}`);
  return {
    requests: flags.requests,
    users,
    repeat: flags.repeat,
    skipPglite: flags['skip-pglite'],
    skipPandas: flags['skip-pandas'],
    duckdb: flags.duckdb ?? [...duckdbFormulations],
    citus: flags.citus,
    keep: flags.keep,
    adminUrl: flags['admin-url'],
    apiSeconds: flags['api-seconds'],
  };
}
