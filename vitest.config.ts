import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file opens its own PGlite instances and PostgreSQL databases; two cores set the pace.
    maxWorkers: 2,
    pool: 'forks',
  },
});
