import type { Command } from 'commander';
import { openDatabase } from '../db/open.js';
import { startServer } from '../web/server.js';
import { addDatabaseOptions, configFromFlags } from './context.js';

interface ServeFlags {
  databaseUrl?: string;
  dataDir?: string;
  port?: string;
  host?: string;
}

/** Resolves on the first SIGINT or SIGTERM, so the server can close cleanly instead of dying mid-response. */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerServeCommand(program: Command): void {
  addDatabaseOptions(program.command('serve').description('serve the dashboard and its JSON API'))
    .option('--port <port>', 'port to listen on (env PORT, default 5000; 0 picks a free one)')
    .option('--host <address>', 'address to bind (env HOST, default 127.0.0.1: this machine only)')
    .action(async (flags: ServeFlags) => {
      const config = configFromFlags(flags);
      const database = await openDatabase(config);
      try {
        const server = await startServer({ database, config });
        console.log(`perx dashboard at ${server.url} (Ctrl-C to stop)`);
        const signal = await shutdownSignal();
        console.log(`perx: ${signal} received, closing the server`);
        await server.close();
      } finally {
        await database.close();
      }
    });
}
