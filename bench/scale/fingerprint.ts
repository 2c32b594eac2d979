/**
 * A fingerprint of the session and campaign reports that every engine of the bench can compute alike, to
 * prove that they found the same rows, not only as many. Per row, a canonical text of its columns:
 *
 *   session   user_id|session_start|session_end|campaigns|rewards_issued|reward_driven_by_campaign_view
 *   campaign  campaign_id|views|unique_viewers|sessions_with_view|driven_issues|driven_sessions
 *
 * with instants as microseconds since the epoch, lists as ids joined by commas in their order, the flag as
 * 1 or 0; the row's hash is the first 15 hex digits of its MD5 (60 bits, so any engine holds it in a
 * bigint). The fingerprint is the row count and the exact sum of the hashes: a sum does not depend on row
 * order, and MD5 is the one hash PostgreSQL, DuckDB and Python all have. (Conversion is left out: it is
 * driven_sessions / sessions_with_view, and engines print decimals differently.)
 * bench/pandas_sessions.py computes the same.
 */
export interface Fingerprint {
  sessions: { rows: number; sum: string };
  campaigns: { rows: number; sum: string };
}

/** DuckDB, over the tables report_session and report_campaign a formulation leaves. */
export const duckdbFingerprintSql = `
WITH session_hash AS (
  SELECT ('0x' || substr(md5(concat_ws('|',
    user_id::VARCHAR,
    epoch_us(session_start)::VARCHAR,
    epoch_us(session_end)::VARCHAR,
    array_to_string(campaigns, ','),
    array_to_string(rewards_issued, ','),
    CASE WHEN reward_driven_by_campaign_view THEN '1' ELSE '0' END
  )), 1, 15))::BIGINT AS hash
  FROM report_session
),
campaign_hash AS (
  SELECT ('0x' || substr(md5(concat_ws('|',
    campaign_id::VARCHAR, views::VARCHAR, unique_viewers::VARCHAR, sessions_with_view::VARCHAR,
    driven_issues::VARCHAR, driven_sessions::VARCHAR
  )), 1, 15))::BIGINT AS hash
  FROM report_campaign
)
SELECT
  (SELECT count(*) FROM session_hash)::VARCHAR,
  (SELECT coalesce(sum(hash), 0) FROM session_hash)::VARCHAR,
  (SELECT count(*) FROM campaign_hash)::VARCHAR,
  (SELECT coalesce(sum(hash), 0) FROM campaign_hash)::VARCHAR`;

/** PostgreSQL, over the rows perx stored: the newest sessions and campaigns runs of report_run. */
export const postgresFingerprintSql = `
WITH latest AS (
  SELECT report, max(coalesce(result_run_id, id)) AS run_id
  FROM report_run
  WHERE report IN ('sessions', 'campaigns')
  GROUP BY report
),
session_hash AS (
  SELECT ('x' || substr(md5(concat_ws('|',
    user_id,
    (extract(epoch FROM session_start) * 1000000)::bigint,
    (extract(epoch FROM session_end) * 1000000)::bigint,
    array_to_string(campaigns, ','),
    array_to_string(rewards_issued, ','),
    CASE WHEN reward_driven_by_campaign_view THEN '1' ELSE '0' END
  )), 1, 15))::bit(60)::bigint AS hash
  FROM report_session
  WHERE report_run_id = (SELECT run_id FROM latest WHERE report = 'sessions')
),
campaign_hash AS (
  SELECT ('x' || substr(md5(concat_ws('|',
    campaign_id, views, unique_viewers, sessions_with_view, driven_issues, driven_sessions
  )), 1, 15))::bit(60)::bigint AS hash
  FROM report_campaign
  WHERE report_run_id = (SELECT run_id FROM latest WHERE report = 'campaigns')
)
SELECT
  (SELECT count(*) FROM session_hash)::text AS session_rows,
  (SELECT coalesce(sum(hash), 0) FROM session_hash)::text AS session_sum,
  (SELECT count(*) FROM campaign_hash)::text AS campaign_rows,
  (SELECT coalesce(sum(hash), 0) FROM campaign_hash)::text AS campaign_sum`;

/** The fingerprint from the one row of postgresFingerprintSql. */
export function postgresFingerprint(row: {
  session_rows: string;
  session_sum: string;
  campaign_rows: string;
  campaign_sum: string;
}): Fingerprint {
  return {
    sessions: { rows: Number(row.session_rows), sum: row.session_sum },
    campaigns: { rows: Number(row.campaign_rows), sum: row.campaign_sum },
  };
}

export function sameFingerprint(left: Fingerprint, right: Fingerprint): boolean {
  return (
    left.sessions.rows === right.sessions.rows &&
    left.sessions.sum === right.sessions.sum &&
    left.campaigns.rows === right.campaigns.rows &&
    left.campaigns.sum === right.campaigns.sum
  );
}
