/** Appends one entry to a tenant's hash chain inside the caller's transaction. */
import type { Tx } from '../../core/db/database.ts';
import { normalizeForJson } from './canonical-json.ts';
import { GENESIS_HASH, hashAuditEntry, type AuditEntry, type NewAuditEntry } from './audit-entry.ts';

/**
 * Locks the tenant's chain head (so concurrent appends queue and seq stays gapless), links the new
 * entry to the previous hash and advances the head. Runs in the caller's transaction: the entry
 * commits or rolls back with the change it records.
 */
export async function appendAuditEntry(tx: Tx, input: NewAuditEntry): Promise<AuditEntry> {
  await tx.query(`INSERT INTO audit_heads (tenant_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (tenant_id) DO NOTHING`, [
    input.tenantId,
    GENESIS_HASH,
  ]);
  const head = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_heads WHERE tenant_id = $1 FOR UPDATE', [
    input.tenantId,
  ]);
  const previous = head.rows[0];
  if (!previous) throw new Error(`audit chain head for tenant ${input.tenantId} is not visible in this transaction`);
  const unsigned = {
    tenantId: input.tenantId,
    seq: previous.seq + 1,
    // Millisecond precision, so the stored timestamp reads back exactly and the hash can be recomputed.
    at: new Date(),
    actor: normalizeForJson(input.actor) as AuditEntry['actor'],
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    before: normalizeForJson(input.before),
    after: normalizeForJson(input.after),
    prevHash: previous.hash,
  };
  const entry: AuditEntry = { ...unsigned, hash: hashAuditEntry(unsigned) };
  await tx.query(
    `INSERT INTO audit_log (tenant_id, seq, at, actor, action, entity_type, entity_id, before, after, prev_hash, hash)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11)`,
    [
      entry.tenantId,
      entry.seq,
      entry.at.toISOString(),
      JSON.stringify(entry.actor),
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === null ? null : JSON.stringify(entry.before),
      entry.after === null ? null : JSON.stringify(entry.after),
      entry.prevHash,
      entry.hash,
    ],
  );
  await tx.query('UPDATE audit_heads SET seq = $2, hash = $3 WHERE tenant_id = $1', [entry.tenantId, entry.seq, entry.hash]);
  return entry;
}
