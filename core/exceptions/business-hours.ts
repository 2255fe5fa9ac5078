/**
 * Business-hours arithmetic for SLA clocks: pol-sla-definitions counts 08:00–18:00 tenant local time,
 * Monday–Friday, unless a clock is marked calendar. Public holidays are not modelled.
 */
export const BUSINESS_DAY_START_HOUR = 8;
export const BUSINESS_DAY_END_HOUR = 18;
export const BUSINESS_HOURS_PER_DAY = BUSINESS_DAY_END_HOUR - BUSINESS_DAY_START_HOUR;

const MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

interface LocalTime {
  weekday: number; // 0 = Sunday
  minuteOfDay: number;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '0';
  return { weekday: WEEKDAYS[part('weekday')] ?? 0, minuteOfDay: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** A time zone the runtime knows, or UTC (a tenant with a typo in its zone still gets SLA clocks). */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/**
 * The instant `hours` business hours after `start` in `timeZone`. Walks the calendar in local
 * wall-clock minutes; across a DST change the walk re-reads the local time, so it lands on the
 * correct local hour to within the shift's length.
 */
export function addBusinessHours(start: Date, hours: number, timeZone = 'UTC'): Date {
  const zone = safeTimeZone(timeZone);
  const startMinute = BUSINESS_DAY_START_HOUR * 60;
  const endMinute = BUSINESS_DAY_END_HOUR * 60;
  let remaining = Math.round(hours * 60);
  // Truncate to whole minutes so the walk's arithmetic stays exact.
  let cursor = new Date(Math.floor(start.getTime() / MINUTE) * MINUTE);
  for (let guard = 0; guard < 10_000; guard += 1) {
    const local = localTime(cursor, zone);
    const workday = local.weekday >= 1 && local.weekday <= 5;
    if (!workday || local.minuteOfDay >= endMinute) {
      cursor = new Date(cursor.getTime() + (24 * 60 - local.minuteOfDay + startMinute) * MINUTE);
      continue;
    }
    if (local.minuteOfDay < startMinute) {
      cursor = new Date(cursor.getTime() + (startMinute - local.minuteOfDay) * MINUTE);
      continue;
    }
    const available = endMinute - local.minuteOfDay;
    if (remaining <= available) return new Date(cursor.getTime() + remaining * MINUTE);
    remaining -= available;
    cursor = new Date(cursor.getTime() + available * MINUTE);
  }
  throw new Error(`addBusinessHours did not converge for ${hours} hours`);
}

/** Whole business days between two instants (for "inspect within 3 business days"). */
export function businessDaysBetween(from: Date, to: Date, timeZone = 'UTC'): number {
  if (to <= from) return 0;
  let days = 0;
  let cursor = addBusinessHours(from, BUSINESS_HOURS_PER_DAY, timeZone);
  while (cursor <= to && days < 10_000) {
    days += 1;
    cursor = addBusinessHours(cursor, BUSINESS_HOURS_PER_DAY, timeZone);
  }
  return days;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) an instant falls on in `timeZone` (a late evening in New York is still that day there). */
export function localDay(instant: Date, timeZone = 'UTC'): string {
  const zone = safeTimeZone(timeZone);
  let formatter = dayFormatters.get(zone);
  if (!formatter) {
    // en-CA formats a date as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(zone, formatter);
  }
  return formatter.format(instant);
}

/**
 * The business day (Monday–Friday) `days` business days after the calendar day `day` (YYYY-MM-DD),
 * as YYYY-MM-DD. Calendar days have no time zone: take today's with `localDay(now, tenantZone)`.
 */
export function addBusinessDays(day: string, days: number): string {
  const cursor = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(cursor.getTime()) || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a calendar day: ${day}`);
  let left = days;
  while (left > 0) {
    cursor.setUTCDate(cursor.getUTCDate() + 1);
    if (cursor.getUTCDay() !== 0 && cursor.getUTCDay() !== 6) left -= 1;
  }
  return cursor.toISOString().slice(0, 10);
}
