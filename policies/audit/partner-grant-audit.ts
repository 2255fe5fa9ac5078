/** Audit entries for partner grants, written in the granted tenant's own log (its admins see who may act in it). */
import type { Tx } from '../../core/db/database.ts';
import { appendAuditEntry } from './append-audit-entry.ts';
import type { AuditActor } from './audit-entry.ts';

export async function auditPartnerGrant(
  tx: Tx,
  actor: AuditActor,
  change: { partner: { id: string; slug: string }; tenant: { id: string }; grant: { revokedAt: Date | null } },
): Promise<void> {
  const revoked = change.grant.revokedAt !== null;
  await appendAuditEntry(tx, {
    tenantId: change.tenant.id,
    actor,
    action: revoked ? 'partner_grant.revoked' : 'partner_grant.granted',
    entityType: 'partner_grant',
    entityId: change.partner.id,
    after: { partner: change.partner.slug, active: !revoked },
  });
}
