import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database, Tx } from '../db/database.ts';
import { asOperator, withTenant } from '../db/tenant-scope.ts';
import { ConflictError, NotFoundError, parseOrThrow } from '../errors.ts';
import { currencySchema } from '../domain/references.ts';

export const tenantSlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lowercase letters, digits and dashes, 2-63 characters');

/** True when the runtime's time-zone database knows the name (Intl throws a RangeError otherwise). */
function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** True for a currency code the runtime's ICU data knows (a typo such as "BRR" is refused). */
function isKnownCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code);
}

/** An IANA time zone name such as UTC, Europe/Berlin or America/New_York. */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .refine(isKnownTimeZone, { message: 'not a known IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)' });

export const newTenantSchema = z.object({
  slug: tenantSlugSchema,
  name: z.string().trim().min(1).max(200),
  timezone: timeZoneSchema.default('UTC'),
  /** ISO 4217: the currency of the tenant's customers, SKUs and orders that name none. */
  currency: z
    .string()
    .trim()
    .transform((code) => code.toUpperCase())
    .pipe(currencySchema)
    .refine(isKnownCurrency, { message: 'not an ISO 4217 currency code (e.g. USD, EUR, BRL)' })
    .default('USD'),
});
export type NewTenant = z.input<typeof newTenantSchema>;

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  currency: string;
  createdAt: Date;
}

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  timezone: string;
  currency: string;
  created_at: Date;
}

const TENANT_COLUMNS = 'id, slug, name, timezone, currency, created_at';

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  timezone: row.timezone,
  currency: row.currency,
  createdAt: row.created_at,
});

export async function createTenant(db: Database, input: NewTenant): Promise<Tenant> {
  const tenant = parseOrThrow(newTenantSchema, input, 'tenant');
  return asOperator(db, (tx) => createTenantIn(tx, tenant));
}

/**
 * Creates the tenant inside the caller's operator transaction, so a caller that sets the tenant up
 * further (a template: policy, routes, users) commits or rolls back all of it together.
 */
export async function createTenantIn(tx: Tx, input: NewTenant): Promise<Tenant> {
  const tenant = parseOrThrow(newTenantSchema, input, 'tenant');
  const existing = await tx.query('SELECT 1 FROM tenants WHERE slug = $1', [tenant.slug]);
  if (existing.rowCount > 0) throw new ConflictError(`tenant ${tenant.slug} already exists`, { slug: tenant.slug });
  const result = await tx.query<TenantRow>(
    `INSERT INTO tenants (slug, name, timezone, currency, webhook_secret) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${TENANT_COLUMNS}`,
    [tenant.slug, tenant.name, tenant.timezone, tenant.currency, randomBytes(32).toString('hex')],
  );
  return toTenant(result.rows[0]!);
}

/**
 * Deletes a tenant and, by cascade, everything it owns (the audit log's append-only trigger lets the
 * cascade of the tenant's own deletion through). Only for undoing a creation that did not complete.
 */
export async function deleteTenant(db: Database, tenantId: string): Promise<boolean> {
  return asOperator(db, async (tx) => (await tx.query('DELETE FROM tenants WHERE id = $1', [tenantId])).rowCount > 0);
}

export async function listTenants(db: Database): Promise<Tenant[]> {
  return asOperator(db, async (tx) => {
    const result = await tx.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants ORDER BY slug`);
    return result.rows.map(toTenant);
  });
}

/** Resolves a slug or id to a tenant, as the operator. */
export async function findTenant(db: Database, slugOrId: string): Promise<Tenant | undefined> {
  return asOperator(db, (tx) => findTenantIn(tx, slugOrId));
}

export async function findTenantIn(tx: Tx, slugOrId: string): Promise<Tenant | undefined> {
  const byId = z.uuid().safeParse(slugOrId).success;
  const result = await tx.query<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE ${byId ? 'id = $1::uuid' : 'slug = $1'}`, [
    slugOrId,
  ]);
  return result.rows[0] ? toTenant(result.rows[0]) : undefined;
}

/** The tenant's IANA time zone (business hours, dates in messages); UTC for a tenant the transaction cannot see. */
export async function tenantTimezone(tx: Tx, tenantId: string): Promise<string> {
  const result = await tx.query<{ timezone: string }>('SELECT timezone FROM tenants WHERE id = $1', [tenantId], {
    prepare: 'everywhere',
  });
  return result.rows[0]?.timezone ?? 'UTC';
}

export async function requireTenant(db: Database, slugOrId: string): Promise<Tenant> {
  const tenant = await findTenant(db, slugOrId);
  if (!tenant) throw new NotFoundError('tenant', slugOrId);
  return tenant;
}

/** The tenant's webhook signing secret, read inside the tenant's own scope. */
export async function getWebhookSecret(db: Database, tenantId: string): Promise<string> {
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<{ webhook_secret: string }>('SELECT webhook_secret FROM tenants WHERE id = $1', [tenantId]);
    const row = result.rows[0];
    if (!row) throw new NotFoundError('tenant', tenantId);
    return row.webhook_secret;
  });
}

/** Moves the tenant to another time zone inside the caller's transaction (its SLA calendar's, see core/exceptions). */
export async function setTenantTimezoneIn(tx: Tx, tenantId: string, timezone: string): Promise<void> {
  const zone = parseOrThrow(timeZoneSchema, timezone, 'time zone');
  const result = await tx.query('UPDATE tenants SET timezone = $2 WHERE id = $1', [tenantId, zone]);
  if (result.rowCount === 0) throw new NotFoundError('tenant', tenantId);
}
