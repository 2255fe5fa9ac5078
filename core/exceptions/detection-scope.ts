/**
 * Everything a detection run needs before the rules run, in as few round trips as possible (this
 * runs inside every event's transaction): the tenant check and time zone, the scope expanded from the
 * touched entities — a shipment, return or invoice brings its order; an order brings its customer and
 * its SKUs (kit lines: their components, where the stock lives); a kit SKU brings its components —
 * and the exceptions already known inside that scope. A scoped run's statements are kept prepared on the
 * embedded database (decision 011): their plans are index probes by id arrays, the same for any ids.
 */
import type { Tx } from '../db/database.ts';
import { ConfigurationError } from '../errors.ts';
import type { SlaCalendar } from './sla-calendar.ts';
import { calendarFromRow } from './tenant-sla-calendar.ts';
import type { ExceptionStatus, ExceptionType, Severity, TouchedEntities } from './exception-types.ts';
import type { DetectionScope } from './rules/rule.ts';

/** A live exception, or a closed one whose cause has not cleared yet (it suppresses re-raising). */
export interface KnownException {
  id: string;
  type: ExceptionType;
  status: ExceptionStatus;
  dedupe_key: string;
  severity: Severity;
  evidence: Record<string, unknown>;
  title: string;
  detected_at: Date;
  sla_due_at: Date;
  order_id: string | null;
  sku_id: string | null;
  customer_id: string | null;
  cause_cleared_at: Date | null;
}

export interface DetectionContext {
  timeZone: string;
  /** The tenant's SLA calendar (its time zone is timeZone). */
  calendar: SlaCalendar;
  scope: DetectionScope | null;
  known: KnownException[];
}

const unique = (values: readonly string[] | undefined): string[] => [...new Set(values ?? [])];

/** Array columns come back as JS arrays from both backends; tolerate the text form defensively. */
function toArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.startsWith('{')) return value.slice(1, -1).split(',').filter(Boolean);
  return [];
}

export function isEmptyTouched(touched: TouchedEntities): boolean {
  return Object.values(touched).every((values) => !values || values.length === 0);
}

// The tenant's SLA calendar comes with the tenant row: one primary-key probe, no extra round trip.
const CALENDAR_COLUMNS = 'c.hours AS calendar_hours, c.holidays AS calendar_holidays';
const CALENDAR_JOIN = 'LEFT JOIN tenant_sla_calendars c ON c.tenant_id = t.id';
interface CalendarColumns {
  calendar_hours: unknown;
  calendar_holidays: unknown;
}

function calendarContext(row: { timezone: string } & CalendarColumns): { timeZone: string; calendar: SlaCalendar } {
  const calendar = calendarFromRow(row.timezone, row.calendar_hours, row.calendar_holidays);
  return { timeZone: calendar.timezone, calendar };
}

const KNOWN_COLUMNS = `id, type, status, dedupe_key, severity, evidence, title, detected_at, sla_due_at, order_id, sku_id, customer_id, cause_cleared_at`;
const KNOWN_FILTER = `type = ANY($1::text[]) AND (status IN ('open', 'triaging', 'awaiting_approval') OR cause_cleared_at IS NULL)`;

function tenantMismatch(tenantId: string): ConfigurationError {
  return new ConfigurationError('detectExceptions must run inside withTenant(db, tenantId, …) for that tenant', { tenantId });
}

/**
 * The light path for events: applyEvent's handlers already name each touched order's customer and
 * SKUs, so only kit components need looking up; two plan-cheap statements instead of the expansion.
 */
async function lightContext(
  tx: Tx,
  tenantId: string,
  touched: TouchedEntities,
  types: readonly ExceptionType[],
): Promise<DetectionContext> {
  const skuIds = unique(touched.skuIds);
  const tenant = await tx.query<{ timezone: string; current_tenant: string | null; components: unknown } & CalendarColumns>(
    `SELECT t.timezone, copilot_tenant_id()::text AS current_tenant, ${CALENDAR_COLUMNS},
            ARRAY(SELECT component_sku_id FROM kit_components WHERE kit_sku_id = ANY($2::uuid[])) AS components
       FROM tenants t ${CALENDAR_JOIN} WHERE t.id = $1`,
    [tenantId, skuIds],
    { prepare: 'everywhere' },
  );
  const row = tenant.rows[0];
  if (!row || row.current_tenant !== tenantId) throw tenantMismatch(tenantId);
  const scope: DetectionScope = {
    orderIds: unique(touched.orderIds),
    skuIds: [...new Set([...skuIds, ...toArray(row.components)])],
    locationIds: unique(touched.locationIds),
    customerIds: unique(touched.customerIds),
    shipmentIds: unique(touched.shipmentIds),
    returnIds: unique(touched.returnIds),
    invoiceIds: unique(touched.invoiceIds),
  };
  return { ...calendarContext(row), scope, known: await loadKnown(tx, scope, types) };
}

async function loadKnown(tx: Tx, scope: DetectionScope, types: readonly ExceptionType[]): Promise<KnownException[]> {
  const known = await tx.query<KnownException>(
    `SELECT ${KNOWN_COLUMNS} FROM exceptions
      WHERE ${KNOWN_FILTER} AND (order_id = ANY($2::uuid[]) OR sku_id = ANY($3::uuid[]) OR customer_id = ANY($4::uuid[]))`,
    [types, scope.orderIds, scope.skuIds, scope.customerIds],
    { prepare: 'everywhere' },
  );
  return known.rows;
}

export interface LoadContextOptions {
  /** The touched entities already include every touched order's customer and SKUs (true for applyEvent). */
  touchedIsComplete?: boolean;
}

export async function loadDetectionContext(
  tx: Tx,
  tenantId: string,
  touched: TouchedEntities | null,
  types: readonly ExceptionType[],
  options: LoadContextOptions = {},
): Promise<DetectionContext> {
  if (touched !== null && options.touchedIsComplete) return lightContext(tx, tenantId, touched, types);
  if (touched === null) {
    const tenant = await tx.query<{ timezone: string; current_tenant: string | null } & CalendarColumns>(
      `SELECT t.timezone, copilot_tenant_id()::text AS current_tenant, ${CALENDAR_COLUMNS} FROM tenants t ${CALENDAR_JOIN} WHERE t.id = $1`,
      [tenantId],
    );
    if (tenant.rows[0]?.current_tenant !== tenantId) throw tenantMismatch(tenantId);
    const known = await tx.query<KnownException>(`SELECT ${KNOWN_COLUMNS} FROM exceptions WHERE ${KNOWN_FILTER}`, [types]);
    return { ...calendarContext(tenant.rows[0]), scope: null, known: known.rows };
  }
  const result = await tx.query<
    {
      timezone: string;
      current_tenant: string | null;
      order_ids: unknown;
      customer_ids: unknown;
      sku_ids: unknown;
    } & CalendarColumns
  >(
    // Arrays and `= ANY(ARRAY(…))` rather than IN-subqueries, so every lookup is an index probe:
    // this query runs in every event's transaction and must not grow with the tenant's history.
    `WITH scoped_orders AS (
       SELECT o.id, o.customer_id FROM orders o
        WHERE o.id = ANY($1::uuid[] || ARRAY(SELECT order_id FROM shipments WHERE id = ANY($2::uuid[]))
                                   || ARRAY(SELECT order_id FROM returns WHERE id = ANY($3::uuid[]))
                                   || ARRAY(SELECT order_id FROM invoices WHERE id = ANY($4::uuid[])))
     ),
     order_skus AS (
       SELECT l.sku_id AS id FROM order_lines l WHERE l.order_id = ANY(ARRAY(SELECT id FROM scoped_orders))
       UNION SELECT unnest($5::uuid[])
     ),
     scoped_skus AS (
       SELECT id FROM order_skus
       UNION SELECT k.component_sku_id FROM kit_components k WHERE k.kit_sku_id = ANY(ARRAY(SELECT id FROM order_skus))
     ),
     scoped_customers AS (
       SELECT customer_id AS id FROM scoped_orders WHERE customer_id IS NOT NULL
       UNION SELECT unnest($6::uuid[])
     ),
     ids AS (
       SELECT ARRAY(SELECT id FROM scoped_orders) AS order_ids, ARRAY(SELECT id FROM scoped_skus) AS sku_ids,
              ARRAY(SELECT id FROM scoped_customers) AS customer_ids
     )
     SELECT t.timezone, copilot_tenant_id()::text AS current_tenant, ids.order_ids, ids.customer_ids, ids.sku_ids, ${CALENDAR_COLUMNS}
         FROM tenants t CROSS JOIN ids ${CALENDAR_JOIN} WHERE t.id = $7`,
    [
      unique(touched.orderIds),
      unique(touched.shipmentIds),
      unique(touched.returnIds),
      unique(touched.invoiceIds),
      unique(touched.skuIds),
      unique(touched.customerIds),
      tenantId,
    ],
    { prepare: 'everywhere' },
  );
  const row = result.rows[0];
  if (!row || row.current_tenant !== tenantId) throw tenantMismatch(tenantId);
  const scope: DetectionScope = {
    orderIds: toArray(row.order_ids),
    skuIds: toArray(row.sku_ids),
    locationIds: unique(touched.locationIds),
    customerIds: toArray(row.customer_ids),
    shipmentIds: unique(touched.shipmentIds),
    returnIds: unique(touched.returnIds),
    invoiceIds: unique(touched.invoiceIds),
  };
  return { ...calendarContext(row), scope, known: await loadKnown(tx, scope, types) };
}
