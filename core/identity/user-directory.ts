/** Looking people up by the name they sign in with (routing names owners, queue members and leads by name). */
import type { Tx } from '../db/database.ts';
import { ConflictError } from '../errors.ts';
import type { Role } from './roles.ts';

export interface DirectoryUser {
  id: string;
  name: string;
  email: string | null;
  roles: Role[];
}

/** The transaction's tenant's users with these names (RLS); names not found are absent from the map. */
export async function findUsersByName(tx: Tx, tenantId: string, names: readonly string[]): Promise<Map<string, DirectoryUser>> {
  if (names.length === 0) return new Map();
  const result = await tx.query<DirectoryUser>('SELECT id, name, email, roles FROM users WHERE tenant_id = $1 AND name = ANY($2::text[])', [
    tenantId,
    [...new Set(names)],
  ]);
  return new Map(result.rows.map((row) => [row.name, row]));
}

/**
 * Adds a person to the tenant with these roles (no key: they sign in through single sign-on, or get a
 * key later). A user of that name already there is a conflict, never widened silently.
 */
export async function addUser(tx: Tx, tenantId: string, name: string, roles: readonly Role[]): Promise<DirectoryUser> {
  const result = await tx.query<DirectoryUser>(
    `INSERT INTO users (tenant_id, name, roles) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id, name, email, roles`,
    [tenantId, name, [...new Set(roles)]],
  );
  if (!result.rows[0]) throw new ConflictError(`user ${JSON.stringify(name)} already exists`, { name });
  return result.rows[0];
}

/** Every user of the transaction's tenant, by name. */
export async function listUsers(tx: Tx, tenantId: string): Promise<DirectoryUser[]> {
  const result = await tx.query<DirectoryUser>('SELECT id, name, email, roles FROM users WHERE tenant_id = $1 ORDER BY name', [tenantId]);
  return result.rows;
}
