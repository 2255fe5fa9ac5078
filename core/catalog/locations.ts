/** Stock locations: warehouses, stores, 3PL nodes and virtual locations (drop-ship, marketplace). */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { NotFoundError, parseOrThrow } from '../errors.ts';
import { isUuid } from '../domain/references.ts';

export const LOCATION_KINDS = ['warehouse', 'store', '3pl', 'virtual'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const locationInputSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . -; up to 64 characters'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(LOCATION_KINDS),
  fulfillsOrders: z.boolean().default(true),
  priority: z.number().int().min(0).max(10_000).default(100),
  country: z.string().min(2).max(2).optional(),
  timezone: z.string().min(1).default('UTC'),
  active: z.boolean().default(true),
});
export type LocationInput = z.input<typeof locationInputSchema>;

export interface Location {
  id: string;
  code: string;
  name: string;
  kind: LocationKind;
  fulfillsOrders: boolean;
  priority: number;
  country: string | null;
  timezone: string;
  active: boolean;
}

const COLUMNS = `id, code, name, kind, fulfills_orders AS "fulfillsOrders", priority, country, timezone, active`;

export async function upsertLocation(tx: Tx, input: LocationInput): Promise<Location> {
  const location = parseOrThrow(locationInputSchema, input, 'location');
  const result = await tx.query<Location>(
    `INSERT INTO locations (tenant_id, code, name, kind, fulfills_orders, priority, country, timezone, active)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
       fulfills_orders = EXCLUDED.fulfills_orders, priority = EXCLUDED.priority, country = EXCLUDED.country,
       timezone = EXCLUDED.timezone, active = EXCLUDED.active, updated_at = now()
     RETURNING ${COLUMNS}`,
    [
      location.code,
      location.name,
      location.kind,
      location.fulfillsOrders,
      location.priority,
      location.country ?? null,
      location.timezone,
      location.active,
    ],
  );
  return result.rows[0]!;
}

export async function listLocations(tx: Tx): Promise<Location[]> {
  return (await tx.query<Location>(`SELECT ${COLUMNS} FROM locations ORDER BY priority, code`)).rows;
}

/** Resolves a location code (or id) in the current tenant. */
/** Locations by code, for many codes in one query (set-based event paths). */
export async function findLocationsByCodes(tx: Tx, codes: readonly string[]): Promise<Map<string, Location>> {
  if (codes.length === 0) return new Map();
  const result = await tx.query<Location>(`SELECT ${COLUMNS} FROM locations WHERE code = ANY($1::text[])`, [[...new Set(codes)]]);
  return new Map(result.rows.map((location) => [location.code, location]));
}

export async function requireLocation(tx: Tx, codeOrId: string): Promise<Location> {
  const result = await tx.query<Location>(
    `SELECT ${COLUMNS} FROM locations WHERE ${isUuid(codeOrId) ? 'id = $1::uuid' : 'code = $1'}`,
    [codeOrId],
    { prepare: 'everywhere' },
  );
  const location = result.rows[0];
  if (!location) throw new NotFoundError('location', codeOrId);
  return location;
}
