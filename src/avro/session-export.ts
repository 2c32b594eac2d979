import type { Database } from '../db/database.js';
import { reportSql } from '../reports/named-sql.js';
import type { SessionParams } from '../reports/params.js';
import { sessionValues } from '../reports/sessions.js';
import { writeAvroFile, type WrittenFile } from './container-writer.js';
import { sessionContract } from './schemas.js';
import { checkTimesFitAvro } from './time-span-check.js';

/**
 * The session report's own query (reports/sessions.sql: one definition), with its two timestamps
 * turned into exact epoch microseconds on the way out, since a JavaScript Date would keep only
 * milliseconds. Sessions keep the report's order: user id, then start.
 */
const sessionsWithExactTimes = (reportText: string): string => `SELECT
  session.user_id,
  (extract(epoch FROM session.session_start) * 1000000)::int8 AS session_start,
  (extract(epoch FROM session.session_end) * 1000000)::int8 AS session_end,
  session.campaigns,
  session.rewards_issued,
  session.reward_driven_by_campaign_view,
  session.driven_rewards
FROM (
${reportText}
) AS session
ORDER BY session.user_id COLLATE "C", session.session_start`;

/** Writes the session report, for the given filters, to an Avro file with schemas/session.avsc. */
export async function exportSessionsAvro(
  database: Database,
  params: SessionParams,
  path: string,
): Promise<WrittenFile> {
  await checkTimesFitAvro(database, path);
  const report = await reportSql('sessions.sql', database);
  const values = report.bind(sessionValues({ ...params, sort: 'user_id' }, { unpaged: true }));
  // Inside a transaction the cursor streams as the file is written (see exportHttpLogAvro).
  return database.transaction((tx) =>
    writeAvroFile(path, sessionContract, tx.stream(sessionsWithExactTimes(report.text), values)),
  );
}
