/** Recomputes every tenant's hash chain and reports altered, removed or reordered entries. */
import type { Database, Tx } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { GENESIS_HASH, hashAuditEntry, type AuditEntry } from './audit-entry.ts';
import { rowToAuditEntry, type AuditRow } from './audit-row.ts';

export type AuditProblemKind = 'hash_mismatch' | 'broken_link' | 'missing_entry' | 'head_mismatch';

export interface AuditProblem {
  seq: number;
  kind: AuditProblemKind;
  message: string;
}

export interface TenantChainReport {
  tenantId: string;
  entries: number;
  ok: boolean;
  problems: AuditProblem[];
}

export interface AuditVerification {
  ok: boolean;
  tenants: TenantChainReport[];
}

const PAGE_SIZE = 1000;

/**
 * Walks each chain in seq order: every entry must hash to its stored hash, link to the previous
 * entry's hash, follow it without a gap, and the last entry must match the chain head (which catches
 * a removed tail). Runs as the operator, so it sees every tenant; pass tenantId to check one.
 */
export async function verifyAuditChain(db: Database, tenantId?: string): Promise<AuditVerification> {
  const tenantIds = await asOperator(db, async (tx) => {
    const result = await tx.query<{ tenant_id: string }>(
      `SELECT tenant_id FROM audit_heads ${tenantId ? 'WHERE tenant_id = $1' : ''}
       UNION SELECT DISTINCT tenant_id FROM audit_log ${tenantId ? 'WHERE tenant_id = $1' : ''}
       ORDER BY tenant_id`,
      tenantId ? [tenantId] : [],
    );
    return result.rows.map((row) => row.tenant_id);
  });
  const tenants: TenantChainReport[] = [];
  for (const id of tenantIds) tenants.push(await asOperator(db, (tx) => verifyTenantChain(tx, id)));
  return { ok: tenants.every((tenant) => tenant.ok), tenants };
}

async function verifyTenantChain(tx: Tx, tenantId: string): Promise<TenantChainReport> {
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  let entries = 0;
  let afterSeq = 0;
  for (;;) {
    const page = await tx.query<AuditRow>(`SELECT * FROM audit_log WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT ${PAGE_SIZE}`, [
      tenantId,
      afterSeq,
    ]);
    for (const row of page.rows) {
      const entry = rowToAuditEntry(row);
      entries++;
      if (entry.seq !== expectedSeq) {
        problems.push({
          seq: expectedSeq,
          kind: 'missing_entry',
          message: `entries ${expectedSeq}..${entry.seq - 1} are missing`,
        });
      }
      if (entry.prevHash !== previousHash) {
        problems.push({ seq: entry.seq, kind: 'broken_link', message: `entry ${entry.seq} does not link to the entry before it` });
      }
      if (hashAuditEntry(entry) !== entry.hash) {
        problems.push({
          seq: entry.seq,
          kind: 'hash_mismatch',
          message: `entry ${entry.seq} was altered (its content no longer matches its hash)`,
        });
      }
      expectedSeq = entry.seq + 1;
      previousHash = entry.hash;
      afterSeq = entry.seq;
    }
    if (page.rows.length < PAGE_SIZE) break;
  }
  const head = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_heads WHERE tenant_id = $1', [tenantId]);
  const headRow = head.rows[0];
  if (!headRow || headRow.seq !== expectedSeq - 1 || headRow.hash !== previousHash) {
    problems.push({
      seq: headRow ? headRow.seq : expectedSeq - 1,
      kind: 'head_mismatch',
      message: headRow
        ? `the chain head is at entry ${headRow.seq} but the log ends at ${expectedSeq - 1}: entries were removed or altered`
        : 'the chain head is missing',
    });
  }
  return { tenantId, entries, ok: problems.length === 0, problems };
}

export type { AuditEntry };
