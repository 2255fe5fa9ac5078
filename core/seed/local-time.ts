/** Wall-clock helpers in a tenant's time zone (orders arrive in business hours, waves run in the morning). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(
  instant: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const values = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
  return {
    year: Number(values.year),
    month: Number(values.month),
    day: Number(values.day),
    hour: Number(values.hour),
    minute: Number(values.minute),
    weekday: weekdays[values.weekday ?? 'Sun'] ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds. */
export function zoneOffset(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/** The instant of local midnight starting the local day that contains `instant`. */
export function localMidnight(instant: Date, timeZone: string): Date {
  const p = parts(instant, timeZone);
  const guess = Date.UTC(p.year, p.month - 1, p.day) - zoneOffset(instant, timeZone);
  return new Date(guess);
}

/** `hours` (fractional) after local midnight of the day containing `instant`. */
export function atLocalHour(instant: Date, hours: number, timeZone: string): Date {
  return new Date(localMidnight(instant, timeZone).getTime() + hours * 3_600_000);
}

export function localWeekday(instant: Date, timeZone: string): number {
  return parts(instant, timeZone).weekday;
}

/** The next local business day morning (Mon–Fri) at `hour`, strictly after `instant`'s day if it is past `hour`. */
export function nextBusinessMorning(instant: Date, hour: number, timeZone: string): Date {
  let candidate = atLocalHour(instant, hour, timeZone);
  if (candidate <= instant) candidate = atLocalHour(new Date(candidate.getTime() + 26 * 3_600_000), hour, timeZone);
  while ([0, 6].includes(localWeekday(candidate, timeZone)))
    candidate = atLocalHour(new Date(candidate.getTime() + 26 * 3_600_000), hour, timeZone);
  return candidate;
}

export const HOUR = 3_600_000;
export const DAY = 86_400_000;
