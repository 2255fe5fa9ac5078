/** Maps audit_log rows to AuditEntry values. */
import type { AuditActor, AuditEntry } from './audit-entry.ts';

export interface AuditRow {
  tenant_id: string;
  seq: number;
  at: Date;
  actor: AuditActor;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

export function rowToAuditEntry(row: AuditRow): AuditEntry {
  return {
    tenantId: row.tenant_id,
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
