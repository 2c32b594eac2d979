import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { loadDotEnv } from '../config/config.js';
import { maskCredentials } from '../config/credentials.js';
import { PerxError, errorMessage } from '../errors.js';
import { registerConfigCommand } from './config.js';
import { registerDbCommands } from './db-migrate.js';
import { registerExportCommands } from './export.js';
import { registerGenerateCommand } from './generate.js';
import { registerIngestCommand } from './ingest.js';
import { registerReportCommands } from './report.js';
import { registerRunCommand } from './run.js';
import { registerServeCommand } from './serve.js';

/** The version in package.json, which sits two folders up from both src/cli and dist/cli. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

export function buildProgram(): Command {
  const program = new Command('perx')
    .description('Perx loyalty-campaign analytics: ingest, reports and dashboard')
    .version(packageVersion(), '-V, --version', 'print the version of perx')
    .showHelpAfterError('(run perx --help for usage)')
    .exitOverride();
  registerConfigCommand(program);
  registerDbCommands(program);
  registerExportCommands(program);
  registerGenerateCommand(program);
  registerIngestCommand(program);
  registerReportCommands(program);
  registerRunCommand(program);
  registerServeCommand(program);
  return program;
}

/** Runs the CLI and returns the process exit code: 0 success, 1 failure, 2 bad usage. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    loadDotEnv();
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed the message for usage errors.
      return error.exitCode === 0 ? 0 : 2;
    }
    // Messages can quote a URL the user gave (a source, a server); its credentials never reach the terminal.
    if (error instanceof PerxError) {
      console.error(`perx: ${maskCredentials(error.message)}`);
      return error.exitCode;
    }
    console.error(`perx: ${maskCredentials(errorMessage(error))}`);
    if (process.env.PERX_DEBUG) console.error(error);
    return 1;
  }
}
