/** True for names the runtime's IANA database knows, like Asia/Singapore or UTC. */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

interface ZoneOffsets {
  format: Intl.DateTimeFormat;
  /** UTC itself (UTC, Etc/UTC, GMT, ...), whose instants are written with Z rather than +00:00. */
  isUtc: boolean;
  /** Per hour since the epoch: the offset all through that hour, or null when it changes within it. */
  hours: Map<number, number | null>;
}

const zones = new Map<string, ZoneOffsets>();
const hourMs = 3_600_000;
const lastMs = 8.64e15;
/** Hours remembered per zone: years of data; the map starts again when full, to bound memory. */
const rememberedHours = 200_000;

function zoneOffsets(timeZone: string): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    zone = { format, isUtc: format.resolvedOptions().timeZone === 'UTC', hours: new Map() };
    zones.set(timeZone, zone);
  }
  return zone;
}

/** ICU's offset as it names it: GMT, GMT+08:00, GMT-04:00, GMT+06:55:25 (local mean time). */
const offsetNamePattern = /^GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/;

function exactOffsetSeconds(zone: ZoneOffsets, epochMilliseconds: number): number {
  const name = zone.format.formatToParts(epochMilliseconds).find((part) => part.type === 'timeZoneName');
  const match = offsetNamePattern.exec(name?.value ?? '');
  if (!match) throw new Error(`unexpected time zone offset "${name?.value ?? ''}" from ICU`);
  const [, sign, hours, minutes, seconds] = match;
  if (sign === undefined) return 0;
  const magnitude = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds ?? 0);
  return sign === '-' ? -magnitude : magnitude;
}

/**
 * The offset from UTC of `timeZone`'s clock at an instant, in seconds (DST included), by the tz rules
 * of Node's ICU: the one source of every offset perx writes, whichever engine computed the rows. Asking
 * ICU is slow next to writing a row, so each hour is asked about at its first and last millisecond once:
 * when they agree, the whole hour has that offset (no zone changes its offset twice within an hour).
 */
export function zoneOffsetSeconds(timeZone: string, epochMilliseconds: number): number {
  const zone = zoneOffsets(timeZone);
  const hour = Math.floor(epochMilliseconds / hourMs);
  let offset = zone.hours.get(hour);
  if (offset === undefined) {
    const first = exactOffsetSeconds(zone, Math.max(hour * hourMs, -lastMs));
    const last = exactOffsetSeconds(zone, Math.min(hour * hourMs + hourMs - 1, lastMs));
    offset = first === last ? first : null;
    if (zone.hours.size >= rememberedHours) zone.hours.clear();
    zone.hours.set(hour, offset);
  }
  return offset ?? exactOffsetSeconds(zone, epochMilliseconds);
}

/** Whether the zone is UTC itself under any of its names (UTC, Etc/UTC, GMT, ...). */
export function isUtcZone(timeZone: string): boolean {
  return zoneOffsets(timeZone).isUtc;
}

/** An offset as ISO 8601 writes it, +08:00 or -04:00; seconds too when it has them (+06:55:25). */
export function offsetText(seconds: number): string {
  const magnitude = Math.abs(seconds);
  const pad = (value: number) => String(value).padStart(2, '0');
  const rest = magnitude % 60;
  return (
    `${seconds < 0 ? '-' : '+'}${pad(Math.floor(magnitude / 3600))}:${pad(Math.floor((magnitude % 3600) / 60))}` +
    (rest === 0 ? '' : `:${pad(rest)}`)
  );
}
