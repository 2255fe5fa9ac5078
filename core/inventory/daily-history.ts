/**
 * Daily demand and stock per SKU × location: the history demand forecasts learn from. Rows arrive by
 * import (a WMS/ERP daily snapshot, the demo simulation), set-based in one statement, or by rolling up
 * the movement ledger day by day. Reads return one dense series per SKU × location.
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { ValidationError, parseOrThrow } from '../errors.ts';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');

export const dailyHistoryRowSchema = z
  .object({
    skuId: z.uuid(),
    locationId: z.uuid(),
    day: isoDay,
    demand: z.number().int().min(0),
    filled: z.number().int().min(0),
    received: z.number().int().min(0).default(0),
    onHand: z.number().int(),
    onOrder: z.number().int().min(0).default(0),
    nextReceiptOn: isoDay.nullable().default(null),
  })
  .refine((row) => row.filled <= row.demand, { message: 'filled cannot exceed demand', path: ['filled'] });
export type DailyHistoryRow = z.input<typeof dailyHistoryRowSchema>;

/** Imports history rows in one statement (replacing rows of the same SKU × location × day). */
export async function importDailyHistory(tx: Tx, input: readonly DailyHistoryRow[]): Promise<number> {
  const rows = parseOrThrow(z.array(dailyHistoryRowSchema).max(2_000_000), input, 'daily history');
  if (rows.length === 0) return 0;
  const column = <K extends keyof (typeof rows)[number]>(key: K) => rows.map((row) => row[key]);
  const result = await tx.query(
    `INSERT INTO inventory_daily_history (tenant_id, sku_id, location_id, day, demand, filled, received, on_hand, on_order, next_receipt_on, source)
     SELECT copilot_tenant_id(), r.* , 'import'
       FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::date[]) AS r
     ON CONFLICT (tenant_id, sku_id, location_id, day) DO UPDATE
        SET demand = EXCLUDED.demand, filled = EXCLUDED.filled, received = EXCLUDED.received, on_hand = EXCLUDED.on_hand,
            on_order = EXCLUDED.on_order, next_receipt_on = EXCLUDED.next_receipt_on, source = EXCLUDED.source`,
    [
      column('skuId'),
      column('locationId'),
      column('day'),
      column('demand'),
      column('filled'),
      column('received'),
      column('onHand'),
      column('onOrder'),
      column('nextReceiptOn'),
    ],
  );
  return result.rowCount ?? rows.length;
}

const rollUpSchema = z
  .object({ from: isoDay, to: isoDay })
  .refine((range) => range.from <= range.to, { message: 'from must not be after to', path: ['from'] });

/**
 * Rolls the movement ledger up into daily rows for every stocked SKU × fulfilling location, days
 * `from`..`to` in the tenant's time zone: filled = units shipped, received = receipts, on-hand at the
 * close of day = today's available + allocated minus every later net movement, open POs as of that
 * evening. Demand is what shipped: on a stockout day it undercounts (the gap is not in the ledger).
 */
export async function rollUpDailyHistory(tx: Tx, input: { from: string; to: string }): Promise<number> {
  const range = parseOrThrow(rollUpSchema, input, 'roll-up range');
  const result = await tx.query(
    `WITH settings AS (SELECT timezone AS tz FROM tenants WHERE id = copilot_tenant_id()),
     bounds AS (SELECT $1::date AS first_day, $2::date AS last_day, s.tz FROM settings s),
     series AS (SELECT DISTINCT b.sku_id, b.location_id FROM inventory_balances b JOIN locations l ON l.id = b.location_id WHERE l.fulfills_orders),
     days AS (SELECT generate_series(first_day, last_day, interval '1 day')::date AS day FROM bounds),
     moves AS (
       SELECT m.sku_id, m.location_id, (m.occurred_at AT TIME ZONE b.tz)::date AS day,
              sum(m.quantity) FILTER (WHERE m.kind = 'shipment')::int AS shipped,
              sum(m.quantity) FILTER (WHERE m.kind = 'receipt')::int AS received,
              sum(CASE WHEN coalesce(m.to_status IN ('available', 'allocated'), false) AND NOT coalesce(m.from_status IN ('available', 'allocated'), false) THEN m.quantity
                       WHEN coalesce(m.from_status IN ('available', 'allocated'), false) AND NOT coalesce(m.to_status IN ('available', 'allocated'), false) THEN -m.quantity
                       ELSE 0 END)::int AS net
         FROM inventory_movements m, bounds b
        WHERE m.occurred_at >= (b.first_day::timestamp AT TIME ZONE b.tz)
        GROUP BY 1, 2, 3),
     -- Movements after the range, summed per series: the grid below spans only the rolled-up days (a
     -- nightly roll-up is one day per series, not every day since), so later days enter as one number.
     later AS (SELECT m.sku_id, m.location_id, sum(m.net)::int AS net FROM moves m, bounds b WHERE m.day > b.last_day GROUP BY 1, 2),
     current_stock AS (
       SELECT sku_id, location_id, coalesce(sum(quantity) FILTER (WHERE status IN ('available', 'allocated')), 0)::int AS on_hand
         FROM inventory_balances GROUP BY 1, 2),
     grid AS (
       SELECT s.sku_id, s.location_id, d.day, coalesce(m.shipped, 0) AS shipped, coalesce(m.received, 0) AS received,
              c.on_hand - coalesce(later.net, 0)
                - coalesce(sum(coalesce(m.net, 0)) OVER (PARTITION BY s.sku_id, s.location_id ORDER BY d.day DESC
                                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS on_hand
         FROM series s CROSS JOIN days d
         JOIN current_stock c ON c.sku_id = s.sku_id AND c.location_id = s.location_id
         LEFT JOIN later ON later.sku_id = s.sku_id AND later.location_id = s.location_id
         LEFT JOIN moves m ON m.sku_id = s.sku_id AND m.location_id = s.location_id AND m.day = d.day),
     -- Each open PO line spread over the days it was open (created … received), so the join below is by key.
     po_days AS (
       SELECT l.sku_id, p.location_id, gs.day::date AS day, sum(greatest(l.quantity_ordered - l.quantity_received, 0))::int AS open,
              min((p.expected_at AT TIME ZONE b.tz)::date) AS next_on
         FROM purchase_orders p JOIN purchase_order_lines l ON l.purchase_order_id = p.id CROSS JOIN bounds b
         CROSS JOIN LATERAL generate_series(greatest((p.created_at AT TIME ZONE b.tz)::date, b.first_day),
                                            CASE WHEN p.status = 'received' THEN (p.updated_at AT TIME ZONE b.tz)::date - 1 ELSE b.last_day END,
                                            interval '1 day') AS gs(day)
        WHERE p.status NOT IN ('draft', 'cancelled')
        GROUP BY 1, 2, 3)
     INSERT INTO inventory_daily_history (tenant_id, sku_id, location_id, day, demand, filled, received, on_hand, on_order, next_receipt_on, source)
     SELECT copilot_tenant_id(), g.sku_id, g.location_id, g.day, g.shipped, g.shipped, g.received, g.on_hand,
            coalesce(po.open, 0), po.next_on, 'ledger'
       FROM grid g
       LEFT JOIN po_days po ON po.sku_id = g.sku_id AND po.location_id = g.location_id AND po.day = g.day
     ON CONFLICT (tenant_id, sku_id, location_id, day) DO UPDATE
        SET demand = EXCLUDED.demand, filled = EXCLUDED.filled, received = EXCLUDED.received, on_hand = EXCLUDED.on_hand,
            on_order = EXCLUDED.on_order, next_receipt_on = EXCLUDED.next_receipt_on, source = EXCLUDED.source`,
    [range.from, range.to],
  );
  return result.rowCount ?? 0;
}

/** One SKU × location's history, dense from its first to its last row (a missing day reads as no demand, stock carried over). */
export interface DailySeries {
  skuId: string;
  skuCode: string;
  locationId: string;
  locationCode: string;
  firstDay: string;
  demand: number[];
  filled: number[];
  onHand: number[];
  onOrder: number[];
  /** Days from firstDay to the next expected receipt as known that evening (null: none open). */
  nextReceiptOffset: Array<number | null>;
}

export const readDailyHistoryInputSchema = z
  .object({
    from: isoDay,
    to: isoDay,
    skuIds: z.array(z.uuid()).max(100_000).optional(),
    locationIds: z.array(z.uuid()).max(10_000).optional(),
    /** Only rows from these sources (default both). */
    sources: z
      .array(z.enum(['import', 'ledger']))
      .min(1)
      .optional(),
  })
  .refine((range) => range.from <= range.to, { message: 'from must not be after to', path: ['from'] });
export type ReadDailyHistoryInput = z.input<typeof readDailyHistoryInputSchema>;

interface SeriesRow {
  sku_id: string;
  sku_code: string;
  location_id: string;
  location_code: string;
  /** The series' days, oldest first, as `offset,demand,filled,on_hand,on_order,next_offset;…` (next_offset empty: none). */
  packed: string;
}

interface PackedDays {
  offsets: number[];
  demand: number[];
  filled: number[];
  on_hand: number[];
  on_order: number[];
  next_offsets: Array<number | null>;
}

function unpack(packed: string): PackedDays {
  const days: PackedDays = { offsets: [], demand: [], filled: [], on_hand: [], on_order: [], next_offsets: [] };
  for (const day of packed.split(';')) {
    const [offset, demand, filled, onHand, onOrder, next] = day.split(',');
    days.offsets.push(Number(offset));
    days.demand.push(Number(demand));
    days.filled.push(Number(filled));
    days.on_hand.push(Number(onHand));
    days.on_order.push(Number(onOrder));
    days.next_offsets.push(next ? Number(next) : null);
  }
  return days;
}

/** Reads the history as one series per SKU × location, aggregated in SQL so big tenants stream few rows. */
export async function readDailyHistory(tx: Tx, input: ReadDailyHistoryInput): Promise<DailySeries[]> {
  const range = parseOrThrow(readDailyHistoryInputSchema, input, 'history range');
  const length = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
  if (length > 3_660)
    throw new ValidationError('history range is longer than ten years', [{ path: 'to', message: 'at most 3660 days after from' }]);
  const result = await tx.query<SeriesRow>(
    // Aggregated per series first, codes looked up per series after: joining the codes to every day's
    // row let the planner (without statistics) nest the join, quadratic in the number of SKUs. Each
    // series' days are packed into one text value by one ordered aggregate: six ordered array_aggs sorted
    // the rows six times, and the embedded database parses arrays element by element (docs/forecasting.md:
    // the read took about half the time packed).
    `SELECT a.*, (SELECT s.code FROM skus s WHERE s.id = a.sku_id) AS sku_code,
            (SELECT l.code FROM locations l WHERE l.id = a.location_id) AS location_code
       FROM (SELECT h.sku_id, h.location_id,
                    string_agg(concat_ws(',', h.day - $1::date, h.demand, h.filled, h.on_hand, h.on_order, coalesce((h.next_receipt_on - $1::date)::text, '')), ';' ORDER BY h.day) AS packed
               FROM inventory_daily_history h
              WHERE h.day BETWEEN $1::date AND $2::date
                AND ($3::uuid[] IS NULL OR h.sku_id = ANY($3)) AND ($4::uuid[] IS NULL OR h.location_id = ANY($4))
                AND ($5::text[] IS NULL OR h.source = ANY($5))
              GROUP BY h.sku_id, h.location_id) a
      ORDER BY sku_code, location_code`,
    [range.from, range.to, range.skuIds ?? null, range.locationIds ?? null, range.sources ?? null],
  );
  return result.rows.map((packedRow) => {
    const row = { ...packedRow, ...unpack(packedRow.packed) };
    const first = row.offsets[0] ?? 0;
    // Dense from the first row to the last: days in between without a row read as no demand.
    const span = Math.min(length, (row.offsets.at(-1) ?? first) + 1) - first;
    const demand = new Array<number>(span).fill(0);
    const filled = new Array<number>(span).fill(0);
    const onHand = new Array<number>(span).fill(0);
    const onOrder = new Array<number>(span).fill(0);
    const nextReceiptOffset = new Array<number | null>(span).fill(null);
    let cursor = 0;
    for (let index = 0; index < span; index += 1) {
      if (row.offsets[cursor] === index + first) {
        demand[index] = row.demand[cursor]!;
        filled[index] = row.filled[cursor]!;
        onHand[index] = row.on_hand[cursor]!;
        onOrder[index] = row.on_order[cursor]!;
        const next = row.next_offsets[cursor];
        nextReceiptOffset[index] = next === null || next === undefined ? null : next - first;
        cursor += 1;
      } else if (index > 0) {
        onHand[index] = onHand[index - 1]!;
        onOrder[index] = onOrder[index - 1]!;
        nextReceiptOffset[index] = nextReceiptOffset[index - 1]!;
      }
    }
    const firstDay = new Date(Date.parse(range.from) + first * 86_400_000).toISOString().slice(0, 10);
    return {
      skuId: row.sku_id,
      skuCode: row.sku_code,
      locationId: row.location_id,
      locationCode: row.location_code,
      firstDay,
      demand,
      filled,
      onHand,
      onOrder,
      nextReceiptOffset,
    };
  });
}
