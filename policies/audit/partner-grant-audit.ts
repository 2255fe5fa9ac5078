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

/**
 * A partner's person entered a granted tenant in the UI (an explicit switch): written in that tenant's
 * log, as the partner person, so its admins see who from which partner worked in it and when.
 */
export async function auditPartnerEnteredTenant(
  tx: Tx,
  entry: {
    tenantId: string;
    userId: string;
    userName: string;
    partner: { id: string; slug: string };
    partnerUserId: string;
    roles: readonly string[];
  },
): Promise<void> {
  await appendAuditEntry(tx, {
    tenantId: entry.tenantId,
    actor: { kind: 'user', userId: entry.userId, name: entry.userName, ref: `partner ${entry.partner.slug}` },
    action: 'partner.tenant_entered',
    entityType: 'partner_grant',
    entityId: entry.partner.id,
    after: { partner: entry.partner.slug, partnerUserId: entry.partnerUserId, roles: entry.roles },
  });
}
