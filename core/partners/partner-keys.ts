/**
 * API keys of partner organisations' people (tables partner_users, partner_api_keys). They look like
 * `ocpp_<prefix>_<secret>`, so a partner key is never mistaken for a tenant key; only the SHA-256 of
 * the whole key is stored. A partner key names no tenant: each request picks a granted one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { asOperator } from '../db/tenant-scope.ts';
import { NotFoundError, parseOrThrow, UnauthorizedError } from '../errors.ts';
import { partnerRoleSchema, type PartnerRole } from '../identity/roles.ts';
import { findPartnerIn } from './partners.ts';

export const PARTNER_KEY_PATTERN = /^ocpp_([A-Za-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

export const newPartnerKeySchema = z.object({
  partner: z.string().trim().min(1).max(100),
  roles: z.array(partnerRoleSchema).min(1, 'at least one partner role'),
  userName: z.string().trim().min(1).max(100),
  email: z.email().max(200).optional(),
  name: z.string().trim().min(1).max(100).optional(),
});
export type NewPartnerKey = z.input<typeof newPartnerKeySchema>;

/** A partner's person, authenticated, before choosing a tenant. */
export interface PartnerPrincipal {
  partnerId: string;
  partnerSlug: string;
  userId: string;
  userName: string;
  roles: PartnerRole[];
  keyId?: string;
}

export interface CreatedPartnerKey extends PartnerPrincipal {
  /** Shown once. */
  key: string;
  prefix: string;
}

const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

function generateKey(): { key: string; prefix: string } {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const prefix = Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join('');
  return { key: `ocpp_${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

/** Creates a key (and the person, or widens their roles) for a partner organisation. Operator only. */
export async function createPartnerKey(db: Database, input: NewPartnerKey): Promise<CreatedPartnerKey> {
  const request = parseOrThrow(newPartnerKeySchema, input, 'partner key request');
  const roles = [...new Set(request.roles)];
  const { key, prefix } = generateKey();
  return asOperator(db, async (tx) => {
    const partner = await findPartnerIn(tx, request.partner);
    if (!partner) throw new NotFoundError('partner', request.partner);
    const user = await tx.query<{ id: string }>(
      `INSERT INTO partner_users (partner_id, name, email, roles) VALUES ($1, $2, $3, $4)
       ON CONFLICT (partner_id, name) DO UPDATE SET roles = ARRAY(SELECT DISTINCT unnest(partner_users.roles || EXCLUDED.roles))
       RETURNING id`,
      [partner.id, request.userName, request.email ?? null, roles],
    );
    const userId = user.rows[0]!.id;
    const created = await tx.query<{ id: string }>(
      `INSERT INTO partner_api_keys (partner_id, user_id, name, prefix, key_hash, roles) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [partner.id, userId, request.name ?? `${request.userName} key`, prefix, hashKey(key), roles],
    );
    return {
      key,
      prefix,
      keyId: created.rows[0]!.id,
      partnerId: partner.id,
      partnerSlug: partner.slug,
      userId,
      userName: request.userName,
      roles,
    };
  });
}

/** Resolves a presented partner key; unknown, malformed and revoked keys are all "unauthorized". */
export async function authenticatePartnerKey(db: Database, key: string): Promise<PartnerPrincipal> {
  if (!PARTNER_KEY_PATTERN.test(key)) throw new UnauthorizedError();
  const row = await asOperator(db, async (tx) => {
    const result = await tx.query<{
      id: string;
      partner_id: string;
      slug: string;
      user_id: string;
      user_name: string;
      roles: PartnerRole[];
    }>(
      `SELECT k.id, k.partner_id, p.slug, k.user_id, u.name AS user_name, k.roles
         FROM partner_api_keys k JOIN partner_users u ON u.id = k.user_id JOIN partners p ON p.id = k.partner_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [hashKey(key)],
    );
    return result.rows[0];
  });
  if (!row) throw new UnauthorizedError();
  return {
    partnerId: row.partner_id,
    partnerSlug: row.slug,
    userId: row.user_id,
    userName: row.user_name,
    roles: row.roles,
    keyId: row.id,
  };
}

/** Revokes a partner key by id or prefix. */
export async function revokePartnerKey(db: Database, partner: string, idOrPrefix: string): Promise<void> {
  await asOperator(db, async (tx) => {
    const found = await findPartnerIn(tx, partner);
    if (!found) throw new NotFoundError('partner', partner);
    const byId = z.uuid().safeParse(idOrPrefix).success;
    const result = await tx.query(
      `UPDATE partner_api_keys SET revoked_at = now() WHERE partner_id = $1 AND ${byId ? 'id = $2::uuid' : 'prefix = $2'} AND revoked_at IS NULL`,
      [found.id, idOrPrefix],
    );
    if (result.rowCount === 0) throw new NotFoundError('partner key', idOrPrefix);
  });
}
