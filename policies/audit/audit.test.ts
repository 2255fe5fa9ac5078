import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { asOperator, withTenant } from '../../core/db/tenant-scope.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { appendAuditEntry } from './append-audit-entry.ts';
import { GENESIS_HASH } from './audit-entry.ts';
import { listAuditEntries } from './list-audit-entries.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

describe('audit log', () => {
  let db: Database;
  let a: Tenant;
  let b: Tenant;

  const append = (tenant: Tenant, n: number) =>
    withTenant(db, tenant.id, async (tx) => {
      for (let i = 0; i < n; i++) {
        await appendAuditEntry(tx, {
          tenantId: tenant.id,
          actor: { kind: 'user', userId: '00000000-0000-4000-8000-000000000001', name: 'ann' },
          action: 'thing.changed',
          entityType: 'thing',
          entityId: `t-${i}`,
          before: { value: i, at: new Date(0) },
          after: { value: i + 1, nested: { z: 1, a: [1, 'two', null] } },
        });
      }
    });

  // The superuser tampers as an attacker with database access would, bypassing the trigger.
  const tamper = (sql: string, params: unknown[]) =>
    db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(sql, params);
    });

  beforeAll(async () => {
    db = await createTestDb();
    a = await createTenant(db, { slug: 'audit-a', name: 'A' });
    b = await createTenant(db, { slug: 'audit-b', name: 'B' });
    await append(a, 5);
    await append(b, 3);
  });
  afterAll(() => db.close());

  it('chains entries per tenant with gapless seq', async () => {
    const entries = (await listAuditEntries(db, a.id)).reverse();
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).toBe(entries[i - 1]!.hash);
    expect(entries[0]!.before).toEqual({ value: 0, at: '1970-01-01T00:00:00.000Z' });
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(true);
    expect(report.tenants.map((tenant) => tenant.entries).sort()).toEqual([3, 5]);
  });

  it('never shows one tenant another tenant’s entries', async () => {
    const entries = await listAuditEntries(db, b.id);
    expect(entries).toHaveLength(3);
    expect(entries.every((entry) => entry.tenantId === b.id)).toBe(true);
  });

  it('refuses updates and deletes from the app roles and from the owner', async () => {
    await expect(withTenant(db, a.id, (tx) => tx.query(`UPDATE audit_log SET action = 'x' WHERE seq = 1`))).rejects.toThrow(
      /permission denied/,
    );
    await expect(withTenant(db, a.id, (tx) => tx.query('DELETE FROM audit_log WHERE seq = 1'))).rejects.toThrow(/permission denied/);
    await expect(asOperator(db, (tx) => tx.query('DELETE FROM audit_log'))).rejects.toThrow(/permission denied/);
    await expect(asOperator(db, (tx) => tx.query('TRUNCATE audit_log'))).rejects.toThrow(/permission denied/);
    await expect(db.query(`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('appends concurrently without gaps', async () => {
    const c = await createTenant(db, { slug: 'audit-c', name: 'C' });
    await Promise.all([append(c, 4), append(c, 4), append(c, 4)]);
    const entries = await listAuditEntries(db, c.id);
    expect(entries.map((entry) => entry.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await verifyAuditChain(db, c.id)).ok).toBe(true);
  });

  it('detects an altered entry and names its seq', async () => {
    const t = await createTenant(db, { slug: 'audit-alter', name: 'T' });
    await append(t, 6);
    await tamper(`UPDATE audit_log SET after = '{"value": 999}' WHERE tenant_id = $1 AND seq = 4`, [t.id]);
    const report = await verifyAuditChain(db, t.id);
    expect(report.ok).toBe(false);
    expect(report.tenants[0]!.problems).toEqual([expect.objectContaining({ seq: 4, kind: 'hash_mismatch' })]);
  });

  it('detects an entry whose hash was recomputed after altering it (the next link breaks)', async () => {
    const t = await createTenant(db, { slug: 'audit-rehash', name: 'T' });
    await append(t, 4);
    await tamper(`UPDATE audit_log SET actor = '{"kind": "system"}', hash = $2 WHERE tenant_id = $1 AND seq = 2`, [t.id, 'f'.repeat(64)]);
    const problems = (await verifyAuditChain(db, t.id)).tenants[0]!.problems;
    expect(problems.map((problem) => [problem.seq, problem.kind])).toEqual([
      [2, 'hash_mismatch'],
      [3, 'broken_link'],
    ]);
  });

  it('detects a removed entry in the middle and at the end', async () => {
    const t = await createTenant(db, { slug: 'audit-remove', name: 'T' });
    await append(t, 5);
    await tamper('DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 3', [t.id]);
    let problems = (await verifyAuditChain(db, t.id)).tenants[0]!.problems;
    expect(problems[0]).toMatchObject({ seq: 3, kind: 'missing_entry' });
    const u = await createTenant(db, { slug: 'audit-tail', name: 'U' });
    await append(u, 5);
    await tamper('DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 5', [u.id]);
    problems = (await verifyAuditChain(db, u.id)).tenants[0]!.problems;
    expect(problems).toEqual([expect.objectContaining({ seq: 5, kind: 'head_mismatch' })]);
    // Other tenants' chains are unaffected.
    expect((await verifyAuditChain(db, a.id)).ok).toBe(true);
  });

  it('goes with its tenant when the tenant is deleted', async () => {
    const t = await createTenant(db, { slug: 'audit-gone', name: 'T' });
    await append(t, 2);
    await db.query('DELETE FROM tenants WHERE id = $1', [t.id]);
    const left = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1', [t.id]);
    expect(left.rows[0]!.n).toBe(0);
  });
});
