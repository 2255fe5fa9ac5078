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

/** A person signed in to the UI through single sign-on (with the roles the provider's claims mapped to). */
export async function auditSingleSignOn(
  tx: Tx,
  signIn: ExternalSubject & { userId: string; userName: string; roles: readonly string[] },
): Promise<void> {
  await appendAuditEntry(tx, {
    tenantId: signIn.tenantId,
    actor: { kind: 'user', userId: signIn.userId, name: signIn.userName, ref: 'ui sso' },
    action: 'session.signed_in',
    entityType: 'user',
    entityId: signIn.userId,
    after: { issuer: signIn.issuer, subject: signIn.subject, roles: signIn.roles },
  });
}
