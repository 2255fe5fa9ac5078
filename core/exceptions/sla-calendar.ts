/**
 * A tenant's SLA calendar: the time zone, the business hours of each weekday and the holidays the
 * SLA clocks count in. Without one, a tenant has the product's hours (08:00–18:00, Monday–Friday, no
 * holidays: ingestion/corpus/pol-sla-definitions.md). The time zone is the tenant's own (tenants.timezone).
 */
import { z } from 'zod';
import { timeZoneSchema } from '../tenants/tenants.ts';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** `HH:MM-HH:MM` in local wall-clock time; `24:00` closes at midnight (a pattern, so the OpenAPI document shows it too). */
const hoursRangeSchema = z
  .string()
  .regex(
    /^(?:[01]\d|2[0-3]):[0-5]\d-(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/,
    'hours are "HH:MM-HH:MM" (e.g. "08:00-18:00", "00:00-24:00" for the whole day)',
  )
  .meta({ example: '08:00-18:00' });

/** One weekday's open hours: ranges in order, each opening before it closes, none overlapping. Empty = closed. */
const dayHoursSchema = z
  .array(hoursRangeSchema)
  .max(12)
  .superRefine((ranges, context) => {
    let previousClose = -1;
    ranges.forEach((range, index) => {
      const [open, close] = range.split('-').map(minutesOf) as [number, number];
      if (close <= open) context.addIssue({ code: 'custom', path: [index], message: `${range}: closes before it opens` });
      else if (open < previousClose)
        context.addIssue({ code: 'custom', path: [index], message: `${range}: overlaps or precedes the range before it` });
      previousClose = Math.max(previousClose, close);
    });
  });

export const businessHoursSchema = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((day) => [day, dayHoursSchema.optional()])) as Record<Weekday, z.ZodOptional<typeof dayHoursSchema>>,
  )
  .refine((hours) => Object.values(hours).some((ranges) => (ranges?.length ?? 0) > 0), {
    message: 'at least one weekday must have business hours',
  });
export type BusinessHours = Partial<Record<Weekday, string[]>>;

const isCalendarDay = (day: string): boolean => {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
};

export const holidaySchema = z.strictObject({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
    .refine(isCalendarDay, 'not a calendar date'),
  name: z.string().trim().min(1).max(100).optional(),
});
export type Holiday = z.infer<typeof holidaySchema>;

export const holidaysSchema = z
  .array(holidaySchema)
  .max(1000)
  .superRefine((holidays, context) => {
    const seen = new Set<string>();
    holidays.forEach((holiday, index) => {
      if (seen.has(holiday.date)) context.addIssue({ code: 'custom', path: [index, 'date'], message: `duplicate holiday ${holiday.date}` });
      seen.add(holiday.date);
    });
  });

/**
 * A calendar as people write it (API body, CLI file, template): `hours` and `holidays` are optional —
 * absent `hours` are the product's, and a weekday left out of `hours` is closed.
 */
export const slaCalendarInputSchema = z.strictObject({
  timezone: timeZoneSchema,
  hours: businessHoursSchema.optional(),
  holidays: holidaysSchema.optional(),
});
export type SlaCalendarInput = z.input<typeof slaCalendarInputSchema>;

/** A calendar with everything filled in: what the clocks count with and what the API shows. */
export interface SlaCalendar {
  timezone: string;
  hours: Record<Weekday, string[]>;
  holidays: Holiday[];
}

export const PRODUCT_BUSINESS_HOURS: Readonly<Record<Weekday, string[]>> = Object.freeze({
  monday: ['08:00-18:00'],
  tuesday: ['08:00-18:00'],
  wednesday: ['08:00-18:00'],
  thursday: ['08:00-18:00'],
  friday: ['08:00-18:00'],
  saturday: [],
  sunday: [],
});

/** The calendar with the product's hours and no holidays, in `timezone`. */
export const productCalendar = (timezone: string): SlaCalendar => ({
  timezone,
  hours: { ...PRODUCT_BUSINESS_HOURS },
  holidays: [],
});

/** Fills a validated input's gaps: the product's hours when none are given, closed days as empty, holidays by date. */
export function completeCalendar(input: z.output<typeof slaCalendarInputSchema>): SlaCalendar {
  const hours = input.hours
    ? (Object.fromEntries(WEEKDAYS.map((day) => [day, [...(input.hours?.[day] ?? [])]])) as Record<Weekday, string[]>)
    : { ...PRODUCT_BUSINESS_HOURS };
  const holidays = [...(input.holidays ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  return { timezone: input.timezone, hours, holidays };
}

/** Open ranges of one weekday in minutes of the local day. */
export function rangesInMinutes(ranges: readonly string[]): Array<[number, number]> {
  return ranges.map((range) => range.split('-').map(minutesOf) as [number, number]);
}
