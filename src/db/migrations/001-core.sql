-- Source tables, named as in the original Perx task. Ids are bigint: the log's ids are free-form numbers.
CREATE TABLE campaign (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL
);

CREATE TABLE reward_campaign (
  id bigint PRIMARY KEY,
  reward_name text NOT NULL,
  updated_at timestamptz NOT NULL,
  campaign_id bigint NOT NULL REFERENCES campaign (id)
);

CREATE TABLE reward_transaction (
  id bigint PRIMARY KEY,
  status text NOT NULL,
  updated_at timestamptz NOT NULL,
  reward_campaign_id bigint NOT NULL REFERENCES reward_campaign (id)
);
CREATE INDEX reward_transaction_updated_at ON reward_transaction (updated_at);
CREATE INDEX reward_transaction_reward_status ON reward_transaction (reward_campaign_id, status, updated_at);

-- The mapping names campaigns and rewards of the HTTP log, which the two small tables above do not
-- hold, so it carries no foreign keys.
CREATE TABLE campaign_reward_mapping (
  campaign_id bigint NOT NULL,
  reward_id bigint NOT NULL,
  PRIMARY KEY (campaign_id, reward_id)
);
CREATE INDEX campaign_reward_mapping_reward ON campaign_reward_mapping (reward_id, campaign_id);

-- One row per ingest, whatever its outcome, so a failed load is visible too.
CREATE TABLE ingest_run (
  id serial PRIMARY KEY,
  source text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  outcome text NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'succeeded', 'failed')),
  error text,
  -- Per-file reconciliation: lines, loaded, rejected, duplicates, bytes, sha256.
  files jsonb NOT NULL DEFAULT '[]'
);

-- Every input file an ingest loaded, by content hash, so an appended file is never loaded twice. One row
-- per content: loading the same bytes again reuses the row, so http_log.source_file_id, and with it the
-- whole table, comes out identical when the same data set is ingested twice.
CREATE TABLE ingest_file (
  id serial PRIMARY KEY,
  -- The latest ingest that loaded this content; the counts are that ingest's.
  ingest_run_id integer NOT NULL REFERENCES ingest_run (id),
  name text NOT NULL,
  sha256 text NOT NULL,
  bytes bigint NOT NULL,
  lines bigint NOT NULL,
  loaded bigint NOT NULL,
  rejected bigint NOT NULL,
  duplicates bigint NOT NULL DEFAULT 0,
  UNIQUE (sha256, name)
);
CREATE INDEX ingest_file_run ON ingest_file (ingest_run_id);

CREATE TABLE ingest_reject (
  id bigserial PRIMARY KEY,
  ingest_run_id integer NOT NULL REFERENCES ingest_run (id),
  file text NOT NULL,
  line_number bigint NOT NULL,
  raw text NOT NULL,
  reason text NOT NULL
);
CREATE INDEX ingest_reject_run ON ingest_reject (ingest_run_id, file, line_number);

-- Every well-formed request, not only campaign and reward paths. Duplicate lines are real requests.
CREATE TABLE http_log (
  "timestamp" timestamptz NOT NULL,
  http_method text NOT NULL,
  http_path text NOT NULL,
  user_id text NOT NULL,
  source_file_id integer NOT NULL REFERENCES ingest_file (id),
  source_line bigint NOT NULL
);
CREATE INDEX http_log_user_time ON http_log (user_id, "timestamp", source_file_id, source_line);
