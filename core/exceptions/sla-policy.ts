/**
 * SLA clocks per exception type, as promised by ingestion/corpus/pol-sla-definitions.md: an
 * acknowledge clock and a resolve clock, in business hours of the tenant's SLA calendar (the product's
 * 08:00–18:00, Mon–Fri, when it has none) unless marked calendar. P1 (critical) exceptions page
 * on-call 24/7, so their clocks run on calendar hours. Keep this table and the policy document in step.
 */
import { addBusinessMinutes, BUSINESS_HOURS_PER_DAY, businessDayMinutes, type CalendarOrZone } from './business-hours.ts';
import type { ExceptionType, Severity } from './exception-types.ts';

export type SlaClock = 'business' | 'calendar';

export interface ExceptionSla {
  acknowledgeHours: number;
  resolveHours: number;
  /**
   * Targets the policy states in business days: counted as that many of the tenant calendar's business
   * days (business-hours.ts businessDayMinutes), so "1 business day" is 24 hours on a 24/7 calendar. The
   * hours above are the same targets on the product calendar (10 hours a day).
   */
  acknowledgeBusinessDays?: number;
  resolveBusinessDays?: number;
  /** Clock of the resolve target for non-critical exceptions. */
  resolveClock: SlaClock;
  /** The policy's wording, shown with the SLA so nobody has to reverse-engineer the numbers. */
  policy: string;
}

const DAY = BUSINESS_HOURS_PER_DAY;

export const EXCEPTION_SLAS: Readonly<Record<ExceptionType, ExceptionSla>> = {
  stock_conflict: { acknowledgeHours: 2, resolveHours: 8, resolveClock: 'business', policy: 'acknowledge 2h, resolve 8h' },
  payment_mismatch: {
    acknowledgeHours: 4,
    resolveHours: DAY,
    resolveBusinessDays: 1,
    resolveClock: 'business',
    policy: 'acknowledge 4h, resolve 1 business day',
  },
  address_validation_failed: {
    acknowledgeHours: 2,
    resolveHours: 12,
    resolveClock: 'business',
    policy: 'acknowledge 2h, resolve before carrier cutoff on the ship-by date (max 12h)',
  },
  erp_sync_failed: { acknowledgeHours: 1, resolveHours: 4, resolveClock: 'business', policy: 'acknowledge 1h, resolve 4h' },
  shipment_delayed: {
    acknowledgeHours: 8,
    resolveHours: 24,
    resolveClock: 'calendar',
    policy: 'acknowledge 8h, customer contacted within 24h calendar',
  },
  invoice_mismatch: {
    acknowledgeHours: DAY,
    acknowledgeBusinessDays: 1,
    resolveHours: 3 * DAY,
    resolveBusinessDays: 3,
    resolveClock: 'business',
    policy: 'acknowledge 1 business day, resolve 3 business days and before month-end close',
  },
  credit_hold: {
    acknowledgeHours: 4,
    resolveHours: DAY,
    resolveBusinessDays: 1,
    resolveClock: 'business',
    policy: 'acknowledge 4h, decision within 1 business day',
  },
  return_inspection_overdue: {
    acknowledgeHours: 4,
    resolveHours: 24,
    resolveClock: 'business',
    policy: 'acknowledge 4h, resolve 24h after flag',
  },
  backorder_aging: {
    acknowledgeHours: 8,
    resolveHours: 24,
    resolveClock: 'business',
    policy: 'acknowledge 8h, customer notice within 24h of flag',
  },
  duplicate_order: {
    acknowledgeHours: 1,
    resolveHours: DAY,
    resolveBusinessDays: 1,
    resolveClock: 'business',
    policy: 'acknowledge 1h, hold before next pick wave, resolve 1 business day',
  },
  // Predicted exceptions: the resolve clock is also capped by the day before the predicted event (resolveBy).
  stockout_risk: {
    acknowledgeHours: 8,
    resolveHours: 2 * DAY,
    resolveBusinessDays: 2,
    resolveClock: 'business',
    policy: 'acknowledge 8h, resolve 2 business days and before the projected stockout date',
  },
  late_shipment_risk: {
    acknowledgeHours: 2,
    resolveHours: 8,
    resolveClock: 'business',
    policy: 'acknowledge 2h, resolve 8h and before the ship-by date',
  },
  // What the product did and the system of record did not: the books disagree until a person or a retry fixes it.
  action_failed_downstream: {
    acknowledgeHours: 1,
    resolveHours: 4,
    resolveClock: 'business',
    policy: 'acknowledge 1h, resolve 4h (like a failed ERP sync)',
  },
  action_unconfirmed: {
    acknowledgeHours: 2,
    resolveHours: 8,
    resolveClock: 'business',
    policy: 'acknowledge 2h, resolve 8h (confirm with the system of record, or retry)',
  },
};

export interface SlaClocks {
  ackDueAt: Date;
  slaDueAt: Date;
}

const addHours = (start: Date, hours: number): Date => new Date(start.getTime() + hours * 3_600_000);

/**
 * The due times of an exception detected at `detectedAt`. `resolveBy` is a hard deadline from the
 * business (ship-by date, month-end close) that the resolve clock never runs past, but the clock never
 * lands before detection either: a cause found after its deadline is due at once (already late).
 */
export function computeSlaClocks(
  type: ExceptionType,
  severity: Severity,
  detectedAt: Date,
  slaCalendar: CalendarOrZone,
  resolveBy?: Date | null,
): SlaClocks {
  const sla = EXCEPTION_SLAS[type];
  const calendar = severity === 'critical';
  const business = (hours: number, days: number | undefined): Date =>
    addBusinessMinutes(detectedAt, days === undefined ? hours * 60 : days * businessDayMinutes(slaCalendar), slaCalendar);
  const ackDueAt = calendar ? addHours(detectedAt, sla.acknowledgeHours) : business(sla.acknowledgeHours, sla.acknowledgeBusinessDays);
  let slaDueAt =
    calendar || sla.resolveClock === 'calendar'
      ? addHours(detectedAt, sla.resolveHours)
      : business(sla.resolveHours, sla.resolveBusinessDays);
  if (resolveBy && resolveBy < slaDueAt) slaDueAt = resolveBy < detectedAt ? detectedAt : resolveBy;
  return { ackDueAt: ackDueAt > slaDueAt ? slaDueAt : ackDueAt, slaDueAt };
}
