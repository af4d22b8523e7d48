/**
 * ISO 8601 date-times as java.time's ZonedDateTime.parse reads them (an offset is required, a
 * bracketed zone may follow), and as FEEL results look (local, or with a FEEL `@zone`).
 * Calendar arithmetic is in UTC.
 */
import { err, ok, type Result } from '../util/result.js';

const DAY_MS = 86_400_000;

const ZONED =
  /^([+-]?\d{4,9})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)?(?:\[([^\]]+)\]|@(.+))?$/i;

/**
 * A date-time as `ZonedDateTime.parse` reads it: an offset (`Z`, `+08:00`) is required, a zone in
 * brackets may follow. With `lenient` (values that came out of FEEL), a local date-time is taken
 * as UTC and a FEEL zone (`@Asia/Shanghai`) or bracketed zone without offset is resolved.
 */
export function parseDate(text: string, options: { lenient?: boolean } = {}): Result<number, string> {
  const message = `Text '${text}' could not be parsed`;
  const failure = err(message);
  const match = ZONED.exec(text.trim());
  if (!match) return failure;
  const [, y, mo, d, h, mi, s, fraction, offset, bracketZone, feelZone] = match;
  const year = Number(y);
  const month = Number(mo) - 1;
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? '0');
  if (month < 0 || month > 11 || day < 1 || day > daysInMonth(year, Math.max(month, 0)) || hour > 23 || minute > 59 || second > 59) {
    return failure;
  }
  const millis = fraction ? Number(fraction.padEnd(3, '0').slice(0, 3)) : 0;
  const local = utc(year, month, day) + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  const zone = bracketZone ?? feelZone;
  if (zone !== undefined && !isZone(zone)) return err(`${message}: Unknown time-zone ID '${zone}'`);
  if (feelZone !== undefined && (!options.lenient || offset !== undefined)) return failure;
  if (offset !== undefined) {
    const minutes = offsetMinutes(offset);
    if (minutes === undefined) return failure;
    return ok(local - minutes * 60_000);
  }
  if (!options.lenient) return failure;
  return ok(zone === undefined ? local : local - zoneOffsetAt(zone, local) * 60_000);
}

function offsetMinutes(offset: string): number | undefined {
  if (offset.toUpperCase() === 'Z') return 0;
  const [hours, minutes, seconds = '0'] = offset.slice(1).split(':');
  if (Number(hours) > 18 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const total = Number(hours) * 60 + Number(minutes) + Number(seconds) / 60;
  return offset.startsWith('-') ? -total : total;
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset in minutes for a wall-clock time given as if it were UTC. */
function zoneOffsetAt(zone: string, wallClock: number): number {
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(instant));
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const asUtc = utc(part('year'), part('month') - 1, part('day')) + ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000;
    return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
  };
  const first = offsetAt(wallClock);
  const second = offsetAt(wallClock - first * 60_000);
  return second;
}

/** Date.UTC without its two-digit-year quirk. */
export function utc(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(2000, month, day));
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month + 1, 1) - DAY_MS).getUTCDate();
}
