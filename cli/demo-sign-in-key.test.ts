import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.ts';
import { authenticateApiKey, listApiKeys } from '../core/identity/api-keys.ts';
import { createTenant } from '../core/tenants/tenants.ts';
import { createTestDb } from '../core/testing/test-db.ts';
import { createDemoSignInKey, DEMO_KEY_FILE } from './demo-sign-in-key.ts';

let db: Database;
let dir: string;
let tenantId: string;

beforeAll(async () => {
  db = await createTestDb();
  tenantId = (await createTenant(db, { slug: 'acme-industrial', name: 'Acme Industrial Supply' })).id;
  dir = await mkdtemp(join(tmpdir(), 'demo-key-'));
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('createDemoSignInKey', () => {
  it('writes a working operator key to a file only the owner can read', async () => {
    const created = await createDemoSignInKey(db, join(dir, 'data'));
    expect(created).toMatchObject({
      path: join(dir, 'data', DEMO_KEY_FILE),
      tenant: 'acme-industrial',
      roles: ['rep', 'approver', 'admin'],
    });
    expect((await stat(created!.path)).mode & 0o777).toBe(0o600);
    const key = (await readFile(created!.path, 'utf8')).trim();
    expect(key).toMatch(new RegExp(`^ocp_${created!.prefix}_`));
    const principal = await authenticateApiKey(db, key);
    expect(principal).toMatchObject({ tenantId, roles: expect.arrayContaining(['rep', 'approver', 'admin']) });
  });

  it('never replaces an existing key file, and creates no key it could not hand over', async () => {
    const before = (await listApiKeys(db, tenantId)).length;
    expect(await createDemoSignInKey(db, join(dir, 'data'))).toBeUndefined();
    await writeFile(join(dir, DEMO_KEY_FILE), 'mine\n');
    expect(await createDemoSignInKey(db, dir)).toBeUndefined();
    expect(await readFile(join(dir, DEMO_KEY_FILE), 'utf8')).toBe('mine\n');
    expect((await listApiKeys(db, tenantId)).length).toBe(before);
  });

  it('does nothing without the demo tenant', async () => {
    expect(await createDemoSignInKey(db, join(dir, 'other'), 'no-such-tenant')).toBeUndefined();
  });
});
