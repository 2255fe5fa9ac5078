/** Reads a tenant's audit entries (newest first), optionally for one entity. */
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { parseOrThrow } from '../../core/errors.ts';
import type { AuditEntry } from './audit-entry.ts';
import { rowToAuditEntry, type AuditRow } from './audit-row.ts';

export const auditQuerySchema = z.object({
  entityType: z.string().min(1).optional(),
  entityId: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

export async function listAuditEntries(db: Database, tenantId: string, query: AuditQuery = {}): Promise<AuditEntry[]> {
  const filter = parseOrThrow(auditQuerySchema, query, 'audit query');
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<AuditRow>(
      `SELECT * FROM audit_log
        WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2) AND ($3::text IS NULL OR action = $3)
        ORDER BY seq DESC LIMIT $4`,
      [filter.entityType ?? null, filter.entityId ?? null, filter.action ?? null, filter.limit],
    );
    return result.rows.map(rowToAuditEntry);
  });
}
