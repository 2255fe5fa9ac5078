/**
 * Reading and changing a tenant's SLA calendar (table tenant_sla_calendars; the time zone stays on the
 * tenant). A change is validated whole before anything is written and applies to clocks started after
 * it: due times already set are promises made, and are not moved.
 */
import type { Tx } from '../db/database.ts';
import { NotFoundError, parseOrThrow } from '../errors.ts';
import { setTenantTimezoneIn } from '../tenants/tenants.ts';
import { safeTimeZone } from './business-hours.ts';
import {
  completeCalendar,
  productCalendar,
  slaCalendarInputSchema,
  WEEKDAYS,
  type Holiday,
  type SlaCalendar,
  type Weekday,
} from './sla-calendar.ts';

/** A stored calendar with its tenant's time zone; the product's hours when there is no row. */
export function calendarFromRow(timezone: string | null | undefined, hours: unknown, holidays: unknown): SlaCalendar {
  const zone = safeTimeZone(timezone);
  if (!hours || typeof hours !== 'object') return productCalendar(zone);
  const stored = hours as Partial<Record<Weekday, string[]>>;
  return {
    timezone: zone,
    hours: Object.fromEntries(WEEKDAYS.map((day) => [day, Array.isArray(stored[day]) ? stored[day] : []])) as Record<Weekday, string[]>,
    holidays: Array.isArray(holidays) ? (holidays as Holiday[]) : [],
  };
}

export interface TenantSlaCalendar {
  calendar: SlaCalendar;
  /** False while the tenant counts the product's hours (no calendar of its own was set). */
  custom: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/** The tenant's calendar, read in the caller's transaction (tenant-scoped or operator). */
export async function readSlaCalendar(tx: Tx, tenantId: string): Promise<TenantSlaCalendar> {
  const result = await tx.query<{
    timezone: string;
    hours: unknown;
    holidays: unknown;
    updated_at: Date | null;
    updated_by: string | null;
  }>(
    `SELECT t.timezone, c.hours, c.holidays, c.updated_at, c.updated_by
       FROM tenants t LEFT JOIN tenant_sla_calendars c ON c.tenant_id = t.id WHERE t.id = $1`,
    [tenantId],
  );
  const row = result.rows[0];
  if (!row) throw new NotFoundError('tenant', tenantId);
  return {
    calendar: calendarFromRow(row.timezone, row.hours, row.holidays),
    custom: row.hours !== null,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export interface SlaCalendarChange {
  before: SlaCalendar;
  after: SlaCalendar;
}

/**
 * Sets the tenant's calendar (the tenant's time zone included) in the caller's transaction, after
 * validating all of it (a ValidationError naming every bad field, nothing written). The caller writes
 * the audit entry in the same transaction.
 */
export async function setSlaCalendarIn(tx: Tx, tenantId: string, input: unknown, actor: string): Promise<SlaCalendarChange> {
  const after = completeCalendar(parseOrThrow(slaCalendarInputSchema, input, 'SLA calendar'));
  const { calendar: before } = await readSlaCalendar(tx, tenantId);
  if (before.timezone !== after.timezone) await setTenantTimezoneIn(tx, tenantId, after.timezone);
  await tx.query(
    `INSERT INTO tenant_sla_calendars (tenant_id, hours, holidays, updated_by) VALUES ($1, $2::jsonb, $3::jsonb, $4)
     ON CONFLICT (tenant_id) DO UPDATE SET hours = EXCLUDED.hours, holidays = EXCLUDED.holidays, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [tenantId, JSON.stringify(after.hours), JSON.stringify(after.holidays), actor],
  );
  return { before, after };
}
