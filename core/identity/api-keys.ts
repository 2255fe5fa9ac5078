import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database, Tx } from '../db/database.ts';
import { asOperator, withTenant } from '../db/tenant-scope.ts';
import { ConflictError, NotFoundError, parseOrThrow, UnauthorizedError } from '../errors.ts';
import { cacheGeneration, cachedPrincipal, forgetApiKey, refreshDue, rememberPrincipal } from './api-key-cache.ts';
import { roleSchema, type Principal, type Role } from './roles.ts';

/** Keys look like `ocp_<prefix>_<secret>`: the prefix identifies a key in listings, the secret never leaves the caller. */
const KEY_PATTERN = /^ocp_([A-Za-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

export const newApiKeySchema = z.object({
  tenantId: z.uuid(),
  roles: z.array(roleSchema).min(1, 'at least one role'),
  name: z.string().trim().min(1).max(100).optional(),
  userName: z.string().trim().min(1).max(100).optional(),
});
export type NewApiKey = z.input<typeof newApiKeySchema>;

export interface CreatedApiKey {
  /** The full key. Shown once; only its hash is stored. */
  key: string;
  id: string;
  prefix: string;
  userId: string;
  userName: string;
  roles: Role[];
}

export interface ApiKeySummary {
  id: string;
  prefix: string;
  name: string;
  userName: string;
  roles: Role[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function generateKey(): { key: string; prefix: string } {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const prefix = Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { key: `ocp_${prefix}_${secret}`, prefix };
}

export interface CreateApiKeyOptions {
  /**
   * Names of existing users this caller may issue keys for. Undefined: any (the operator's CLI). The API
   * passes the caller's own name only, so an admin cannot mint a key as someone else — that would let
   * them approve their own proposal under another name and put that name in the audit log.
   */
  existingUsersAllowed?: readonly string[];
  /**
   * The user whose key mints this one (the API). A user created here is recorded as created by them,
   * so four-eyes treats both as one person (user-lineage.ts). The operator's CLI passes none.
   */
  createdBy?: string;
  /** Runs in the creating transaction (the audit entry commits or rolls back with the key). */
  onCreated?: (tx: Tx, created: CreatedApiKey) => Promise<void>;
}

/** Creates a key (and its user, when that user does not exist yet) for a tenant. */
export async function createApiKey(db: Database, input: NewApiKey, options: CreateApiKeyOptions = {}): Promise<CreatedApiKey> {
  const request = parseOrThrow(newApiKeySchema, input, 'API key request');
  return withTenant(db, request.tenantId, (tx) => createApiKeyIn(tx, request, options));
}

/** Creates the key (and its user) inside the caller's transaction, e.g. while a new tenant is set up from a template. */
export async function createApiKeyIn(tx: Tx, input: NewApiKey, options: CreateApiKeyOptions = {}): Promise<CreatedApiKey> {
  const request = parseOrThrow(newApiKeySchema, input, 'API key request');
  const roles = [...new Set(request.roles)];
  const { key, prefix } = generateKey();
  // Unnamed keys from a restricted caller each get a user of their own, so they never land on someone else's.
  const userName =
    request.userName ??
    (options.existingUsersAllowed ? `${roles.join('-')}-${prefix.slice(0, 6).toLowerCase()}` : `${roles.join('-')}-user`);
  if (options.existingUsersAllowed && !options.existingUsersAllowed.includes(userName)) {
    const existing = await tx.query('SELECT 1 FROM users WHERE tenant_id = $1 AND name = $2', [request.tenantId, userName]);
    if (existing.rows.length)
      throw new ConflictError(
        `user ${JSON.stringify(userName)} already exists; a key for an existing user can only be created by that user or by the operator (copilot keys create)`,
      );
  }
  // An existing user keeps who created them; only a new one records its creator.
  const user = await tx.query<{ id: string; roles: Role[] }>(
    `INSERT INTO users (tenant_id, name, roles, created_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, name) DO UPDATE
       SET roles = ARRAY(SELECT DISTINCT unnest(users.roles || EXCLUDED.roles))
     RETURNING id, roles`,
    [request.tenantId, userName, roles, options.createdBy ?? null],
  );
  const userId = user.rows[0]!.id;
  const created = await tx.query<{ id: string }>(
    `INSERT INTO api_keys (tenant_id, user_id, name, prefix, key_hash, roles)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [request.tenantId, userId, request.name ?? `${userName} key`, prefix, hashApiKey(key), roles],
  );
  const result = { key, id: created.rows[0]!.id, prefix, userId, userName, roles };
  await options.onCreated?.(tx, result);
  return result;
}

/** How stale api_keys.last_used_at may get: it is written at most once per key per interval, not per request. */
export const LAST_USED_RESOLUTION_SECONDS = 60;

/**
 * Resolves a presented key to its principal. Unknown, malformed and revoked keys are all "unauthorized".
 * Served from a short-lived cache (api-key-cache.ts) when the key was seen moments ago; a lookup reads,
 * and writes last_used_at only when it is older than LAST_USED_RESOLUTION_SECONDS.
 */
export async function authenticateApiKey(db: Database, key: string): Promise<Principal> {
  if (!KEY_PATTERN.test(key)) throw new UnauthorizedError();
  const keyHash = hashApiKey(key);
  const cached = cachedPrincipal(db, keyHash);
  if (cached) {
    if (refreshDue(db, keyHash) && !refreshing.has(keyHash)) {
      refreshing.add(keyHash);
      // A revoked key found here is evicted (lookUpApiKey caches only live keys; forget on absence).
      lookUpApiKey(db, keyHash)
        .then((found) => {
          if (!found && cached.keyId) forgetApiKey(db, cached.keyId);
        })
        .catch(() => {})
        .finally(() => refreshing.delete(keyHash));
    }
    return cached;
  }
  const principal = await sharedLookUp(db, keyHash);
  if (!principal) throw new UnauthorizedError();
  return { ...principal, roles: [...principal.roles] };
}

/** Key hashes with a background refresh running. */
const refreshing = new Set<string>();

/** Look-ups in flight per database and key hash, with the eviction generation they began under. */
const inFlight = new WeakMap<Database, Map<string, { generation: number; principal: Promise<Principal | undefined> }>>();

/**
 * One look-up for identical concurrent requests: fifty clients whose cached entry expired while they
 * queued sent fifty operator transactions to the one database thread (docs/benchmarks.md, session 10).
 * A request joins a look-up only if no key was revoked since it began, so revocation stays immediate.
 */
async function sharedLookUp(db: Database, keyHash: string): Promise<Principal | undefined> {
  let running = inFlight.get(db);
  if (!running) {
    running = new Map();
    inFlight.set(db, running);
  }
  const joined = running.get(keyHash);
  if (joined && joined.generation === cacheGeneration(db)) return joined.principal;
  const lookUp = { generation: cacheGeneration(db), principal: lookUpApiKey(db, keyHash) };
  running.set(keyHash, lookUp);
  try {
    return await lookUp.principal;
  } finally {
    if (running.get(keyHash) === lookUp) running.delete(keyHash);
  }
}

/** Reads a live key's principal (writing last_used_at when stale) and caches it; undefined for unknown or revoked keys. */
async function lookUpApiKey(db: Database, keyHash: string): Promise<Principal | undefined> {
  const generation = cacheGeneration(db);
  const principal = await asOperator(db, async (tx) => {
    const result = await tx.query<{
      id: string;
      tenant_id: string;
      slug: string;
      user_id: string;
      user_name: string;
      roles: Role[];
      stale: boolean;
    }>(
      `SELECT k.id, k.tenant_id, t.slug, k.user_id, u.name AS user_name, k.roles,
              (k.last_used_at IS NULL OR k.last_used_at < now() - make_interval(secs => $2)) AS stale
         FROM api_keys k JOIN users u ON u.id = k.user_id JOIN tenants t ON t.id = k.tenant_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [keyHash, LAST_USED_RESOLUTION_SECONDS],
    );
    const row = result.rows[0];
    if (row?.stale) await tx.query('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.id]);
    return row;
  });
  if (!principal) return undefined;
  const resolved: Principal = {
    tenantId: principal.tenant_id,
    tenantSlug: principal.slug,
    userId: principal.user_id,
    userName: principal.user_name,
    roles: principal.roles,
    keyId: principal.id,
  };
  rememberPrincipal(db, keyHash, resolved, generation);
  return resolved;
}

/**
 * Revokes a key by id or prefix, in whichever tenant it is (the operator's CLI). Revocation is immediate
 * for every surface; `onRevoked` runs in the revoking transaction, in the key's tenant.
 */
export async function revokeApiKey(
  db: Database,
  idOrPrefix: string,
  options: { onRevoked?: (tx: Tx, revoked: { id: string; prefix: string; tenantId: string }) => Promise<void> } = {},
): Promise<{ id: string; prefix: string; tenantId: string }> {
  const byId = z.uuid().safeParse(idOrPrefix).success;
  const found = await asOperator(db, async (tx) => {
    const result = await tx.query<{ id: string; tenant_id: string }>(
      `SELECT id, tenant_id FROM api_keys WHERE ${byId ? 'id = $1::uuid' : 'prefix = $1'}`,
      [idOrPrefix],
    );
    return result.rows[0];
  });
  if (!found) throw new NotFoundError('API key', idOrPrefix);
  const tenantId = found.tenant_id;
  const revoked = await revokeTenantApiKey(db, tenantId, found.id, {
    onRevoked: (tx, key) => options.onRevoked?.(tx, { ...key, tenantId }) ?? Promise.resolve(),
  });
  return { ...revoked, tenantId };
}

/**
 * Revokes one key of a tenant, under its row-level security (another tenant's key is simply not found).
 * `onRevoked` runs in the same transaction.
 */
export async function revokeTenantApiKey(
  db: Database,
  tenantId: string,
  keyId: string,
  options: { onRevoked?: (tx: Tx, revoked: { id: string; prefix: string }) => Promise<void> } = {},
): Promise<{ id: string; prefix: string }> {
  if (!z.uuid().safeParse(keyId).success) throw new NotFoundError('API key', keyId);
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<{ id: string; prefix: string }>(
      'UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id, prefix',
      [keyId],
    );
    const revoked = result.rows[0];
    if (!revoked) throw new NotFoundError('API key', keyId);
    await options.onRevoked?.(tx, revoked);
    return revoked;
  }).then((revoked) => {
    // After commit; a lookup that read the key before the commit finds the generation moved and does not cache it.
    forgetApiKey(db, revoked.id);
    return revoked;
  });
}

export async function listApiKeys(db: Database, tenantId: string): Promise<ApiKeySummary[]> {
  return withTenant(db, tenantId, async (tx) => {
    const result = await tx.query<{
      id: string;
      prefix: string;
      name: string;
      user_name: string;
      roles: Role[];
      created_at: Date;
      last_used_at: Date | null;
      revoked_at: Date | null;
    }>(
      `SELECT k.id, k.prefix, k.name, u.name AS user_name, k.roles, k.created_at, k.last_used_at, k.revoked_at
         FROM api_keys k JOIN users u ON u.id = k.user_id ORDER BY k.created_at`,
    );
    return result.rows.map((row) => ({
      id: row.id,
      prefix: row.prefix,
      name: row.name,
      userName: row.user_name,
      roles: row.roles,
      createdAt: row.created_at,
      lastUsedAt: row.last_used_at,
      revokedAt: row.revoked_at,
    }));
  });
}
