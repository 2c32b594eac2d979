import { main } from './index.js';

// Entry point for running the CLI from source (tests and development): node --import tsx src/cli/main.ts
process.exitCode = await main(process.argv);
