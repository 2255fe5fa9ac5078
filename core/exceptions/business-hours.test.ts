import { describe, expect, it } from 'vitest';
import { addBusinessHours, businessDaysBetween, safeTimeZone } from './business-hours.ts';

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
