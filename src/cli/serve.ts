import type { Command } from 'commander';
import { openDatabase } from '../db/open.js';
import { addDatabaseOptions, configFromFlags } from './context.js';
import { shutdownSignal } from './shutdown-signal.js';

interface ServeFlags {
  databaseUrl?: string;
  dataDir?: string;
  port?: string;
  host?: string;
}

export function registerServeCommand(program: Command): void {
  addDatabaseOptions(program.command('serve').description('serve the dashboard and its JSON API'))
    .option('--port <port>', 'port to listen on (env PORT, default 5000; 0 picks a free one)')
    .option('--host <address>', 'address to bind (env HOST, default 127.0.0.1: this machine only)')
    .action(async (flags: ServeFlags) => {
      const config = configFromFlags(flags);
      const shutdown = shutdownSignal();
      const database = await openDatabase({
        ...config,
        onPhase: (line) => console.log(line),
        // Stopping on a signal: other perx commands using the folder through this process get a few
        // seconds to finish, not the default minute.
        ownerGraceMs: 5_000,
      });
      try {
        // The dashboard's modules load only for the commands that serve it: a quarter of a second that
        // every other command (ingest, report) would pay at start-up.
        const { startServer } = await import('../web/server.js');
        const server = await startServer({ database, config });
        console.log(`perx dashboard at ${server.url} (Ctrl-C to stop)`);
        const signal = await shutdown.received;
        // The server finishes the requests in flight before the database closes under them.
        console.log(`perx: ${signal} received, closing the server`);
        await server.close();
      } finally {
        await database.close();
        shutdown.dispose();
      }
    });
}
