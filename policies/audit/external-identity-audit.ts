/**
 * Audit entries for people who act through an external identity provider (OAuth access tokens at
 * /mcp): the first use that links them to a tenant user, and tokens refused although the issuer
 * signed them for this server (written in the tenant the token names, whose admins should see it).
 */
import type { Tx } from '../../core/db/database.ts';
import { appendAuditEntry } from './append-audit-entry.ts';

export interface ExternalSubject {
  tenantId: string;
  issuer: string;
  subject: string;
}

export async function auditExternalIdentityLinked(
  tx: Tx,
  identity: ExternalSubject & { userId: string; userName: string; roles: readonly string[]; surface: string },
): Promise<void> {
  await appendAuditEntry(tx, {
    tenantId: identity.tenantId,
    actor: { kind: 'user', userId: identity.userId, name: identity.userName, ref: identity.surface },
    action: 'external_identity.linked',
    entityType: 'user',
    entityId: identity.userId,
    after: { issuer: identity.issuer, subject: identity.subject, roles: identity.roles },
  });
}

export async function auditAccessTokenRefused(
  tx: Tx,
  refusal: ExternalSubject & { reason: string; scopes: readonly string[]; surface: string },
): Promise<void> {
  await appendAuditEntry(tx, {
    tenantId: refusal.tenantId,
    actor: { kind: 'mcp', name: refusal.subject, ref: refusal.surface },
    action: 'access_token.refused',
    entityType: 'external_identity',
    entityId: null,
    after: { issuer: refusal.issuer, subject: refusal.subject, reason: refusal.reason, scopes: refusal.scopes },
  });
}
