-- Local dates as ISO 8601 writes them, and back. to_char(..., 'YYYY') drops the era (1 BC prints as 0001),
-- and PostgreSQL refuses ISO's year 0000 and signed years, so the reports format and read dates with
-- these. ISO 8601 counts 1 BC as year 0000; years before it, and after 9999, take the expanded form with
-- a sign and six digits (-000001 is 2 BC, +010000), as JavaScript's Date.toISOString writes instants.

CREATE FUNCTION iso_date(value timestamp) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
  SELECT
    CASE
      WHEN iso_year BETWEEN 0 AND 9999 THEN lpad(iso_year::text, 4, '0')
      WHEN iso_year < 0 THEN '-' || lpad((-iso_year)::text, 6, '0')
      ELSE '+' || lpad(iso_year::text, 6, '0')
    END || to_char(value, '-MM-DD')
  -- extract gives 1 BC as -1: there is no year 0 in PostgreSQL's count.
  FROM (
    SELECT CASE WHEN year < 0 THEN year + 1 ELSE year END AS iso_year
    FROM (SELECT extract(year FROM value)::integer AS year) AS era
  ) AS iso
);

CREATE FUNCTION date_from_iso(value text) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (
  SELECT make_date(CASE WHEN iso_year <= 0 THEN iso_year - 1 ELSE iso_year END, parts[2]::integer, parts[3]::integer)
  FROM (
    SELECT parts[1]::integer AS iso_year, parts
    FROM (SELECT regexp_match(value, '^([+-]?\d{4,6})-(\d\d)-(\d\d)$') AS parts) AS matched
  ) AS iso
);
