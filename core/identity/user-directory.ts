/** Looking people up by the name they sign in with (routing names owners, queue members and leads by name). */
import type { Tx } from '../db/database.ts';
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
