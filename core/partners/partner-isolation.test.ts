/**
 * Partner isolation in the database: a partner transaction sees and writes exactly the tenants its
 * partner holds unrevoked grants to, whatever the SQL asks for. These tests issue the SQL a buggy or
 * hostile application path could issue, so they prove the database's rule, not the application's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { runInPartnerScope } from '../db/partner-scope.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { createApiKey } from '../identity/api-keys.ts';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant, type Tenant } from '../tenants/tenants.ts';
import {
  authenticatePartnerKey,
  createPartner,
  createPartnerKey,
  enterTenant,
  grantTenant,
  listGrants,
  revokeGrant,
  type Partner,
} from './index.ts';

describe('partner grants enforced by row-level security', () => {
  let db: Database;
  let granted: Tenant;
  let other: Tenant;
  let partner: Partner;
  let rival: Partner;

  const asPartner = <T>(partnerId: string, tenantId: string, fn: Parameters<typeof withTenant<T>>[2], readOnly = false) =>
    runInPartnerScope({ partnerId, readOnly }, () => withTenant(db, tenantId, fn));

  beforeAll(async () => {
    db = await createTestDb();
    granted = await createTenant(db, { slug: 'granted-shop', name: 'Granted' });
    other = await createTenant(db, { slug: 'other-shop', name: 'Other' });
    await createApiKey(db, { tenantId: granted.id, roles: ['rep'], userName: 'granted-rep' });
    await createApiKey(db, { tenantId: other.id, roles: ['rep'], userName: 'other-rep' });
    partner = await createPartner(db, { slug: 'acme-msp', name: 'Acme MSP' });
    rival = await createPartner(db, { slug: 'rival-msp', name: 'Rival MSP' });
    await grantTenant(db, { partner: partner.slug, tenant: granted.slug, grantedBy: 'test' });
  });
  afterAll(() => db.close());

  it('reads the granted tenant like the tenant itself does', async () => {
    const names = await asPartner(partner.id, granted.id, async (tx) => (await tx.query<{ name: string }>('SELECT name FROM users')).rows);
    expect(names).toEqual([{ name: 'granted-rep' }]);
  });

  it('sees nothing of a tenant it holds no grant to, even when the transaction names that tenant', async () => {
    const rows = await asPartner(partner.id, other.id, async (tx) => ({
      users: (await tx.query('SELECT * FROM users')).rows,
      byTenant: (await tx.query('SELECT * FROM users WHERE tenant_id = $1', [other.id])).rows,
      tenants: (await tx.query('SELECT * FROM tenants')).rows,
    }));
    expect(rows).toEqual({ users: [], byTenant: [], tenants: [] });
  });

  it('cannot write into a tenant it holds no grant to', async () => {
    await expect(
      asPartner(partner.id, other.id, (tx) =>
        tx.query(`INSERT INTO users (tenant_id, name, roles) VALUES ($1, 'intruder', '{admin}')`, [other.id]),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await asPartner(partner.id, other.id, (tx) =>
      tx.query(`UPDATE users SET name = 'renamed' WHERE tenant_id = $1`, [other.id]),
    );
    expect(changed.rowCount).toBe(0);
  });

  it('cannot reach one tenant from inside another granted one', async () => {
    await expect(
      asPartner(partner.id, granted.id, (tx) =>
        tx.query(`INSERT INTO users (tenant_id, name, roles) VALUES ($1, 'intruder', '{admin}')`, [other.id]),
      ),
    ).rejects.toThrow(/row-level security/);
    const seen = await asPartner(
      partner.id,
      granted.id,
      async (tx) => (await tx.query('SELECT * FROM users WHERE tenant_id = $1', [other.id])).rows,
    );
    expect(seen).toEqual([]);
  });

  it('cannot change the partner or tenant settings from SQL to escape', async () => {
    // Re-pointing app.tenant_id keeps the partner: the grant check still applies to the new tenant.
    const rows = await asPartner(partner.id, granted.id, async (tx) => {
      await tx.query(`SELECT set_config('app.tenant_id', $1, true)`, [other.id]);
      return (await tx.query('SELECT * FROM users')).rows;
    });
    expect(rows).toEqual([]);
    // Another partner's grants are invisible, and grants cannot be written from a tenant transaction.
    const rivalView = await asPartner(rival.id, granted.id, async (tx) => (await tx.query('SELECT * FROM partner_grants')).rows);
    expect(rivalView).toEqual([]);
    await expect(
      asPartner(rival.id, granted.id, (tx) =>
        tx.query(`INSERT INTO partner_grants (partner_id, tenant_id, granted_by) VALUES ($1, $2, 'me')`, [rival.id, other.id]),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('loses access the moment the grant is revoked, and regains it when granted again', async () => {
    const temporary = await createTenant(db, { slug: 'temporary-shop', name: 'Temporary' });
    await createApiKey(db, { tenantId: temporary.id, roles: ['rep'], userName: 'temp-rep' });
    await grantTenant(db, { partner: partner.slug, tenant: temporary.slug, grantedBy: 'test' });
    const count = () => asPartner(partner.id, temporary.id, async (tx) => (await tx.query('SELECT * FROM users')).rowCount);
    expect(await count()).toBe(1);
    await revokeGrant(db, { partner: partner.slug, tenant: temporary.slug });
    expect(await count()).toBe(0);
    expect((await listGrants(db, partner.id)).map((grant) => grant.tenantSlug)).toEqual(['granted-shop']);
    await grantTenant(db, { partner: partner.slug, tenant: temporary.slug, grantedBy: 'test' });
    expect(await count()).toBe(1);
  });

  it('makes an analyst’s transactions read-only in the database', async () => {
    await expect(asPartner(partner.id, granted.id, (tx) => tx.query(`UPDATE users SET name = name || '-x'`), true)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/read-only/),
    });
    expect(await asPartner(partner.id, granted.id, async (tx) => (await tx.query('SELECT 1 FROM users')).rowCount, true)).toBe(1);
  });

  it('refuses grants to a tenant or partner that does not exist, and a duplicate grant, creating nothing', async () => {
    await expect(grantTenant(db, { partner: partner.slug, tenant: 'no-such-shop', grantedBy: 'test' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(grantTenant(db, { partner: 'no-such-msp', tenant: other.slug, grantedBy: 'test' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(grantTenant(db, { partner: partner.slug, tenant: granted.slug, grantedBy: 'test' })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await listGrants(db, partner.id, { includeRevoked: true })).length).toBe(2);
  });

  it('lets a partner key enter granted tenants only, mapping partner roles to tenant roles', async () => {
    const created = await createPartnerKey(db, { partner: partner.slug, roles: ['partner_operator'], userName: 'pat' });
    const who = await authenticatePartnerKey(db, created.key);
    expect(who).toMatchObject({ partnerSlug: 'acme-msp', userName: 'pat', roles: ['partner_operator'] });
    const inside = await enterTenant(db, who, granted.slug);
    expect(inside.principal).toMatchObject({
      tenantId: granted.id,
      userName: 'pat (acme-msp)',
      roles: ['rep', 'approver'],
      partner: { partnerId: partner.id },
    });
    // The same tenant user on every entry: proposals and four-eyes see one person.
    expect((await enterTenant(db, who, granted.id)).principal.userId).toBe(inside.principal.userId);
    expect(inside.scope).toEqual({ partnerId: partner.id, readOnly: false });
    await expect(enterTenant(db, who, other.slug)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(enterTenant(db, who, 'no-such-shop')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(authenticatePartnerKey(db, `${created.key.slice(0, -1)}x`)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(authenticatePartnerKey(db, 'ocp_notapartnerkey')).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
