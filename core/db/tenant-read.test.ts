import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../identity/api-keys.ts';
import { createTestDb } from '../testing/test-db.ts';
import { createTenant, type Tenant } from '../tenants/tenants.ts';
import type { Database, Tx } from './database.ts';
import { runInPartnerScope } from './partner-scope.ts';
import { readInTenant } from './tenant-read.ts';

describe('readInTenant', () => {
  let inner: Database;
  let db: Database;
  let a: Tenant;
  let b: Tenant;
  let bUserId: string;
  const calls = { scoped: 0, transactions: 0 };

  beforeAll(async () => {
    inner = await createTestDb();
    a = await createTenant(inner, { slug: 'read-a', name: 'Read A' });
    b = await createTenant(inner, { slug: 'read-b', name: 'Read B' });
    await createApiKey(inner, { tenantId: a.id, roles: ['rep'] });
    bUserId = (await createApiKey(inner, { tenantId: b.id, roles: ['admin'] })).userId;
    db = {
      ...inner,
      scopedQuery(sql, params, options) {
        calls.scoped += 1;
        return inner.scopedQuery!(sql, params, options);
      },
      transaction(fn, scope) {
        calls.transactions += 1;
        return inner.transaction(fn, scope);
      },
    };
  });
  afterAll(() => inner.close());

  const counted = async <T>(run: () => Promise<T>) => {
    const before = { ...calls };
    const value = await run();
    return { value, scoped: calls.scoped - before.scoped, transactions: calls.transactions - before.transactions };
  };

  it("runs a one-statement read as one scoped statement, as the tenant's RLS-bound role", async () => {
    const read = (tx: Tx) =>
      tx.query<{ role: string; users: number; other: number }>(
        `SELECT current_user AS role, (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM users WHERE id = $1) AS other`,
        [bUserId],
        { prepare: 'everywhere' },
      );
    const answer = await counted(() => readInTenant(db, a.id, read));
    expect(answer).toMatchObject({ scoped: 1, transactions: 0 });
    expect(answer.value.rows).toEqual([{ role: 'copilot_app', users: 1, other: 0 }]);
    await expect(readInTenant(db, 'not-a-uuid', read)).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('runs a read that needs a second statement again in one transaction, whose statements share a snapshot', async () => {
    const read = async (tx: Tx) => {
      const first = await tx.query<{ xid: string }>('SELECT txid_current()::text AS xid');
      const second = await tx.query<{ xid: string }>('SELECT txid_current()::text AS xid');
      return [first.rows[0]!.xid, second.rows[0]!.xid];
    };
    const answer = await counted(() => readInTenant(db, a.id, read));
    expect(answer).toMatchObject({ scoped: 1, transactions: 1 });
    expect(answer.value[0]).toBe(answer.value[1]);
  });

  it('does not keep an answer the read built after catching its second statement’s failure', async () => {
    const read = async (tx: Tx) => {
      const first = await tx.query<{ n: number }>('SELECT 1 AS n');
      const second = await tx.query<{ n: number }>('SELECT 2 AS n').catch(() => ({ rows: [{ n: -1 }] }));
      return first.rows[0]!.n + second.rows[0]!.n;
    };
    const answer = await counted(() => readInTenant(db, a.id, read));
    expect(answer).toMatchObject({ value: 3, scoped: 1, transactions: 1 });
  });

  it("passes the first statement's failure through without a second run", async () => {
    const before = { ...calls };
    await expect(readInTenant(db, a.id, (tx) => tx.query('SELECT 1 / 0'))).rejects.toThrow(/division by zero/);
    expect(calls.transactions - before.transactions).toBe(0);
  });

  it('keeps a read-only partner read-only', async () => {
    const partner = { partnerId: '00000000-0000-4000-8000-000000000001', readOnly: true };
    await expect(
      runInPartnerScope(partner, () =>
        readInTenant(db, a.id, (tx) => tx.query(`UPDATE users SET name = 'x' WHERE tenant_id = $1`, [a.id])),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('counts a write made through it against the tenant only (the read cache relies on it)', async () => {
    const since = inner.writeGenerations!.mark();
    await readInTenant(db, a.id, (tx) => tx.query(`UPDATE users SET name = name WHERE tenant_id = $1`, [a.id]));
    const changed = (tenantId: string) => inner.writeGenerations!.changedSince(tenantId, since, ['table:users']);
    expect([changed(a.id), changed(b.id)]).toEqual([true, false]);
  });

  it('falls back to withTenant on a database without scoped statements', async () => {
    const { scopedQuery: _none, ...plain } = db;
    const answer = await counted(() => readInTenant(plain, a.id, (tx) => tx.query('SELECT 1 AS n')));
    expect(answer).toMatchObject({ scoped: 0, transactions: 1 });
  });
});
