-- Bounds that split the users of http_log into :partitions user-id ranges holding about as many requests
-- each: the lower bound of every range but the first, in order, taken from the planner's histogram of
-- user_id (pg_stats), whose buckets hold about as many rows each and whose bounds come in the column's
-- order. No rows when there is no histogram (nothing analyzed yet, or too few distinct users): then one
-- range holds every user.
SELECT bound.lower_user_id
FROM (
  SELECT stats.histogram_bounds::text::text[] AS bounds
  FROM pg_stats AS stats
  WHERE stats.schemaname = current_schema()
    AND stats.tablename = 'http_log'
    AND stats.attname = 'user_id'
    AND stats.histogram_bounds IS NOT NULL
) AS histogram
CROSS JOIN LATERAL (
  SELECT DISTINCT ON (position) position, histogram.bounds[position] AS lower_user_id
  FROM generate_series(1, :partitions::integer - 1) AS part
  CROSS JOIN LATERAL (
    SELECT 1 + (part * (cardinality(histogram.bounds) - 1)) / :partitions::integer AS position
  ) AS picked
) AS bound
ORDER BY bound.position
