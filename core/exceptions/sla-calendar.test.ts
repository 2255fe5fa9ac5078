import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addBusinessHours,
  addBusinessMinutes,
  businessDayMinutes,
  businessDaysBetween,
  businessMinutesBetween,
} from './business-hours.ts';
import { completeCalendar, slaCalendarInputSchema, type SlaCalendar, WEEKDAYS } from './sla-calendar.ts';
import { computeSlaClocks } from './sla-policy.ts';

const calendar = (input: unknown): SlaCalendar => completeCalendar(slaCalendarInputSchema.parse(input));
const allWeek = (range: string) => Object.fromEntries(WEEKDAYS.map((day) => [day, [range]]));
const weekdays = (range: string) => Object.fromEntries(WEEKDAYS.slice(0, 5).map((day) => [day, [range]]));
const iso = (date: Date): string => date.toISOString();

describe('SLA calendar input', () => {
  const issues = (input: unknown): string[] => {
    const result = slaCalendarInputSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('accepts a time zone alone (the product hours) and a full calendar', () => {
    expect(calendar({ timezone: 'Europe/Berlin' }).hours.monday).toEqual(['08:00-18:00']);
    expect(calendar({ timezone: 'Europe/Berlin' }).hours.saturday).toEqual([]);
    const full = calendar({
      timezone: 'America/New_York',
      hours: { monday: ['07:00-12:00', '13:00-19:00'], saturday: ['09:00-13:00'] },
      holidays: [{ date: '2026-12-25', name: 'Christmas Day' }, { date: '2026-11-26' }],
    });
    expect(full.hours.tuesday).toEqual([]); // a weekday left out is closed
    expect(full.holidays.map((holiday) => holiday.date)).toEqual(['2026-11-26', '2026-12-25']); // sorted
  });

  it('refuses what cannot be a calendar, naming the field', () => {
    expect(issues({ timezone: 'Mars/Olympus_Mons' })).toEqual([expect.stringMatching(/^timezone: not a known IANA time zone/)]);
    expect(issues({ timezone: 'UTC', hours: { monday: ['18:00-08:00'] } })).toEqual([
      'hours.monday.0: 18:00-08:00: closes before it opens',
    ]);
    expect(issues({ timezone: 'UTC', hours: { monday: ['08:00-12:00', '11:00-14:00'] } })).toEqual([
      'hours.monday.1: 11:00-14:00: overlaps or precedes the range before it',
    ]);
    expect(issues({ timezone: 'UTC', hours: { monday: ['8-18'] } })[0]).toMatch(/^hours.monday.0: hours are "HH:MM-HH:MM"/);
    expect(issues({ timezone: 'UTC', hours: { monday: ['08:00-24:01'] } })).toHaveLength(1);
    expect(issues({ timezone: 'UTC', hours: { funday: ['08:00-18:00'] } })[0]).toMatch(/funday/);
    expect(issues({ timezone: 'UTC', hours: { monday: [] } })).toEqual(['hours: at least one weekday must have business hours']);
    expect(issues({ timezone: 'UTC', holidays: [{ date: '2026-12-25' }, { date: '2026-12-25', name: 'again' }] })).toEqual([
      'holidays.1.date: duplicate holiday 2026-12-25',
    ]);
    expect(issues({ timezone: 'UTC', holidays: [{ date: '2026-02-30' }] })).toEqual(['holidays.0.date: not a calendar date']);
    expect(issues({ timezone: 'UTC', weekends: true })[0]).toMatch(/weekends/);
  });
});

describe('business hours on a tenant calendar', () => {
  const berlin = calendar({
    timezone: 'Europe/Berlin',
    hours: weekdays('09:00-17:00'),
    holidays: [{ date: '2026-12-22', name: 'Closed' }],
  });

  it('crosses a weekend', () => {
    // Friday 2026-12-18 16:00 CET (15:00Z) + 4h: 1h on Friday, then Monday 09:00 + 3h = 12:00 CET.
    expect(iso(addBusinessHours(new Date('2026-12-18T15:00:00Z'), 4, berlin))).toBe('2026-12-21T11:00:00.000Z');
  });

  it('skips a holiday in the middle of the window', () => {
    // Monday 21 December 15:00 CET + 4h: 2h on Monday, Tuesday is a holiday, Wednesday 09:00 + 2h = 11:00 CET.
    expect(iso(addBusinessHours(new Date('2026-12-21T14:00:00Z'), 4, berlin))).toBe('2026-12-23T10:00:00.000Z');
    expect(businessMinutesBetween(new Date('2026-12-21T14:00:00Z'), new Date('2026-12-23T10:00:00Z'), berlin)).toBe(240);
    // The holiday is the tenant's local day: 23:30 UTC on the 21st is already the 22nd in Berlin.
    expect(iso(addBusinessHours(new Date('2026-12-21T23:30:00Z'), 1, berlin))).toBe('2026-12-23T09:00:00.000Z');
    expect(addBusinessDays('2026-12-21', 1, berlin)).toBe('2026-12-23');
  });

  it('counts real hours across DST changes', () => {
    const always = calendar({ timezone: 'Europe/Berlin', hours: allWeek('00:00-24:00') });
    // Spring forward (Sunday 30 March 2025, 02:00 → 03:00): a 24/7 clock is wall time, 24 business hours = 24 real hours.
    expect(iso(addBusinessHours(new Date('2025-03-29T23:00:00Z'), 24, always))).toBe('2025-03-30T23:00:00.000Z');
    // Fall back (Sunday 26 October 2025, 03:00 → 02:00): the repeated hour is counted once, as it passes.
    expect(iso(addBusinessHours(new Date('2025-10-25T22:00:00Z'), 25, always))).toBe('2025-10-26T23:00:00.000Z');
    expect(businessMinutesBetween(new Date('2025-10-25T22:00:00Z'), new Date('2025-10-26T23:00:00Z'), always)).toBe(25 * 60);
    // Hours that fall into the skipped hour do not exist: 01:00–04:00 on the spring-forward Sunday is 2 real hours.
    const nights = calendar({ timezone: 'Europe/Berlin', hours: { sunday: ['01:00-04:00'] } });
    expect(businessMinutesBetween(new Date('2025-03-29T00:00:00Z'), new Date('2025-03-31T00:00:00Z'), nights)).toBe(120);
    // Office hours keep their local times on both sides of the change: Friday 17:00 CET + 2h = Monday 10:00 CEST.
    const office = calendar({ timezone: 'Europe/Berlin', hours: weekdays('09:00-18:00') });
    expect(iso(addBusinessHours(new Date('2025-03-28T16:00:00Z'), 2, office))).toBe('2025-03-31T08:00:00.000Z');
    // America/New_York falls back on 2 November 2025: Friday 17:00 EDT + 2h = Monday 09:00 EST.
    const newYork = calendar({ timezone: 'America/New_York' });
    expect(iso(addBusinessHours(new Date('2025-10-31T21:00:00Z'), 2, newYork))).toBe('2025-11-03T14:00:00.000Z');
  });

  it('runs around the clock for a 24/7 tenant', () => {
    const always = calendar({ timezone: 'Asia/Tokyo', hours: allWeek('00:00-24:00') });
    const saturday = new Date('2026-12-19T10:17:00Z');
    expect(iso(addBusinessHours(saturday, 5, always))).toBe('2026-12-19T15:17:00.000Z');
    expect(businessDayMinutes(always)).toBe(24 * 60);
    expect(businessDaysBetween(saturday, new Date('2026-12-21T10:17:00Z'), always)).toBe(2);
  });

  it('sizes "1 business day" by the calendar', () => {
    expect(businessDayMinutes('UTC')).toBe(600);
    expect(businessDayMinutes(berlin)).toBe(480);
    const monday = new Date('2026-12-14T09:00:00Z');
    // payment_mismatch resolves within 1 business day: 10h on the product hours, 24h for a 24/7 tenant, 8h from 09:00–17:00.
    expect(iso(computeSlaClocks('payment_mismatch', 'medium', monday, 'UTC').slaDueAt)).toBe('2026-12-15T09:00:00.000Z');
    const always = calendar({ timezone: 'UTC', hours: allWeek('00:00-24:00') });
    expect(iso(computeSlaClocks('payment_mismatch', 'medium', monday, always).slaDueAt)).toBe('2026-12-15T09:00:00.000Z');
    expect(iso(computeSlaClocks('erp_sync_failed', 'medium', monday, always).slaDueAt)).toBe('2026-12-14T13:00:00.000Z');
    // Monday 10:00 CET + 8 business hours from 09:00–17:00 = Tuesday 10:00 CET.
    expect(iso(computeSlaClocks('payment_mismatch', 'medium', monday, berlin).slaDueAt)).toBe('2026-12-15T09:00:00.000Z');
  });

  it('adds and measures consistently on any calendar (property)', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'];
    const range = fc
      .tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 48 }))
      .filter(([open, close]) => close > open)
      .map(
        ([open, close]) =>
          `${String(Math.floor(open / 2)).padStart(2, '0')}:${open % 2 ? '30' : '00'}-${close === 48 ? '24:00' : `${String(Math.floor(close / 2)).padStart(2, '0')}:${close % 2 ? '30' : '00'}`}`,
      );
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.array(fc.option(range, { nil: undefined }), { minLength: 7, maxLength: 7 }).filter((days) => days.some(Boolean)),
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 5000 }),
        (timezone, days, start, minutes) => {
          const hours = Object.fromEntries(WEEKDAYS.flatMap((day, index) => (days[index] ? [[day, [days[index]]]] : [])));
          const tenant = calendar({ timezone, hours });
          const due = addBusinessMinutes(start, minutes, tenant);
          expect(due.getTime()).toBeGreaterThanOrEqual(Math.floor(start.getTime() / 60_000) * 60_000);
          expect(businessMinutesBetween(new Date(Math.floor(start.getTime() / 60_000) * 60_000), due, tenant)).toBe(minutes);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is wall time on a 24/7 calendar in any zone (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham'),
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 20_000 }),
        (timezone, start, minutes) => {
          const floored = Math.floor(start.getTime() / 60_000) * 60_000;
          expect(addBusinessMinutes(start, minutes, calendar({ timezone, hours: allWeek('00:00-24:00') })).getTime()).toBe(
            floored + minutes * 60_000,
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
