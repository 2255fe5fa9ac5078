/** SKUs with unit of measure, cost and price; kits/bundles carry their bill of materials. */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { NotFoundError, ValidationError, parseOrThrow } from '../errors.ts';
import { currencySchema, isUuid, moneySchema } from '../domain/references.ts';

export const UNITS_OF_MEASURE = ['each', 'pair', 'pack', 'case', 'set', 'kg', 'm', 'l'] as const;
export type UnitOfMeasure = (typeof UNITS_OF_MEASURE)[number];

export const skuInputSchema = z.object({
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,63}$/, 'letters, digits, _ . / -; up to 64 characters'),
  name: z.string().trim().min(1).max(300),
  category: z.string().max(100).optional(),
  uom: z.enum(UNITS_OF_MEASURE).default('each'),
  unitCost: moneySchema.default(0),
  price: moneySchema.default(0),
  /** Omit for the tenant's own currency (tenants.currency). */
  currency: currencySchema.optional(),
  active: z.boolean().default(true),
  /** Present (non-empty) for a kit: the component SKU codes and units per kit. */
  components: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })).optional(),
});
export type SkuInput = z.input<typeof skuInputSchema>;

export interface Sku {
  id: string;
  code: string;
  name: string;
  category: string | null;
  uom: UnitOfMeasure;
  isKit: boolean;
  unitCost: number;
  price: number;
  currency: string;
  active: boolean;
}

export interface KitComponent {
  skuId: string;
  skuCode: string;
  /** Component units in one kit unit. */
  quantity: number;
}

const COLUMNS = `id, code, name, category, uom, is_kit AS "isKit", unit_cost AS "unitCost", price, currency, active`;

export async function upsertSku(tx: Tx, input: SkuInput): Promise<Sku> {
  const sku = parseOrThrow(skuInputSchema, input, 'sku');
  const components = sku.components ?? [];
  const result = await tx.query<Sku>(
    `INSERT INTO skus (tenant_id, code, name, category, uom, is_kit, unit_cost, price, currency, active)
     VALUES (copilot_tenant_id(), $1, $2, $3, $4, $5, $6, $7, coalesce($8::char(3), copilot_tenant_currency()), $9)
     ON CONFLICT (tenant_id, code) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category,
       uom = EXCLUDED.uom, is_kit = EXCLUDED.is_kit, unit_cost = EXCLUDED.unit_cost, price = EXCLUDED.price,
       currency = EXCLUDED.currency, active = EXCLUDED.active, updated_at = now()
     RETURNING ${COLUMNS}`,
    [sku.code, sku.name, sku.category ?? null, sku.uom, components.length > 0, sku.unitCost, sku.price, sku.currency ?? null, sku.active],
  );
  const saved = result.rows[0]!;
  await tx.query('DELETE FROM kit_components WHERE kit_sku_id = $1', [saved.id]);
  for (const [index, component] of components.entries()) {
    const part = await requireSku(tx, component.sku);
    if (part.isKit)
      throw new ValidationError(`kit ${sku.code} cannot contain another kit (${part.code})`, [
        { path: `components.${index}.sku`, message: 'nested kits are not supported' },
      ]);
    if (part.id === saved.id)
      throw new ValidationError(`kit ${sku.code} cannot contain itself`, [
        { path: `components.${index}.sku`, message: 'kit contains itself' },
      ]);
    await tx.query(
      `INSERT INTO kit_components (tenant_id, kit_sku_id, component_sku_id, quantity) VALUES (copilot_tenant_id(), $1, $2, $3)
       ON CONFLICT (tenant_id, kit_sku_id, component_sku_id) DO UPDATE SET quantity = kit_components.quantity + EXCLUDED.quantity`,
      [saved.id, part.id, component.quantity],
    );
  }
  return saved;
}

/** Resolves a SKU code (or id) in the current tenant. */
export async function requireSku(tx: Tx, codeOrId: string): Promise<Sku> {
  const sku = await findSku(tx, codeOrId);
  if (!sku) throw new NotFoundError('sku', codeOrId);
  return sku;
}

export async function findSku(tx: Tx, codeOrId: string): Promise<Sku | undefined> {
  const result = await tx.query<Sku>(`SELECT ${COLUMNS} FROM skus WHERE ${isUuid(codeOrId) ? 'id = $1::uuid' : 'code = $1'}`, [codeOrId], {
    prepare: 'everywhere',
  });
  return result.rows[0];
}

/** SKUs by code, for many codes in one query (set-based order capture). */
export async function findSkusByCodes(tx: Tx, codes: readonly string[]): Promise<Map<string, Sku>> {
  if (codes.length === 0) return new Map();
  const result = await tx.query<Sku>(`SELECT ${COLUMNS} FROM skus WHERE code = ANY($1::text[])`, [[...new Set(codes)]]);
  return new Map(result.rows.map((sku) => [sku.code, sku]));
}

/** For each of these SKUs, the kits built from it (their available-to-sell moves with it), in one query. */
export async function kitsContaining(tx: Tx, componentSkuIds: readonly string[]): Promise<Map<string, string[]>> {
  const kits = new Map<string, string[]>();
  if (componentSkuIds.length === 0) return kits;
  const result = await tx.query<{ component_sku_id: string; kit_sku_id: string }>(
    'SELECT component_sku_id, kit_sku_id FROM kit_components WHERE component_sku_id = ANY($1::uuid[])',
    [[...new Set(componentSkuIds)]],
  );
  for (const row of result.rows) kits.set(row.component_sku_id, [...(kits.get(row.component_sku_id) ?? []), row.kit_sku_id]);
  return kits;
}

export async function listSkus(tx: Tx, options: { limit?: number; offset?: number } = {}): Promise<Sku[]> {
  const result = await tx.query<Sku>(`SELECT ${COLUMNS} FROM skus ORDER BY code LIMIT $1 OFFSET $2`, [
    options.limit ?? 1000,
    options.offset ?? 0,
  ]);
  return result.rows;
}

/** Components of a kit in a stable order (by SKU id: the lock order reservations rely on). */
export async function getKitComponents(tx: Tx, kitSkuId: string): Promise<KitComponent[]> {
  const result = await tx.query<KitComponent>(
    `SELECT k.component_sku_id AS "skuId", s.code AS "skuCode", k.quantity
       FROM kit_components k JOIN skus s ON s.id = k.component_sku_id
      WHERE k.kit_sku_id = $1 ORDER BY k.component_sku_id`,
    [kitSkuId],
  );
  return result.rows;
}

/**
 * What one unit of this SKU consumes in stock: itself, or its components for a kit. The single place
 * that expands kits, so reservations, shipments and ATS agree.
 */
export async function stockUnitsOf(tx: Tx, sku: Pick<Sku, 'id' | 'code' | 'isKit'>): Promise<KitComponent[]> {
  if (!sku.isKit) return [{ skuId: sku.id, skuCode: sku.code, quantity: 1 }];
  const components = await getKitComponents(tx, sku.id);
  if (components.length === 0) throw new ValidationError(`kit ${sku.code} has no components`);
  return components;
}
