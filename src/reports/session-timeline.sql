-- One session's requests in order (seq 1, 2, ...), each marked as a campaign view, a reward issue or other
-- activity. An issue names the campaigns whose view drove it (those containing the reward whose first view
-- in the session is at or before the issue, by time, in order of that first view) and the seq of the
-- earliest such view; a view says whether it drove an issue (one of its campaign's rewards issued at or
-- after it). The session is the one of :user_id starting within the millisecond of :session_start_at.
WITH request AS MATERIALIZED (
  SELECT
    sessionized.*,
    row_number() OVER (
      ORDER BY sessionized.requested_at, sessionized.source_file_id, sessionized.source_line
    ) AS seq
  FROM sessionized_request(:gap_seconds::integer, :user_id::text, :session_start_at::timestamptz) AS sessionized
  WHERE sessionized.session_start >= :session_start_at::timestamptz
    AND sessionized.session_start < :session_start_at::timestamptz + interval '1 millisecond'
),
first_view AS (
  SELECT DISTINCT ON (viewed_campaign_id) viewed_campaign_id AS campaign_id, seq, requested_at
  FROM request
  WHERE viewed_campaign_id IS NOT NULL
  ORDER BY viewed_campaign_id, seq
)
SELECT
  request.seq,
  request.requested_at,
  request.http_method,
  request.http_path,
  CASE
    WHEN request.viewed_campaign_id IS NOT NULL THEN 'view'
    WHEN request.issued_reward_id IS NOT NULL THEN 'issue'
    ELSE 'other'
  END AS kind,
  request.viewed_campaign_id AS campaign_id,
  request.issued_reward_id AS reward_id,
  coalesce(driver.campaign_ids, '{}') AS driven_by,
  driver.first_seq AS driving_view_seq,
  request.viewed_campaign_id IS NOT NULL AND EXISTS (
    SELECT 1
    FROM request AS later_issue
    JOIN campaign_reward_mapping AS mapping
      ON mapping.reward_id = later_issue.issued_reward_id AND mapping.campaign_id = request.viewed_campaign_id
    WHERE later_issue.requested_at >= request.requested_at
  ) AS drove
FROM request
LEFT JOIN LATERAL (
  SELECT array_agg(first_view.campaign_id ORDER BY first_view.seq) AS campaign_ids, min(first_view.seq) AS first_seq
  FROM first_view
  JOIN campaign_reward_mapping AS mapping
    ON mapping.campaign_id = first_view.campaign_id AND mapping.reward_id = request.issued_reward_id
  WHERE first_view.requested_at <= request.requested_at
) AS driver ON true
ORDER BY request.seq
