/**
 * Every row of every tenant-owned table of one tenant, comparable with another tenant's (tests that
 * check a set-based path leaves exactly what one-by-one application leaves). Ids differ between
 * tenants, so: `id`, `tenant_id` and sequence-numbered columns are dropped (rows keep the order of
 * the sequence, others are sorted), a uuid that names a row with a natural key (order number, SKU, location, customer,
 * line, payment reference), also inside text (dedupe keys), becomes that key and any other uuid `<uuid>`, and a timestamp taken
 * from the clock during the test (not from an event), also as ISO text, becomes `<now>`.
 */
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';

export type TenantSnapshot = Record<string, unknown[]>;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

// Rows with a natural key, by which other rows' references to them are compared.
const LABELS = [
  `SELECT id::text, 'order ' || number AS label FROM orders`,
  `SELECT l.id::text, 'line ' || o.number || '#' || l.line_number FROM order_lines l JOIN orders o ON o.id = l.order_id`,
  `SELECT id::text, 'sku ' || code FROM skus`,
  `SELECT id::text, 'location ' || code FROM locations`,
  `SELECT id::text, 'customer ' || code FROM customers`,
  `SELECT id::text, 'payment ' || psp || ':' || psp_reference FROM payments`,
];

export async function tenantSnapshot(
  db: Database,
  tenantId: string,
  options: { since: Date; skipTables?: readonly string[] },
): Promise<TenantSnapshot> {
  return withTenant(db, tenantId, async (tx) => {
    const labels = new Map<string, string>();
    for (const sql of LABELS) for (const row of (await tx.query<{ id: string; label: string }>(sql)).rows) labels.set(row.id, row.label);
    // Sequence-numbered columns (ids, outbox seq) count across tenants: rows keep their order, not their numbers.
    const tables = await tx.query<{ table_name: string; serials: string[] }>(
      `SELECT c.table_name,
              ARRAY(SELECT i.column_name::text FROM information_schema.columns i WHERE i.table_schema = c.table_schema
                       AND i.table_name = c.table_name AND (i.column_default LIKE 'nextval(%' OR i.is_identity = 'YES')
                     ORDER BY i.ordinal_position) AS serials
         FROM information_schema.columns c
        WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id'
        ORDER BY c.table_name`,
    );
    const normalise = (value: unknown): unknown => {
      if (value instanceof Date) return value >= options.since ? '<now>' : value.toISOString();
      if (typeof value === 'string' && ISO_TIME.test(value) && new Date(value) >= options.since) return '<now>';
      if (typeof value === 'string') return value.replace(UUIDS, (uuid) => labels.get(uuid.toLowerCase()) ?? '<uuid>');
      if (Array.isArray(value)) return value.map(normalise);
      if (value && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalise(inner)]));
      return value;
    };
    const snapshot: TenantSnapshot = {};
    for (const { table_name: table, serials } of tables.rows) {
      if (options.skipTables?.includes(table)) continue;
      const rows = await tx.query<Record<string, unknown>>(
        `SELECT * FROM ${table} WHERE tenant_id = $1${serials.length > 0 ? ` ORDER BY ${serials.join(', ')}` : ''}`,
        [tenantId],
      );
      const normalised = rows.rows.map((row) => {
        const rest = Object.fromEntries(
          Object.entries(row).filter(([column]) => column !== 'id' && column !== 'tenant_id' && !serials.includes(column)),
        );
        return normalise(rest) as Record<string, unknown>;
      });
      snapshot[table] =
        serials.length > 0
          ? normalised
          : normalised
              .map((row) => [JSON.stringify(row), row] as const)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([, row]) => row);
    }
    return snapshot;
  });
}
