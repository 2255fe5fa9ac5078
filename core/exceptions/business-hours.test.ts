import { describe, expect, it } from 'vitest';
import { addBusinessDays, addBusinessHours, businessDaysBetween, localDay, safeTimeZone } from './business-hours.ts';

describe('addBusinessHours', () => {
  it('counts 08:00–18:00 on weekdays only', () => {
    // Monday 10:00 UTC + 4h = 14:00 the same day.
    expect(addBusinessHours(new Date('2025-03-10T10:00:00Z'), 4).toISOString()).toBe('2025-03-10T14:00:00.000Z');
    // Monday 16:00 + 4h: 2h on Monday, 2h from Tuesday 08:00.
    expect(addBusinessHours(new Date('2025-03-10T16:00:00Z'), 4).toISOString()).toBe('2025-03-11T10:00:00.000Z');
    // Friday 17:00 + 2h: 1h on Friday, 1h on Monday.
    expect(addBusinessHours(new Date('2025-03-14T17:00:00Z'), 2).toISOString()).toBe('2025-03-17T09:00:00.000Z');
    // Saturday night starts Monday 08:00.
    expect(addBusinessHours(new Date('2025-03-15T23:00:00Z'), 1).toISOString()).toBe('2025-03-17T09:00:00.000Z');
  });

  it('follows the tenant time zone, across a DST change', () => {
    // 07:00 in New York (EDT, UTC-4) on Monday 10 March: the clock starts at 08:00 local = 12:00 UTC.
    expect(addBusinessHours(new Date('2025-03-10T11:00:00Z'), 1, 'America/New_York').toISOString()).toBe('2025-03-10T13:00:00.000Z');
    // Friday 7 March 17:00 EST (22:00 UTC) + 2h: 1h Friday, then Monday 08:00 EDT (12:00 UTC) + 1h.
    expect(addBusinessHours(new Date('2025-03-07T22:00:00Z'), 2, 'America/New_York').toISOString()).toBe('2025-03-10T13:00:00.000Z');
  });

  it('counts whole business days and tolerates unknown zones', () => {
    expect(businessDaysBetween(new Date('2025-03-06T10:00:00Z'), new Date('2025-03-11T10:00:00Z'))).toBe(3);
    expect(businessDaysBetween(new Date('2025-03-06T10:00:00Z'), new Date('2025-03-11T09:59:00Z'))).toBe(2);
    expect(safeTimeZone('Mars/Olympus_Mons')).toBe('UTC');
  });
});

describe('business days on the calendar', () => {
  it('reads the day an instant falls on in the tenant time zone', () => {
    // 02:00 UTC on Saturday 15 March is still Friday 14 March in New York and already Saturday in Berlin.
    expect(localDay(new Date('2025-03-15T02:00:00Z'), 'America/New_York')).toBe('2025-03-14');
    expect(localDay(new Date('2025-03-15T02:00:00Z'), 'Europe/Berlin')).toBe('2025-03-15');
    expect(localDay(new Date('2025-03-15T02:00:00Z'), 'Not/AZone')).toBe('2025-03-15');
  });

  it('adds weekdays only, skipping Saturday and Sunday', () => {
    expect(addBusinessDays('2025-03-10', 2)).toBe('2025-03-12'); // Monday → Wednesday
    expect(addBusinessDays('2025-03-13', 2)).toBe('2025-03-17'); // Thursday → Monday
    expect(addBusinessDays('2025-03-14', 5)).toBe('2025-03-21'); // Friday → next Friday
    expect(addBusinessDays('2025-03-15', 1)).toBe('2025-03-17'); // Saturday → Monday
    expect(addBusinessDays('2025-02-27', 2)).toBe('2025-03-03'); // across a month end
    expect(addBusinessDays('2025-03-10', 0)).toBe('2025-03-10');
    expect(() => addBusinessDays('10 March', 1)).toThrow(/not a calendar day/);
  });

  it('counts from the tenant’s today, not UTC’s', () => {
    // 23:30 UTC on Thursday 13 March is 08:30 on Friday in Tokyo: one business day later is Monday there, Friday in UTC.
    const thursdayNightUtc = new Date('2025-03-13T23:30:00Z');
    expect(addBusinessDays(localDay(thursdayNightUtc, 'Asia/Tokyo'), 1)).toBe('2025-03-17');
    expect(addBusinessDays(localDay(thursdayNightUtc, 'UTC'), 1)).toBe('2025-03-14');
  });
});
