/**
 * Business-hours arithmetic for SLA clocks over a tenant's SLA calendar (sla-calendar.ts): open hours
 * per weekday and holidays, in the calendar's time zone. Every open range is turned into real instants
 * before it is counted, so a clock across a DST change counts the hours that really pass (a 24/7
 * calendar's spring-forward day has 23 hours). Time-zone data comes from the runtime's Intl (ICU).
 */
import { PRODUCT_BUSINESS_HOURS, productCalendar, rangesInMinutes, WEEKDAYS, type SlaCalendar, type Weekday } from './sla-calendar.ts';

const BUSINESS_DAY_START_HOUR = 8;
const BUSINESS_DAY_END_HOUR = 18;
/** The product calendar's business day (08:00–18:00): the length of "1 business day" in the SLA definitions. */
export const BUSINESS_HOURS_PER_DAY = BUSINESS_DAY_END_HOUR - BUSINESS_DAY_START_HOUR;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const wallFormatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    wallFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** A time zone the runtime knows, or UTC (a tenant with a typo in its zone still gets SLA clocks). */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    wallFormatter(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** The local wall-clock time of `instant` in `timeZone`, written as if it were a UTC timestamp. */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of wallFormatter(timeZone).formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

const offsetAt = (instant: number, timeZone: string): number => wallClock(instant, timeZone) - Math.floor(instant / 1000) * 1000;

/**
 * The instant the local wall-clock time `minute` (0–1440) of calendar day `day` happens in `timeZone`.
 * A time repeated when clocks go back is its first occurrence; a time skipped when they go forward is
 * the moment the gap ends (so an hour that did not exist counts as no time at all).
 */
function instantOf(day: string, minute: number, timeZone: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`) + minute * MINUTE;
  // Offset changes are at least a day apart in every zone, so the offsets 14 hours either side are the only two candidates.
  const before = offsetAt(wall - 14 * HOUR, timeZone);
  const after = offsetAt(wall + 14 * HOUR, timeZone);
  const candidates = [wall - before, wall - after].filter((instant) => wallClock(instant, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the end of the gap is the first instant with the later offset, between the two candidates.
  let low = Math.min(wall - before, wall - after);
  let high = Math.max(wall - before, wall - after);
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2000) * 1000;
    if (offsetAt(middle, timeZone) === after) high = middle;
    else low = middle;
  }
  return high;
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

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
const weekdayOf = (day: string): Weekday => WEEKDAYS[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7]!;

/** A calendar, or a bare time zone meaning the product's hours in it. */
export type CalendarOrZone = SlaCalendar | string | null | undefined;

interface PreparedCalendar {
  zone: string;
  holidays: ReadonlySet<string>;
  ranges: Readonly<Record<Weekday, Array<[number, number]>>>;
}

const prepared = new WeakMap<SlaCalendar, PreparedCalendar>();
const productPrepared = new Map<string, PreparedCalendar>();

function prepare(calendar: CalendarOrZone): PreparedCalendar {
  if (typeof calendar === 'object' && calendar !== null) {
    let ready = prepared.get(calendar);
    if (!ready) {
      ready = {
        zone: safeTimeZone(calendar.timezone),
        holidays: new Set(calendar.holidays.map((holiday) => holiday.date)),
        ranges: Object.fromEntries(WEEKDAYS.map((day) => [day, rangesInMinutes(calendar.hours[day] ?? [])])) as Record<
          Weekday,
          Array<[number, number]>
        >,
      };
      prepared.set(calendar, ready);
    }
    return ready;
  }
  const zone = safeTimeZone(calendar);
  let ready = productPrepared.get(zone);
  if (!ready) {
    ready = prepare(productCalendar(zone));
    productPrepared.set(zone, ready);
  }
  return ready;
}

/** The open intervals (real instants) of the calendar from `from` on, day by day; ends after `maxDays` local days. */
function* openIntervals(from: number, calendar: PreparedCalendar, maxDays: number): Generator<[number, number]> {
  let day = localDay(new Date(from), calendar.zone);
  for (let walked = 0; walked < maxDays; walked += 1, day = nextDay(day)) {
    if (calendar.holidays.has(day)) continue;
    for (const [open, close] of calendar.ranges[weekdayOf(day)]) {
      const end = instantOf(day, close, calendar.zone);
      if (end <= from) continue;
      const start = Math.max(instantOf(day, open, calendar.zone), from);
      if (end > start) yield [start, end];
    }
  }
}

/** Far enough for any SLA; a calendar is never closed this long (at least one open weekday, finitely many holidays). */
const MAX_WALK_DAYS = 5 * 366;

/** The instant `minutes` business minutes after `start` in the calendar (the product's hours when given a time zone). */
export function addBusinessMinutes(start: Date, minutes: number, calendar: CalendarOrZone = 'UTC'): Date {
  const ready = prepare(calendar);
  let remaining = Math.round(minutes) * MINUTE;
  // Truncate to whole minutes so due times are whole minutes.
  const from = Math.floor(start.getTime() / MINUTE) * MINUTE;
  for (const [open, close] of openIntervals(from, ready, MAX_WALK_DAYS)) {
    if (remaining <= close - open) return new Date(open + remaining);
    remaining -= close - open;
  }
  throw new RangeError(`the SLA calendar has no ${minutes} business minutes within ${MAX_WALK_DAYS} days`);
}

/** The instant `hours` business hours after `start` in the calendar (the product's hours when given a time zone). */
export function addBusinessHours(start: Date, hours: number, calendar: CalendarOrZone = 'UTC'): Date {
  return addBusinessMinutes(start, hours * 60, calendar);
}

/** Business minutes between two instants in the calendar (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, calendar: CalendarOrZone = 'UTC'): number {
  if (to <= from) return 0;
  const ready = prepare(calendar);
  let total = 0;
  const days = Math.ceil((to.getTime() - from.getTime()) / DAY) + 2;
  for (const [open, close] of openIntervals(from.getTime(), ready, days)) {
    if (open >= to.getTime()) break;
    total += Math.min(close, to.getTime()) - open;
  }
  return Math.floor(total / MINUTE);
}

/**
 * The length of "1 business day" in a calendar, in minutes: the open hours of an average open weekday
 * (10 hours for the product's 08:00–18:00, 24 for a 24/7 calendar, 8 for 09:00–17:00).
 */
export function businessDayMinutes(calendar: CalendarOrZone = 'UTC'): number {
  const ready = prepare(calendar);
  const perDay = WEEKDAYS.map((day) => ready.ranges[day].reduce((sum, [open, close]) => sum + close - open, 0)).filter(
    (minutes) => minutes > 0,
  );
  if (perDay.length === 0) return BUSINESS_HOURS_PER_DAY * 60;
  return Math.round(perDay.reduce((sum, minutes) => sum + minutes, 0) / perDay.length);
}

/** Whole business days between two instants (for "inspect within 3 business days"). */
export function businessDaysBetween(from: Date, to: Date, calendar: CalendarOrZone = 'UTC'): number {
  return Math.floor(businessMinutesBetween(from, to, calendar) / businessDayMinutes(calendar));
}

/**
 * The business day `days` business days after the calendar day `day` (YYYY-MM-DD), as YYYY-MM-DD: days
 * the calendar is open and not a holiday (Monday–Friday without a calendar). Calendar days have no time
 * zone: take today's with `localDay(now, tenantZone)`.
 */
export function addBusinessDays(day: string, days: number, calendar?: SlaCalendar): string {
  const cursor = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(cursor.getTime()) || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`not a calendar day: ${day}`);
  const hours = calendar?.hours ?? PRODUCT_BUSINESS_HOURS;
  const holidays = new Set(calendar?.holidays.map((holiday) => holiday.date) ?? []);
  let current = day;
  let left = days;
  for (let guard = 0; left > 0 && guard < MAX_WALK_DAYS; guard += 1) {
    current = nextDay(current);
    if ((hours[weekdayOf(current)]?.length ?? 0) > 0 && !holidays.has(current)) left -= 1;
  }
  return current;
}
