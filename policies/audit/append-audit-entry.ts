/** Appends one entry to a tenant's hash chain inside the caller's transaction. */
import type { Tx } from '../../core/db/database.ts';
import { normalizeForJson } from './canonical-json.ts';
import { GENESIS_HASH, hashAuditEntry, type AuditEntry, type NewAuditEntry } from './audit-entry.ts';

/**
 * Locks the tenant's chain head (so concurrent appends queue and seq stays gapless), links the new
 * entry to the previous hash and advances the head. Runs in the caller's transaction: the entry
 * commits or rolls back with the change it records. Two statements: the head is created if missing,
 * locked and read by one upsert (its no-op update takes the row lock, as SELECT … FOR UPDATE did, and
 * returns the latest committed head once a concurrent append commits); the entry and the new head are
 * written by one statement.
 */
export async function appendAuditEntry(tx: Tx, input: NewAuditEntry): Promise<AuditEntry> {
  const head = await tx.query<{ seq: number; hash: string }>(
    `INSERT INTO audit_heads (tenant_id, seq, hash) VALUES ($1, 0, $2)
     ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq RETURNING seq, hash`,
    [input.tenantId, GENESIS_HASH],
    { prepare: 'everywhere' },
  );
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
  const written = await tx.query(
    `WITH entry AS (
       INSERT INTO audit_log (tenant_id, seq, at, actor, action, entity_type, entity_id, before, after, prev_hash, hash)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11)
       RETURNING tenant_id, seq, hash
     )
     UPDATE audit_heads h SET seq = entry.seq, hash = entry.hash FROM entry WHERE h.tenant_id = entry.tenant_id`,
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
    { prepare: 'everywhere' },
  );
  // One head row advanced, or the entry is not in the chain: never let that pass silently.
  if (written.rowCount !== 1) throw new Error(`audit chain head for tenant ${entry.tenantId} did not advance to seq ${entry.seq}`);
  return entry;
}
