import type { Command } from 'commander';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { UsageError } from '../errors.js';
import { isoInZone, outputFormats } from '../output/index.js';
import {
  campaignColumns,
  campaignParamsSchema,
  campaignPerformance,
  computeAllReports,
  engagementColumns,
  engagementParamsSchema,
  engagementPeaks,
  maxSessionJobs,
  type ReportRun,
  sessionColumns,
  sessionParamsSchema,
  sessionRows,
  sessionSorts,
  timeZoneParam,
  weeklyColumns,
  weeklyParamsSchema,
  weeklyRedemptions,
} from '../reports/index.js';
import { sessionGapParam } from '../reports/params.js';
import { addDatabaseOptions, configFromFlags, withDatabase } from './context.js';
import { refuseExisting } from './output-file.js';
import { chooseFormat, emit, type Output } from './report-output.js';

interface CommonFlags {
  databaseUrl?: string;
  dataDir?: string;
  tz?: string;
  format?: string;
  out?: string;
  force?: boolean;
}

/** The flag each parameter comes from, so a message names what the user typed. */
const flagNames: Readonly<Record<string, string>> = {
  tz: '--tz',
  from: '--from',
  to: '--to',
  campaign: '--campaign',
  reward: '--reward',
  weekStart: '--week-start',
  gap: '--gap',
  jobs: '--jobs',
  user: '--user',
  driven: '--driven-only',
  sort: '--sort',
  limit: '--limit',
  offset: '--offset',
};

function parseFlags<Schema extends z.ZodType>(schema: Schema, input: object): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new UsageError(
    parsed.error.issues
      .map((issue) => {
        const key = String(issue.path[0] ?? '');
        return `${flagNames[key] ?? key}: ${issue.message}`;
      })
      .join('; '),
  );
}

/** Flags every report shares: the database, the reporting zone, and where and how rows go out. */
function reportCommand(parent: Command, name: string, description: string): Command {
  return addDatabaseOptions(
    parent
      .command(name)
      .description(description)
      .option('--tz <zone>', 'reporting time zone, an IANA name (env PERX_TZ, default Asia/Singapore)')
      .option(
        '--format <format>',
        `output format: ${outputFormats.join(', ')} (default: table on a terminal, else csv)`,
      )
      .option('--out <file>', 'write to a file instead of stdout (format from its extension unless --format)')
      .option('--force', 'overwrite the --out file if it exists'),
  );
}

const rangeHelp = {
  from: 'start of the range: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], local to --tz, included',
  to: 'end of the range, local to --tz, included (a date means through the end of that day)',
};

/**
 * Checks every flag before the database opens, so a typo fails fast: the report's parameters (the zone
 * defaulting to PERX_TZ), then the output. Runs the report with the parsed parameters.
 */
async function runReport<Flags extends CommonFlags, Schema extends z.ZodType<{ tz: string }>>(
  flags: Flags,
  schema: Schema,
  report: (database: Database, params: z.output<Schema>, output: Output) => Promise<void>,
): Promise<void> {
  const config = configFromFlags({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir });
  const params = parseFlags(schema, { ...flags, tz: flags.tz ?? config.timeZone });
  const output = {
    format: chooseFormat(flags.format, flags.out, process.stdout.isTTY === true),
    out: flags.out,
    timeZone: params.tz,
  };
  if (flags.out !== undefined) await refuseExisting(flags.out, flags.force === true);
  await withDatabase(config, (database) => report(database, params, output));
}

/** What an incremental recompute of the sessions covered, for the summary of `report all`. */
function recomputedNote(run: ReportRun): string {
  if (run.computation?.mode !== 'incremental') return '';
  const { users, sessions_replaced: replaced, sessions_stored: stored } = run.computation;
  return `; brought up to date: ${String(users)} users with new requests, ${String(replaced)} sessions replaced by ${String(stored)}`;
}

export function registerReportCommands(program: Command): void {
  const report = program
    .command('report')
    .description('compute a report from the loaded data and print it, or compute and store all of them');

  reportCommand(report, 'engagement', 'busiest local date and hour of reward transactions, per campaign')
    .option('--from <moment>', rangeHelp.from)
    .option('--to <moment>', rangeHelp.to)
    .option('--campaign <id>', 'only this campaign')
    .action((flags: CommonFlags & { from?: string; to?: string; campaign?: string }) =>
      runReport(flags, engagementParamsSchema, (database, params, output) =>
        emit(engagementPeaks(database, params), engagementColumns, output),
      ),
    );

  reportCommand(report, 'weekly', 'redeemed rewards per week, against the previous calendar week')
    .option('--from <date>', 'first week shown: the one containing this local date')
    .option('--to <date>', 'last week shown: the one containing this local date')
    .option('--week-start <day>', 'monday or sunday', 'monday')
    .action((flags: CommonFlags & { from?: string; to?: string; weekStart?: string }) =>
      runReport(flags, weeklyParamsSchema, (database, params, output) =>
        emit(weeklyRedemptions(database, params), weeklyColumns, output),
      ),
    );

  reportCommand(report, 'sessions', 'HTTP sessions per user, with the rewards their campaign views drove')
    .option('--gap <seconds>', 'a gap this long or longer starts a new session', '300')
    .option('--from <moment>', `${rangeHelp.from}; filters session_start`)
    .option('--to <moment>', `${rangeHelp.to}; filters session_start`)
    .option('--user <id>', 'only this user')
    .option('--campaign <id>', 'only sessions with a view of this campaign')
    .option('--reward <id>', 'only sessions that issued this reward')
    .option(
      '--driven-only',
      'only sessions with a reward driven by a campaign view (with --campaign: by a view of that campaign; with --reward: an issue of that reward)',
    )
    .option(
      '--sort <key>',
      `order: ${sessionSorts.filter((s) => !s.startsWith('-')).join(', ')}; prefix - for descending`,
    )
    .option('--limit <n>', 'at most this many sessions (up to 1000)')
    .option('--offset <n>', 'skip this many sessions first')
    .action(
      (
        flags: CommonFlags & {
          gap?: string;
          from?: string;
          to?: string;
          user?: string;
          campaign?: string;
          reward?: string;
          drivenOnly?: boolean;
          sort?: string;
          limit?: string;
          offset?: string;
        },
      ) =>
        runReport(
          { ...flags, driven: flags.drivenOnly === true },
          sessionParamsSchema,
          (database, params, output) => emit(sessionRows(database, params), sessionColumns, output),
        ),
    );

  reportCommand(report, 'campaigns', 'per campaign: views, viewers, sessions, driven issues and conversion')
    .option('--from <moment>', `${rangeHelp.from}; filters session_start`)
    .option('--to <moment>', `${rangeHelp.to}; filters session_start`)
    .option('--gap <seconds>', 'the session gap, as for sessions', '300')
    .action((flags: CommonFlags & { from?: string; to?: string; gap?: string }) =>
      runReport(flags, campaignParamsSchema, (database, params, output) =>
        emit(campaignPerformance(database, params), campaignColumns, output),
      ),
    );

  addDatabaseOptions(
    report
      .command('all')
      .description('compute all four reports with default parameters and store them for the dashboard')
      .option('--tz <zone>', 'reporting time zone, an IANA name (env PERX_TZ, default Asia/Singapore)')
      .option('--gap <seconds>', 'the session gap', '300')
      .option(
        '--jobs <n>',
        `connections computing sessions at once on a PostgreSQL server (1 to ${maxSessionJobs}; default: one per core)`,
      )
      .option(
        '--full',
        'compute every report again, even when the stored ones can be brought up to date or still stand',
      ),
  ).action(async (flags: CommonFlags & { gap?: string; jobs?: string; full?: boolean }) => {
    const config = configFromFlags({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir });
    const { tz, gap, jobs } = parseFlags(
      z.object({
        tz: timeZoneParam,
        gap: sessionGapParam,
        jobs: z.coerce
          .number({ error: `expected a whole number from 1 to ${maxSessionJobs}` })
          .int(`expected a whole number from 1 to ${maxSessionJobs}`)
          .min(1, `expected a whole number from 1 to ${maxSessionJobs}`)
          .max(maxSessionJobs, `expected a whole number from 1 to ${maxSessionJobs}`)
          .optional(),
      }),
      { tz: flags.tz ?? config.timeZone, gap: flags.gap, jobs: flags.jobs },
    );
    // Progress for someone watching: on a terminal only, on stderr, so the summary on stdout stays as it is.
    const onPhase = process.stderr.isTTY ? (line: string) => console.error(line) : undefined;
    const runs = await withDatabase(config, (database) =>
      computeAllReports(database, { tz, gap, jobs, full: flags.full === true, onPhase }),
    );
    const width = Math.max(...runs.map((run) => String(run.row_count).length));
    for (const run of runs) {
      console.log(
        `${run.report.padEnd(10)} ${String(run.row_count).padStart(width)} rows ${String(run.duration_ms).padStart(6)} ms  (report run ${run.id}${recomputedNote(run)})`,
      );
    }
    const [first] = runs;
    if (first) {
      console.log(
        `computed at ${isoInZone(first.computed_at, tz)} from ${first.ingest_run_id === null ? 'no ingest (the tables are empty)' : `ingest run ${first.ingest_run_id}`}`,
      );
    }
  });
}
