import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant, listTenants } from './tenants.ts';

describe('createTenant', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('stores a tenant with a real IANA time zone, UTC by default', async () => {
    expect(await createTenant(db, { slug: 'berlin-shop', name: 'Berlin Shop', timezone: 'Europe/Berlin' })).toMatchObject({
      slug: 'berlin-shop',
      timezone: 'Europe/Berlin',
    });
    expect(await createTenant(db, { slug: 'plain-shop', name: 'Plain Shop' })).toMatchObject({ timezone: 'UTC' });
  });

  it('refuses a time zone that does not exist, naming the field, and stores nothing', async () => {
    for (const timezone of ['Mars/Olympus', 'Europe/Berlinn', '+01:00']) {
      await expect(createTenant(db, { slug: 'mars-shop', name: 'Mars Shop', timezone })).rejects.toMatchObject({
        code: 'validation_failed',
        message: 'invalid tenant: timezone: not a known IANA time zone (e.g. UTC, Europe/Berlin, America/New_York)',
      });
    }
    expect((await listTenants(db)).map((tenant) => tenant.slug)).not.toContain('mars-shop');
  });
});
