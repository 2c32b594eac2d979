/**
 * The plans of the sessions endpoint's two statements (the page, and the count behind its total) for each
 * variant the API latency table measures, as EXPLAIN (ANALYZE) prints them, on a database that holds
 * stored sessions. For the README's before/after plans; not part of the test suite.
 * Run: npx tsx bench/scale/session-plans.ts DATABASE_URL [variant ...]
 */
import { openDatabase } from '../../src/db/open.js';
import { latestReportRun, sessionParamsSchema, sessionPageStatements } from '../../src/reports/index.js';
import { apiVariants } from './api-variants.js';

const databaseUrl = process.argv[2];
const only = process.argv.slice(3);
if (!databaseUrl) throw new Error('usage: session-plans.ts DATABASE_URL [variant ...]');
const database = await openDatabase({ databaseUrl, dataDir: '.perx' });
try {
  const run = await latestReportRun(database, 'sessions');
  if (!run) throw new Error('no stored sessions: run perx report all first');
  const [sample] = await database.query<{ user_id: string }>(
    'SELECT user_id FROM report_session WHERE report_run_id = $1 LIMIT 1',
    [run.result_run_id],
  );
  for (const variant of apiVariants(sample?.user_id ?? '')) {
    if (only.length > 0 && !only.includes(variant.name)) continue;
    const query = Object.fromEntries(new URLSearchParams(variant.path.split('?')[1] ?? ''));
    const params = sessionParamsSchema.parse({ limit: '50', ...query });
    const statements = await sessionPageStatements(database, params, run);
    for (const [part, statement] of Object.entries(statements)) {
      if (statement === undefined) continue;
      const plan = await database.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, COSTS OFF) ${statement.text}`,
        statement.values,
      );
      console.log(`-- ${variant.name} (${part}): ${variant.path}`);
      console.log(plan.map((line) => line['QUERY PLAN']).join('\n'));
      console.log('');
    }
  }
} finally {
  await database.close();
}
