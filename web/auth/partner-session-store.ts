/**
 * Browser sessions of partner organisations' people (table web_partner_sessions, owned by web/). A
 * session remembers the partner person, how they signed in (a partner key's id, or the identity
 * provider's issuer and subject) and the granted tenant they currently work in. Every lookup
 * re-derives the person from that credential; entering the tenant re-checks the grant (and the
 * database checks it again on every transaction). The cookie carries a random token; only its hash
 * is stored.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { currentPartnerPerson, type PartnerPrincipal } from '../../core/partners/index.ts';
import { hashSessionToken, type OpenedSession, SESSION_TTL_MS, type SessionIdentity } from './session-store.ts';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface PartnerSession {
  tokenHash: string;
  partner: PartnerPrincipal;
  /** The granted tenant the person works in now; undefined on the partner's own pages. */
  currentTenantId: string | undefined;
  identity: SessionIdentity | undefined;
}

export async function openPartnerSession(
  db: Database,
  partner: PartnerPrincipal,
  identity?: SessionIdentity,
  now = new Date(),
): Promise<OpenedSession> {
  if (!partner.keyId && !identity) throw new Error('a partner session needs a partner key or a single sign-on identity');
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashSessionToken(token);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await asOperator(db, async (tx) => {
    await tx.query(
      `INSERT INTO web_partner_sessions
         (token_hash, partner_id, partner_user_id, partner_key_id, identity_issuer, identity_subject, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        tokenHash,
        partner.partnerId,
        partner.userId,
        identity ? null : partner.keyId,
        identity?.issuer ?? null,
        identity?.subject ?? null,
        now,
        expiresAt,
      ],
    );
  });
  return { token, tokenHash, expiresAt };
}

/** The live partner session behind a token, or undefined (unknown, expired, key revoked, identity unlinked, SSO off). */
export async function resolvePartnerSession(
  db: Database,
  token: string,
  options: { now?: Date; oidcIssuer?: string | undefined } = {},
): Promise<PartnerSession | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  const tokenHash = hashSessionToken(token);
  const row = await asOperator(db, async (tx) => {
    const result = await tx.query<{
      partner_user_id: string;
      partner_key_id: string | null;
      identity_issuer: string | null;
      identity_subject: string | null;
      current_tenant_id: string | null;
    }>(
      `SELECT partner_user_id, partner_key_id, identity_issuer, identity_subject, current_tenant_id
         FROM web_partner_sessions WHERE token_hash = $1 AND expires_at > $2`,
      [tokenHash, options.now ?? new Date()],
    );
    return result.rows[0];
  });
  if (!row) return undefined;
  let identity: SessionIdentity | undefined;
  let partner: PartnerPrincipal | undefined;
  if (row.partner_key_id) {
    partner = await currentPartnerPerson(db, { partnerUserId: row.partner_user_id, keyId: row.partner_key_id });
  } else {
    identity = { issuer: row.identity_issuer ?? '', subject: row.identity_subject ?? '' };
    if (!options.oidcIssuer || identity.issuer !== options.oidcIssuer) return undefined;
    partner = await currentPartnerPerson(db, { partnerUserId: row.partner_user_id, ...identity });
  }
  if (!partner || partner.roles.length === 0) return undefined;
  return { tokenHash, partner, currentTenantId: row.current_tenant_id ?? undefined, identity };
}

/** Records the tenant the person now works in (undefined: back to the partner's pages). */
export async function setPartnerSessionTenant(db: Database, tokenHash: string, tenantId: string | undefined): Promise<void> {
  await asOperator(db, async (tx) => {
    await tx.query('UPDATE web_partner_sessions SET current_tenant_id = $2 WHERE token_hash = $1', [tokenHash, tenantId ?? null]);
  });
}

export async function closePartnerSession(db: Database, tokenHash: string): Promise<void> {
  await asOperator(db, async (tx) => {
    await tx.query('DELETE FROM web_partner_sessions WHERE token_hash = $1', [tokenHash]);
  });
}

export async function purgeExpiredPartnerSessions(db: Database, now = new Date()): Promise<number> {
  return asOperator(db, async (tx) => (await tx.query('DELETE FROM web_partner_sessions WHERE expires_at <= $1', [now])).rowCount);
}
