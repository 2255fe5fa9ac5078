/**
 * duplicate_order (rb-duplicate-order): a later order that repeats an earlier one — the same customer,
 * the same SKUs and quantities and a total within 1% (at least $1), placed within 30 minutes — or
 * the same channel order id imported twice. The later order is the suspected duplicate. Clears when
 * either order is cancelled. Scoped runs check the touched orders against their possible partners only.
 */
import type { Severity } from '../exception-types.ts';
import { duplicateOrderEvidenceSchema } from '../evidence/order-evidence.ts';
import { money, scopeIsEmpty, type ExceptionRule } from './rule.ts';

export const DUPLICATE_WINDOW_MINUTES = 30;

interface DuplicateRow {
  order_id: string;
  order_number: string;
  order_status: string;
  channel: string;
  external_ref: string | null;
  placed_at: Date;
  total: number;
  currency: string;
  customer_id: string | null;
  customer_code: string | null;
  original_id: string;
  original_number: string;
  original_status: string;
  original_placed_at: Date;
  original_total: number;
  same_external_ref: boolean;
  captured: number;
  original_captured: number;
  line_count: number;
}

/** The duplicate already left the pick queue, so stopping it needs the warehouse (P1). */
const IN_PICK_OR_LATER = new Set(['released', 'partially_shipped', 'shipped', 'invoiced', 'closed']);

/**
 * Cheap pre-check for scoped runs: almost every new order has no other order from the same customer
 * within the window with a total that close and the same items, and no twin channel id, and then the
 * pairing query (costly to plan, and quadratic in the candidates of a slice of orders) is skipped.
 * Each test is the pairing's own or looser, so it never skips a pair the pairing would match: neither
 * order cancelled; the total within 1% (at least $1) of the larger of the two totals; the same
 * multiset of (SKU, quantity) lines, which is what equal line signatures mean (both directions of
 * EXCEPT ALL empty). The items test matters under repetition: a returning customer's orders of the
 * same value a few minutes apart are common in peak season, the same basket twice is rare, and
 * without it about two slices in three of a skewed order stream paid for the pairing (docs/benchmarks.md).
 */
const POSSIBLE_PARTNER = `EXISTS (SELECT 1 FROM orders a
      WHERE a.id = ANY($1::uuid[]) AND a.status <> 'cancelled'
        AND (EXISTS (SELECT 1 FROM orders p WHERE p.customer_id = a.customer_id AND p.id <> a.id AND p.status <> 'cancelled'
                       AND p.placed_at BETWEEN a.placed_at - make_interval(mins => ${DUPLICATE_WINDOW_MINUTES})
                                           AND a.placed_at + make_interval(mins => ${DUPLICATE_WINDOW_MINUTES})
                       AND abs(p.total - a.total) <= greatest(1.00, 0.01 * greatest(p.total, a.total))
                       AND NOT EXISTS (
                         (SELECT sku_id, quantity_ordered FROM order_lines WHERE order_id = a.id
                          EXCEPT ALL SELECT sku_id, quantity_ordered FROM order_lines WHERE order_id = p.id)
                         UNION ALL
                         (SELECT sku_id, quantity_ordered FROM order_lines WHERE order_id = p.id
                          EXCEPT ALL SELECT sku_id, quantity_ordered FROM order_lines WHERE order_id = a.id)))
             OR EXISTS (SELECT 1 FROM orders p WHERE p.external_ref = a.external_ref AND p.channel = a.channel AND p.id <> a.id
                          AND p.status <> 'cancelled')))`;

/** The earlier order a stored duplicate_order cause names (it is in scope when that order is). */
const ORIGINAL_ORDER = duplicateOrderEvidenceSchema.pick({ originalOrderId: true });

export const duplicateOrderRule: ExceptionRule<'duplicate_order'> = {
  type: 'duplicate_order',
  scopeColumns: ['order_id'],
  // The exception is on the later order; a change to the earlier one (say, it was cancelled) must re-check it too.
  covers: (known, scope) => {
    const original = ORIGINAL_ORDER.safeParse(known.evidence);
    return [known.order_id, original.success ? original.data.originalOrderId : null].some(
      (id) => id !== null && scope.orderIds.includes(id),
    );
  },
  triggers: ['order.created', 'order.cancelled'],
  scopedPrecheck: POSSIBLE_PARTNER,
  async detect(tx, context) {
    if (scopeIsEmpty(context, ['orderIds'])) return [];
    const scoped = context.scope !== null;
    const result = await tx.query<DuplicateRow>(
      `WITH anchors AS (SELECT id, customer_id, placed_at, channel, external_ref FROM orders WHERE id = ANY($2::uuid[])),
       candidates AS (
         SELECT o.id, o.number, o.status, o.channel, o.external_ref, o.placed_at, o.total, o.currency, o.customer_id
           FROM orders o
          WHERE o.status <> 'cancelled'
            AND ($1::boolean IS FALSE
                 -- Scoped: the touched orders and their possible partners (same customer within the window,
                 -- or the same channel order id), found by index, whatever the customer's history.
                 OR o.id = ANY($2::uuid[])
                 OR o.id = ANY(ARRAY(
                      SELECT p.id FROM anchors a JOIN orders p ON p.customer_id = a.customer_id
                       WHERE p.placed_at BETWEEN a.placed_at - make_interval(mins => $3) AND a.placed_at + make_interval(mins => $3)
                      UNION
                      SELECT p.id FROM anchors a JOIN orders p ON p.external_ref = a.external_ref AND p.channel = a.channel)))
       ),
       signatures AS (
         SELECT l.order_id, string_agg(l.sku_id::text || '*' || l.quantity_ordered, ',' ORDER BY l.sku_id, l.quantity_ordered) AS signature,
                count(*)::int AS line_count
           FROM order_lines l JOIN candidates c ON c.id = l.order_id
          GROUP BY l.order_id
       ),
       signed AS (
         SELECT c.*, s.signature, coalesce(s.line_count, 0) AS line_count FROM candidates c LEFT JOIN signatures s ON s.order_id = c.id
       ),
       -- Only orders sharing their customer and items, or their channel order id, with another candidate
       -- can pair: counted once (a sort), so the self-joins below only see those few, whatever the
       -- planner's row estimates (a slice's candidates otherwise paired every one with every other).
       keyed AS (
         SELECT s.*, count(*) OVER (PARTITION BY s.customer_id, s.signature) AS same_items,
                count(*) OVER (PARTITION BY s.channel, s.external_ref) AS same_ref
           FROM signed s
       ),
       -- Two equi-joins rather than one OR-join, so the sweep over a whole tenant stays a hash join.
       matches AS (
         SELECT d.id AS duplicate_id, g.id AS original_id, false AS same_external_ref
           FROM keyed d JOIN keyed g ON g.customer_id = d.customer_id AND g.signature = d.signature
          WHERE d.same_items > 1 AND g.same_items > 1 AND d.customer_id IS NOT NULL AND d.signature IS NOT NULL
            AND g.id <> d.id AND (g.placed_at, g.number) < (d.placed_at, d.number)
            AND d.placed_at - g.placed_at <= make_interval(mins => $3)
            AND abs(g.total - d.total) <= greatest(1.00, 0.01 * g.total)
         UNION ALL
         SELECT d.id, g.id, true
           FROM keyed d JOIN keyed g ON g.channel = d.channel AND g.external_ref = d.external_ref
          WHERE d.same_ref > 1 AND g.same_ref > 1 AND d.external_ref IS NOT NULL
            AND g.id <> d.id AND (g.placed_at, g.number) < (d.placed_at, d.number)
       ),
       pairs AS (
         SELECT DISTINCT ON (d.id) d.*, g.id AS original_id, g.number AS original_number, g.status AS original_status,
                g.placed_at AS original_placed_at, g.total AS original_total, m.same_external_ref
           FROM matches m JOIN signed d ON d.id = m.duplicate_id JOIN signed g ON g.id = m.original_id
          ORDER BY d.id, m.same_external_ref DESC, g.placed_at DESC
       )
       SELECT p.id AS order_id, p.number AS order_number, p.status AS order_status, p.channel, p.external_ref, p.placed_at, p.total, p.currency,
              p.customer_id, c.code AS customer_code, p.original_id, p.original_number, p.original_status, p.original_placed_at,
              p.original_total, p.same_external_ref, p.line_count,
              coalesce((SELECT sum(amount_captured - amount_refunded) FROM payments WHERE order_id = p.id), 0)::float8 AS captured,
              coalesce((SELECT sum(amount_captured - amount_refunded) FROM payments WHERE order_id = p.original_id), 0)::float8 AS original_captured
         FROM pairs p LEFT JOIN customers c ON c.id = p.customer_id`,
      [scoped, context.scope?.orderIds ?? [], DUPLICATE_WINDOW_MINUTES],
    );
    return result.rows.map((row) => {
      const minutesApart = Math.round((row.placed_at.getTime() - row.original_placed_at.getTime()) / 60_000);
      const severity: Severity = IN_PICK_OR_LATER.has(row.order_status) ? 'critical' : 'high';
      const basis = row.same_external_ref
        ? `same ${row.channel} order id ${row.external_ref}`
        : `same customer and items ${minutesApart} min apart`;
      return {
        dedupeKey: `duplicate_order:${row.order_id}`,
        severity,
        title: `Order ${row.order_number} looks like a duplicate of ${row.original_number} (${basis})`,
        refs: { orderId: row.order_id, customerId: row.customer_id },
        codes: {
          orderNumber: row.order_number,
          originalOrderNumber: row.original_number,
          ...(row.customer_code ? { customerCode: row.customer_code } : {}),
        },
        evidence: {
          basis: row.same_external_ref ? 'same_external_ref' : 'same_customer_items_window',
          originalOrderId: row.original_id,
          originalOrderNumber: row.original_number,
          originalStatus: row.original_status,
          originalPlacedAt: row.original_placed_at.toISOString(),
          originalTotal: row.original_total,
          duplicateStatus: row.order_status,
          placedAt: row.placed_at.toISOString(),
          total: row.total,
          minutesApart,
          lineCount: row.line_count,
          channel: row.channel,
          externalRef: row.external_ref,
          netCaptured: row.captured,
          originalNetCaptured: row.original_captured,
          chargedTwice: row.captured > 0 && row.original_captured > 0,
          summary: `${money(row.original_total, row.currency)} and ${money(row.total, row.currency)}`,
        },
        resolveBy: null,
      };
    });
  },
};
