import type { Command } from 'commander';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { Config } from '../config/config.js';
import { maskCredentials } from '../config/credentials.js';
import { describeEngine, type Database } from '../db/database.js';
import { PerxError, UsageError } from '../errors.js';
import { firstRejects, ingest, type IngestSummary, type SkippedFile } from '../ingest/index.js';
import { addDatabaseOptions, configFromFlags, withDatabase } from './context.js';
import { terminalProgress } from './ingest-progress.js';
import { shutdownSignal } from './shutdown-signal.js';
import { reconciliationTable, tableChangesTable } from './reconciliation-table.js';

const ingestFlagsSchema = z.object({
  source: z.string().min(1, 'must name a folder, a git URL or an https URL').optional(),
  strict: z.boolean().default(false),
  append: z.boolean().default(false),
  allowShrink: z.boolean().default(false),
  databaseUrl: z.string().optional(),
  dataDir: z.string().min(1, 'must name a folder').optional(),
});

/** How many rejected lines the report lists; the rest are in ingest_reject. */
const rejectsShown = 10;

export function registerIngestCommand(program: Command): void {
  addDatabaseOptions(
    program
      .command('ingest')
      .description('load the Perx data set into the database, replacing the data loaded before')
      .option(
        '--source <folder|git URL|https URL>',
        'where the five files are (env PERX_SOURCE; default: the bundled copy of the real data set)',
      )
      .option('--strict', 'fail on the first rejected line instead of loading the rest and reporting it')
      .option(
        '--append',
        'add the log files not loaded before (http_log*.txt) to the data loaded before, instead of replacing it',
      )
      .option(
        '--allow-shrink',
        'replace the data even when a table would lose more than PERX_MAX_SHRINK of its rows or a file has more than PERX_MAX_REJECTED of its lines rejected',
      ),
  ).action(async (rawFlags: unknown) => {
    const parsed = ingestFlagsSchema.safeParse(rawFlags);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `--${String(issue.path[0])} ${issue.message}`);
      throw new UsageError(problems.join('; '));
    }
    const flags = parsed.data;
    const config = configFromFlags({
      databaseUrl: flags.databaseUrl,
      dataDir: flags.dataDir,
      source: flags.source,
    });
    // SIGINT or SIGTERM stops the ingest at its next chunk or statement and rolls it back.
    const shutdown = shutdownSignal();
    await withDatabase(config, async (database) => {
      let summary: IngestSummary;
      const started = performance.now();
      try {
        summary = await ingest(database, {
          signal: shutdown.signal,
          limits: {
            allowShrink: flags.allowShrink,
            maxShrink: config.maxShrink,
            maxRejected: config.maxRejected,
          },
          source: config.source,
          strict: flags.strict,
          append: flags.append,
          // Clones and downloads of remote sources sit next to the embedded database folder.
          cacheDir: `${resolve(config.dataDir)}-cache`,
          ...(process.stderr.isTTY ? { onProgress: terminalProgress(process.stderr) } : {}),
        });
      } catch (error) {
        if (!(error instanceof PerxError)) throw error;
        throw new PerxError(`ingest failed, the data loaded before is unchanged: ${error.message}`, {
          exitCode: error.exitCode,
          cause: error,
        });
      }
      const seconds = (performance.now() - started) / 1000;
      if (summary.files.length > 0) {
        console.log(`${reconciliationTable(summary.files)}\n`);
        console.log(`${tableChangesTable(summary.tables)}\n`);
      }
      for (const skipped of summary.skipped) console.log(describeSkipped(skipped));
      if (summary.skipped.length > 0) console.log('');
      console.log(
        `${describeOutcome(summary)} ${summary.source} into ${describeStore(config, database)} in ${seconds.toFixed(2)} s (ingest run ${summary.runId})`,
      );
      const rejected = summary.files.reduce((total, file) => total + file.rejected, 0);
      if (rejected > 0) {
        const order = summary.files.map((file) => file.file);
        const shown = await firstRejects(database, summary.runId, order, rejectsShown);
        console.log(
          `\n${rejected.toLocaleString('en-US')} rejected line${rejected === 1 ? '' : 's'}, all in ingest_reject (ingest_run_id ${summary.runId})${rejected > shown.length ? `; the first ${shown.length}` : ''}:`,
        );
        for (const reject of shown) console.log(`  ${reject.file}:${reject.line_number}: ${reject.reason}`);
      }
    }).finally(() => shutdown.dispose());
  });
}

function describeSkipped(skipped: SkippedFile): string {
  if (skipped.reason === 'unchanged') return `${skipped.file}: unchanged, its table kept as it is`;
  const as = skipped.loadedAs === skipped.file ? '' : ` as ${skipped.loadedAs}`;
  return `${skipped.file}: already loaded${as} (ingest run ${skipped.loadedBy}), skipped`;
}

function describeOutcome(summary: IngestSummary): string {
  if (summary.mode === 'replace') return 'ingested';
  const logs = summary.files.length - (summary.tablesReplaced ? 4 : 0);
  const tables = summary.tablesReplaced ? ' and the changed CSV tables' : '';
  if (summary.files.length === 0) return 'nothing new to append: every log file was loaded before, from';
  return `appended ${logs} new log file${logs === 1 ? '' : 's'}${tables} from`;
}

function describeStore(config: Config, database: Database): string {
  return config.databaseUrl
    ? `${describeEngine(database)} ${maskCredentials(config.databaseUrl)}`
    : `PGlite ${resolve(config.dataDir)}`;
}
