/** Audit entries for API keys, whoever issues or revokes them (the API, the operator's CLI, serve's demo key). */
import type { Tx } from '../../core/db/database.ts';
import { appendAuditEntry } from './append-audit-entry.ts';
import type { AuditActor } from './audit-entry.ts';

/** Records a new key in its tenant's chain: prefix, user, roles and label, never the key itself. */
export async function auditApiKeyCreated(
  tx: Tx,
  tenantId: string,
  actor: AuditActor,
  key: { id: string; prefix: string; userName: string; roles: readonly string[] },
  name: string | null,
): Promise<void> {
  await appendAuditEntry(tx, {
    tenantId,
    actor,
    action: 'api_key.created',
    entityType: 'api_key',
    entityId: key.id,
    after: { prefix: key.prefix, userName: key.userName, roles: key.roles, name },
  });
}

export async function auditApiKeyRevoked(tx: Tx, tenantId: string, actor: AuditActor, key: { id: string; prefix: string }): Promise<void> {
  await appendAuditEntry(tx, {
    tenantId,
    actor,
    action: 'api_key.revoked',
    entityType: 'api_key',
    entityId: key.id,
    after: { prefix: key.prefix },
  });
}
