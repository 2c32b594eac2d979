import type { Command } from 'commander';
import { z } from 'zod';
import { exportHttpLogAvro, exportSessionsAvro, type WrittenFile } from '../avro/index.js';
import { UsageError } from '../errors.js';
import { sessionParamsSchema } from '../reports/index.js';
import { addDatabaseOptions, configFromFlags, withDatabase } from './context.js';
import { printWritten, refuseExisting } from './output-file.js';

interface ExportFlags {
  databaseUrl?: string;
  dataDir?: string;
  format?: string;
  out?: string;
  force?: boolean;
}

interface SessionExportFlags extends ExportFlags {
  tz?: string;
  gap?: string;
  from?: string;
  to?: string;
  user?: string;
  drivenOnly?: boolean;
}

/** The flag each checked value comes from, so a message names what the user typed. */
const flagNames: Readonly<Record<string, string>> = {
  format: '--format',
  out: '--out',
  tz: '--tz',
  gap: '--gap',
  from: '--from',
  to: '--to',
  user: '--user',
  driven: '--driven-only',
};

function parseFlags<Schema extends z.ZodType>(
  schema: Schema,
  input: Record<string, unknown>,
): z.output<Schema> {
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

const fileFlagsSchema = z.object({
  format: z.enum(['avro'], { error: (issue) => `expected avro, got "${String(issue.input)}"` }),
  out: z.string().min(1, 'expected a file name'),
});

function exportCommand(parent: Command, name: string, description: string): Command {
  return addDatabaseOptions(parent.command(name).description(description))
    .option('--format <format>', 'file format: avro', 'avro')
    .requiredOption('--out <file>', 'file to write; it appears only once complete')
    .option('--force', 'overwrite the --out file if it exists');
}

/** Reports an export on stderr, timed from the open database to the complete file. */
function printExported(file: WrittenFile, began: number): void {
  printWritten({ path: file.path, count: file.records, noun: 'records', bytes: file.bytes }, began);
}

export function registerExportCommands(program: Command): void {
  const exportGroup = program
    .command('export')
    .description('write stored data to files for a warehouse: Avro, with the schemas in schemas/');

  exportCommand(exportGroup, 'http-log', 'the stored HTTP log, in file order (schemas/http_log.avsc)').action(
    async (flags: ExportFlags) => {
      const { out } = parseFlags(fileFlagsSchema, { format: flags.format, out: flags.out });
      const config = configFromFlags({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir });
      await refuseExisting(out, flags.force === true);
      await withDatabase(config, async (database) => {
        const began = performance.now();
        printExported(await exportHttpLogAvro(database, out), began);
      });
    },
  );

  exportCommand(exportGroup, 'sessions', 'the session report, by user and start (schemas/session.avsc)')
    .option('--tz <zone>', 'time zone of --from and --to, an IANA name (env PERX_TZ, default Asia/Singapore)')
    .option('--gap <seconds>', 'a gap this long or longer starts a new session', '300')
    .option(
      '--from <moment>',
      'sessions starting at or after: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], local to --tz',
    )
    .option(
      '--to <moment>',
      'sessions starting up to: local to --tz, included (a date means through its end)',
    )
    .option('--user <id>', 'only this user')
    .option('--driven-only', 'only sessions with a reward driven by a campaign view')
    .action(async (flags: SessionExportFlags) => {
      const { out } = parseFlags(fileFlagsSchema, { format: flags.format, out: flags.out });
      const config = configFromFlags({ databaseUrl: flags.databaseUrl, dataDir: flags.dataDir });
      const params = parseFlags(sessionParamsSchema, {
        tz: flags.tz ?? config.timeZone,
        gap: flags.gap,
        from: flags.from,
        to: flags.to,
        user: flags.user,
        driven: flags.drivenOnly === true,
      });
      await refuseExisting(out, flags.force === true);
      await withDatabase(config, async (database) => {
        const began = performance.now();
        printExported(await exportSessionsAvro(database, params, out), began);
      });
    });
}
