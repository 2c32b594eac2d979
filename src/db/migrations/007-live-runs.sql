-- Runs computed for the dashboard on demand, with parameters `perx report all` does not store (another
-- session gap): kept so that paging, sorting and downloads read them instead of computing again, the
-- least recently used dropped beyond a few (src/reports/live-sessions.ts).
ALTER TABLE report_run
  -- 'all': stored by `perx report all`; 'live': computed for a request. Only 'all' runs are brought up
  -- to date after an append, and only they answer the reports' default parameters.
  ADD COLUMN kind text NOT NULL DEFAULT 'all' CHECK (kind IN ('all', 'live')),
  -- When a request last read the run: the least recently used live runs are dropped first.
  ADD COLUMN last_used_at timestamptz;

CREATE INDEX report_run_kind ON report_run (report, kind, complete, id);
