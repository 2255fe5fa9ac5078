/** Partner organisations (table partners, owned here): created and listed by the operator. */
import { z } from 'zod';
import type { Database, Tx } from '../db/database.ts';
import { asOperator } from '../db/tenant-scope.ts';
import { ConflictError, NotFoundError, parseOrThrow } from '../errors.ts';
import { tenantSlugSchema } from '../tenants/tenants.ts';

export const newPartnerSchema = z.object({ slug: tenantSlugSchema, name: z.string().trim().min(1).max(200) });
export type NewPartner = z.input<typeof newPartnerSchema>;

export interface Partner {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
}

interface PartnerRow {
  id: string;
  slug: string;
  name: string;
  created_at: Date;
}

const toPartner = (row: PartnerRow): Partner => ({ id: row.id, slug: row.slug, name: row.name, createdAt: row.created_at });

export async function createPartner(db: Database, input: NewPartner): Promise<Partner> {
  const partner = parseOrThrow(newPartnerSchema, input, 'partner');
  return asOperator(db, async (tx) => {
    const existing = await tx.query('SELECT 1 FROM partners WHERE slug = $1', [partner.slug]);
    if (existing.rowCount > 0) throw new ConflictError(`partner ${partner.slug} already exists`, { slug: partner.slug });
    const result = await tx.query<PartnerRow>('INSERT INTO partners (slug, name) VALUES ($1, $2) RETURNING *', [
      partner.slug,
      partner.name,
    ]);
    return toPartner(result.rows[0]!);
  });
}

export async function listPartners(db: Database): Promise<Partner[]> {
  return asOperator(db, async (tx) => (await tx.query<PartnerRow>('SELECT * FROM partners ORDER BY slug')).rows.map(toPartner));
}

export async function findPartnerIn(tx: Tx, slugOrId: string): Promise<Partner | undefined> {
  const byId = z.uuid().safeParse(slugOrId).success;
  const result = await tx.query<PartnerRow>(`SELECT * FROM partners WHERE ${byId ? 'id = $1::uuid' : 'slug = $1'}`, [slugOrId]);
  return result.rows[0] ? toPartner(result.rows[0]) : undefined;
}

export async function requirePartner(db: Database, slugOrId: string): Promise<Partner> {
  const partner = await asOperator(db, (tx) => findPartnerIn(tx, slugOrId));
  if (!partner) throw new NotFoundError('partner', slugOrId);
  return partner;
}
