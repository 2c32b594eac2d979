-- Runs recorded before sources were stored masked may hold a URL's credentials in ingest_run.source or
-- ingest_run.error. Mask them as maskCredentials() (src/config/credentials.ts) does: a password is
-- masked and its user name kept; a lone user name in an http(s) URL is a token and masked whole.
UPDATE ingest_run
SET source = regexp_replace(
      regexp_replace(source, '([[:alpha:]][[:alnum:]+.-]*://)([^[:space:]/?#:]*):[^[:space:]/?#]*@', '\1\2:****@', 'gi'),
      '(https?://)[^[:space:]/?#:]+@', '\1****@', 'gi'),
    error = regexp_replace(
      regexp_replace(error, '([[:alpha:]][[:alnum:]+.-]*://)([^[:space:]/?#:]*):[^[:space:]/?#]*@', '\1\2:****@', 'gi'),
      '(https?://)[^[:space:]/?#:]+@', '\1****@', 'gi')
WHERE source ~ '://[^[:space:]/?#]+@' OR error ~ '://[^[:space:]/?#]+@';
