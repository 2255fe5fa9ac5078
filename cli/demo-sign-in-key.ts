/**
 * The demo's first sign-in. With the embedded database the CLI cannot run beside `serve` (one process
 * holds the data directory), so `copilot keys create` is out of reach while the demo runs. When `serve`
 * seeds an empty database it therefore creates one operator key for the first demo tenant and writes it
 * to a file only the current user can read, next to the database it unlocks. The key is never printed
 * or logged; the banner names the file.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Database } from '../core/db/database.ts';
import { createApiKey, revokeApiKey } from '../core/identity/api-keys.ts';
import { findTenant } from '../core/tenants/tenants.ts';
import { auditApiKeyCreated } from '../policies/index.ts';

export const DEMO_KEY_FILE = 'demo-api-key';
export const DEMO_KEY_USER = 'demo-operator';
const DEMO_KEY_NAME = 'demo sign-in (created by serve)';

export interface DemoSignInKey {
  path: string;
  tenant: string;
  prefix: string;
  roles: string[];
}

export const demoSignInKeyPath = (dir: string): string => resolve(join(dir, DEMO_KEY_FILE));

/** Creates the key and writes it to `<dir>/demo-api-key` (mode 0600); undefined when the tenant does not exist or the file already does. */
export async function createDemoSignInKey(db: Database, dir: string, tenantSlug = 'acme-industrial'): Promise<DemoSignInKey | undefined> {
  const tenant = await findTenant(db, tenantSlug);
  if (!tenant) return undefined;
  const path = demoSignInKeyPath(dir);
  if (existsSync(path)) return undefined;
  await mkdir(dir, { recursive: true });
  const roles = ['rep', 'approver', 'admin'] as const;
  const created = await createApiKey(
    db,
    { tenantId: tenant.id, roles: [...roles], name: DEMO_KEY_NAME, userName: DEMO_KEY_USER },
    {
      onCreated: (tx, key) =>
        auditApiKeyCreated(tx, tenant.id, { kind: 'operator', name: 'serve', ref: 'demo sign-in key' }, key, DEMO_KEY_NAME),
    },
  );
  try {
    // 'wx': never overwrite a key file someone already relies on.
    await writeFile(path, `${created.key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // A key nobody can read is a key nobody should hold.
    await revokeApiKey(db, created.id);
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  return { path, tenant: tenant.slug, prefix: created.prefix, roles: [...roles] };
}
