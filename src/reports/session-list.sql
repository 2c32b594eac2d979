-- The filters, order and paging of a session listing: not a statement of its own, but the end of one
-- whose FROM names the sessions `listed` and whose WHERE clause it continues (AND ...), with user_id,
-- session_start, session_end, campaigns, rewards_issued, reward_driven_by_campaign_view, driven_rewards
-- and driving_campaign_ids as session-steps.sql gives them (sessions.sql) or report_session stores them
-- (stored-sessions.sql), and user_order (session-user-order.sql), so a listing filters, sorts and pages
-- the same whether it computes or reads.
--
-- :from_local and :to_local_end bound session_start's local reading in :tz, half-open (see
-- engagement-range.sql); :user_id keeps one user; :session_start_at picks the one session starting
-- within that millisecond (JavaScript dates carry milliseconds).
-- :campaign_id keeps the sessions with a view of that campaign; with it, :driven_only keeps those where
-- a view of that campaign drove an issue (the campaign is among driving_campaign_ids), and without it,
-- those with any driven issue. So the two counts are the campaign report's sessions_with_view and
-- driven_sessions over the same range and gap.
-- :reward_id keeps the sessions that issued that reward; with :driven_only, those where a campaign view
-- drove an issue of it (the reward is among driven_rewards). Both filters may apply at once.
-- Then :sort (a fixed list of keys, matched here, never spliced into the text), :limit and :offset.
#include session-filters.sql
-- Searched CASEs (CASE WHEN :sort = ...): Citus sends a simple CASE over a parameter to the shards
-- deparsed wrongly (CASE 'x' WHEN NULL::boolean), which they refuse.
-- User ids sort as numbers where they are digits only (62675 before 5962379: fewer digits, leading zeros
-- aside, then those digits, so 19 before 020; equal numbers, 007 and 7, bytewise), before every other
-- id, which sorts bytewise (the same on every server): user_order says so in one string that compares
-- bytewise (015-session-user-order.sql), stored with each session and computed for live ones.
ORDER BY
  CASE WHEN :sort::text = 'user_id' THEN listed.user_order COLLATE "C" END,
  CASE WHEN :sort::text = '-user_id' THEN listed.user_order COLLATE "C" END DESC,
  CASE WHEN :sort::text = 'session_start' THEN listed.session_start END,
  CASE WHEN :sort::text = '-session_start' THEN listed.session_start END DESC,
  CASE WHEN :sort::text = 'session_end' THEN listed.session_end END,
  CASE WHEN :sort::text = '-session_end' THEN listed.session_end END DESC,
  CASE WHEN :sort::text = 'duration' THEN listed.session_end - listed.session_start END,
  CASE WHEN :sort::text = '-duration' THEN listed.session_end - listed.session_start END DESC,
  CASE WHEN :sort::text = 'campaigns' THEN cardinality(listed.campaigns) END,
  CASE WHEN :sort::text = '-campaigns' THEN cardinality(listed.campaigns) END DESC,
  CASE WHEN :sort::text = 'rewards_issued' THEN cardinality(listed.rewards_issued) END,
  CASE WHEN :sort::text = '-rewards_issued' THEN cardinality(listed.rewards_issued) END DESC,
  CASE WHEN :sort::text = 'reward_driven_by_campaign_view' THEN listed.reward_driven_by_campaign_view END,
  CASE WHEN :sort::text = '-reward_driven_by_campaign_view' THEN listed.reward_driven_by_campaign_view END DESC,
  CASE WHEN :sort::text = 'driven_rewards' THEN cardinality(listed.driven_rewards) END,
  CASE WHEN :sort::text = '-driven_rewards' THEN cardinality(listed.driven_rewards) END DESC,
  listed.user_order COLLATE "C",
  listed.session_start
LIMIT :limit::bigint
OFFSET :offset::bigint
