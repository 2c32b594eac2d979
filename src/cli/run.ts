import type { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { maskCredentials } from '../config/credentials.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';
import { InterruptedError, interruption } from '../errors.js';
import { ingest } from '../ingest/index.js';
import {
  computeAllReports,
  defaultReportParams,
  latestIngestRunId,
  reportNames,
  storedRunFor,
} from '../reports/index.js';
import { addDatabaseOptions, configFromFlags } from './context.js';
import { lineProgress, terminalProgress } from './ingest-progress.js';
import { shutdownSignal, type ShutdownSignal } from './shutdown-signal.js';

interface RunFlags {
  databaseUrl?: string;
  dataDir?: string;
  source?: string;
  port?: string;
  host?: string;
  tz?: string;
  refresh?: boolean;
}

/** True when every stored report was computed from the latest ingest with the default parameters. */
async function reportsAreCurrent(database: Database, config: Config): Promise<boolean> {
  const params = defaultReportParams({ tz: config.timeZone });
  for (const report of reportNames) {
    if (!(await storedRunFor(database, report, params[report]))) return false;
  }
  return true;
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(2)} s`;

/** Between phases: a signal that came during the last one ends the command, saying what it left undone. */
function interruptedBefore(shutdown: ShutdownSignal, undone: string): void {
  if (!shutdown.signal.aborted) return;
  const { signal } = interruption(shutdown.signal);
  throw new InterruptedError(signal, `${signal} received: ${undone}`);
}

export function registerRunCommand(program: Command): void {
  addDatabaseOptions(
    program
      .command('run')
      .description(
        'the whole job: migrate, ingest the data set if the database has none, compute the reports, serve the dashboard',
      ),
  )
    .option('--refresh', 'ingest again and recompute the reports even when the database has data')
    .option(
      '--source <folder|git URL|https URL>',
      'where to ingest from (env PERX_SOURCE; default: bundled data)',
    )
    .option('--port <port>', 'port to listen on (env PORT, default 5000)')
    .option('--host <address>', 'address to bind (env HOST, default 127.0.0.1)')
    .option('--tz <zone>', 'reporting time zone of the stored reports (env PERX_TZ, default Asia/Singapore)')
    .action(async (flags: RunFlags) => {
      const started = performance.now();
      const config = configFromFlags({
        databaseUrl: flags.databaseUrl,
        dataDir: flags.dataDir,
        source: flags.source,
        port: flags.port,
        host: flags.host,
        timeZone: flags.tz,
      });
      // A signal stops the ingest at its next chunk (rolled back, the data loaded before intact); the
      // reports, which publish in one transaction, finish first. Either way the command then says what it
      // left undone and exits 130 or 143.
      const shutdown = shutdownSignal();
      const database = await openDatabase({
        ...config,
        onPhase: (line) => console.log(line),
        // Stopping on a signal: other perx commands using the folder through this process get a few
        // seconds to finish, not the default minute.
        ownerGraceMs: 5_000,
      });
      try {
        if (flags.refresh || (await latestIngestRunId(database)) === null) {
          const ingestStarted = performance.now();
          console.log(`ingesting ${maskCredentials(config.source)}`);
          const summary = await ingest(database, {
            source: config.source,
            cacheDir: `${resolve(config.dataDir)}-cache`,
            signal: shutdown.signal,
            limits: { maxShrink: config.maxShrink, maxRejected: config.maxRejected },
            onProgress: process.stdout.isTTY
              ? terminalProgress(process.stdout)
              : lineProgress((line) => console.log(line)),
          }).catch((error: unknown) => {
            throw error instanceof InterruptedError
              ? new InterruptedError(
                  error.signal,
                  `${error.signal} received during the ingest: it was stopped and rolled back, the data loaded before is unchanged; the reports were not computed and the dashboard was not started`,
                )
              : error;
          });
          const counts = summary.files.map((file) => `${file.file} ${file.loaded}/${file.lines}`).join(', ');
          console.log(`ingested ${summary.source} in ${seconds(ingestStarted)}: ${counts} (loaded/lines)`);
        } else {
          console.log('data already loaded (perx run --refresh ingests again)');
        }
        interruptedBefore(shutdown, 'the reports were not computed and the dashboard was not started');
        if (flags.refresh || !(await reportsAreCurrent(database, config))) {
          const reportsStarted = performance.now();
          console.log('computing the reports');
          // Each phase as it ends, for someone watching a large computation; on a terminal only.
          const onPhase = process.stderr.isTTY ? (line: string) => console.error(`  ${line}`) : undefined;
          const runs = await computeAllReports(database, { tz: config.timeZone, onPhase });
          console.log(
            `computed ${runs.map((run) => `${run.report} (${run.row_count} rows)`).join(', ')} in ${seconds(reportsStarted)}`,
          );
        } else {
          console.log('stored reports are current');
        }
        interruptedBefore(shutdown, 'the reports are stored; the dashboard was not started');
        // The dashboard's modules load only for the commands that serve it: a quarter of a second that
        // every other command (ingest, report) would pay at start-up.
        const { startServer } = await import('../web/server.js');
        const server = await startServer({ database, config });
        console.log(`perx dashboard at ${server.url} (ready in ${seconds(started)}; Ctrl-C to stop)`);
        const signal = await shutdown.received;
        console.log(`perx: ${signal} received, closing the server and the database`);
        await server.close();
      } finally {
        await database.close();
        shutdown.dispose();
      }
    });
}
