-- One session's requests in order (seq 1, 2, ...), each marked as a campaign view, a reward issue or other
-- activity. An issue names the campaigns whose view drove it (those containing the reward whose first view
-- in the session is at or before the issue, by time, in order of that first view) and the seq of the
-- earliest such view; a view says whether it drove an issue (one of its campaign's rewards issued at or
-- after it). The session is the one of :user_id starting within the millisecond of :session_start_at.
-- :limit and :offset page it by seq (a null limit: every request).
WITH scoped_log AS (
  -- The user's requests that can belong to a session starting at :session_start_at (session-steps.sql).
  SELECT log.*
  FROM http_log AS log
  WHERE log.user_id = :user_id::text
    AND log."timestamp" >= :session_start_at::timestamptz - :gap_seconds::integer * interval '1 second'
),
#include session-steps.sql
,
timeline AS MATERIALIZED (
  SELECT
    request.*,
    log.http_method,
    log.http_path,
    row_number() OVER (ORDER BY request.requested_at, request.source_file_id, request.source_line) AS seq
  FROM request
  -- The method and path, which sessionizing leaves behind, of each request (a file line is one request).
  JOIN http_log AS log
    ON log.user_id = request.user_id
    AND log."timestamp" = request.requested_at
    AND log.source_file_id = request.source_file_id
    AND log.source_line = request.source_line
  WHERE request.session_start >= :session_start_at::timestamptz
    AND request.session_start < :session_start_at::timestamptz + interval '1 millisecond'
),
first_view AS (
  SELECT DISTINCT ON (viewed_campaign_id) viewed_campaign_id AS campaign_id, seq, requested_at
  FROM timeline
  WHERE viewed_campaign_id IS NOT NULL
  ORDER BY viewed_campaign_id, seq
)
SELECT
  timeline.seq,
  timeline.requested_at,
  timeline.http_method,
  timeline.http_path,
  CASE
    WHEN timeline.viewed_campaign_id IS NOT NULL THEN 'view'
    WHEN timeline.issued_reward_id IS NOT NULL THEN 'issue'
    ELSE 'other'
  END AS kind,
  timeline.viewed_campaign_id AS campaign_id,
  timeline.issued_reward_id AS reward_id,
  coalesce(driver.campaign_ids, '{}') AS driven_by,
  driver.first_seq AS driving_view_seq,
  timeline.viewed_campaign_id IS NOT NULL AND EXISTS (
    SELECT 1
    FROM timeline AS later_issue
    JOIN campaign_reward_mapping AS mapping
      ON mapping.reward_id = later_issue.issued_reward_id AND mapping.campaign_id = timeline.viewed_campaign_id
    WHERE later_issue.requested_at >= timeline.requested_at
  ) AS drove
FROM timeline
LEFT JOIN LATERAL (
  SELECT array_agg(first_view.campaign_id ORDER BY first_view.seq) AS campaign_ids, min(first_view.seq) AS first_seq
  FROM first_view
  JOIN campaign_reward_mapping AS mapping
    ON mapping.campaign_id = first_view.campaign_id AND mapping.reward_id = timeline.issued_reward_id
  WHERE first_view.requested_at <= timeline.requested_at
) AS driver ON true
ORDER BY timeline.seq
LIMIT :limit::bigint
OFFSET :offset::bigint
