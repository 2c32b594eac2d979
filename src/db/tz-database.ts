import { offsetText, zoneOffsetSeconds } from '../config/time-zone.js';
import type { Database } from './database.js';

/**
 * Which time zone rules the engine in use applies, and whether they agree with the tz database this
 * Node.js carries (its ICU's, `process.versions.tz`). The two engines can differ: a PostgreSQL server
 * built for Debian reads the system's tzdata, PGlite carries the rules it was built with. Reports put
 * instants into local hours, days and weeks with the engine's rules, so perx says which they are and
 * where, for the reporting zone, they differ from Node's.
 */
export interface TzDatabase {
  /** Where the engine's rules come from: `system tzdata 2025b (/usr/share/zoneinfo)`, `built into PGlite`, ... */
  source: string;
  /** The tz release of Node's ICU, the reference the zone is checked against. */
  reference: string;
  zone: string;
  /** The span checked, every 12 hours: [from, to). */
  checked: { from: string; to: string };
  /** The first checked instant where the engine's offset for the zone differs from Node's, if any. */
  firstDifference?: { at: string; engineOffset: string; nodeOffset: string };
}

const checkedFrom = Date.UTC(1970, 0, 1);
const checkedTo = Date.UTC(2040, 0, 1);
const stepMs = 12 * 3_600_000;

/** The offset of `zone` at each instant changes here, as the engine computes it (12-hour steps). */
const engineOffsetsSql = `
SELECT at_ms, offset_seconds
FROM (
  SELECT
    (extract(epoch FROM at) * 1000)::int8 AS at_ms,
    extract(epoch FROM (at AT TIME ZONE $1::text) - (at AT TIME ZONE 'UTC'))::integer AS offset_seconds,
    lag(extract(epoch FROM (at AT TIME ZONE $1::text) - (at AT TIME ZONE 'UTC'))::integer) OVER (ORDER BY at)
      AS previous_seconds
  FROM generate_series($2::timestamptz, $3::timestamptz, interval '12 hours') AS at
  WHERE at < $3::timestamptz
) AS offsets
WHERE previous_seconds IS DISTINCT FROM offset_seconds
ORDER BY at_ms`;

export async function describeTzDatabase(database: Database, zone: string): Promise<TzDatabase> {
  const changes = await database.query<{ at_ms: number; offset_seconds: number }>(engineOffsetsSql, [
    zone,
    new Date(checkedFrom).toISOString(),
    new Date(checkedTo).toISOString(),
  ]);
  const described: TzDatabase = {
    source: await engineTzSource(database),
    reference: `tz ${process.versions.tz ?? 'unknown'} (Node.js ICU ${process.versions.icu ?? 'unknown'})`,
    zone,
    checked: { from: new Date(checkedFrom).toISOString(), to: new Date(checkedTo).toISOString() },
  };
  let change = 0;
  let engineSeconds = 0;
  for (let at = checkedFrom; at < checkedTo; at += stepMs) {
    while (change < changes.length && Number(changes[change]!.at_ms) <= at) {
      engineSeconds = changes[change]!.offset_seconds;
      change++;
    }
    const nodeSeconds = zoneOffsetSeconds(zone, at);
    if (nodeSeconds !== engineSeconds) {
      described.firstDifference = {
        at: new Date(at).toISOString(),
        engineOffset: offsetText(engineSeconds),
        nodeOffset: offsetText(nodeSeconds),
      };
      break;
    }
  }
  return described;
}

/** One line for people: the source, and whether the zone agrees with Node's rules. */
export function tzDatabaseLine(tz: TzDatabase): string {
  const span = `${tz.checked.from.slice(0, 4)}-${Number(tz.checked.to.slice(0, 4)) - 1}`;
  const verdict = tz.firstDifference
    ? `${tz.zone} DIFFERS from ${tz.reference} at ${tz.firstDifference.at} (engine ${tz.firstDifference.engineOffset}, Node ${tz.firstDifference.nodeOffset})`
    : `${tz.zone} agrees with ${tz.reference} over ${span}`;
  return `${tz.source}; ${verdict}`;
}

async function engineTzSource(database: Database): Promise<string> {
  const [version] = await database.query<{ server_version: string }>('SHOW server_version');
  if (database.engine === 'pglite') {
    return `built into PGlite (PostgreSQL ${version?.server_version ?? '?'}); release not recorded`;
  }
  // A server built --with-system-tzdata reads the system's files, whose tzdata.zi names the release;
  // reading them takes a superuser or pg_read_server_files, so without it the release stays unknown.
  try {
    const [configure] = await database.query<{ setting: string }>(
      `SELECT setting FROM pg_config WHERE name = 'CONFIGURE'`,
    );
    const folder = /--with-system-tzdata=([^' ]+)/.exec(configure?.setting ?? '')?.[1];
    if (folder === undefined) return `built into PostgreSQL ${version?.server_version ?? '?'}`;
    const [head] = await database.query<{ text: string }>('SELECT pg_read_file($1, 0, 64) AS text', [
      `${folder}/tzdata.zi`,
    ]);
    const release = /^# version (\S+)/.exec(head?.text ?? '')?.[1];
    return `system tzdata ${release ?? '(release unknown)'} (${folder}) of PostgreSQL ${version?.server_version ?? '?'}`;
  } catch {
    return `PostgreSQL ${version?.server_version ?? '?'} (its tz release is not readable by this user)`;
  }
}
