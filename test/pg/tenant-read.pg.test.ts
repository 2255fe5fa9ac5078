import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { CORE_MIGRATION_GROUPS } from '../../core/db/migration-groups.ts';
import { runInPartnerScope } from '../../core/db/partner-scope.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { readInTenant } from '../../core/db/tenant-read.ts';
import { createApiKey } from '../../core/identity/api-keys.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

// core/db/tenant-read.ts on a real PostgreSQL 15 server: a one-statement read is one scoped statement
// (one round trip), row-level security as withTenant's; a read needing more runs in one transaction.
describe('readInTenant on PostgreSQL', () => {
  let server: PostgresServer;
  let inner: Database;
  let db: Database;
  let a: Tenant;
  let b: Tenant;
  let bUserId: string;
  const calls = { scoped: 0, transactions: 0 };

  beforeAll(async () => {
    server = await startPostgres();
    inner = openPostgres({ connectionString: server.connectionString, maxConnections: 2 });
    await migrate(inner, CORE_MIGRATION_GROUPS);
    a = await createTenant(inner, { slug: 'pg-read-a', name: 'Read A' });
    b = await createTenant(inner, { slug: 'pg-read-b', name: 'Read B' });
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
  afterAll(async () => {
    await inner?.close();
    await server?.stop();
  });

  it('runs a one-statement read as one scoped statement, as the RLS-bound role of the tenant', async () => {
    const before = { ...calls };
    for (let round = 0; round < 3; round++) {
      const rows = await readInTenant(db, a.id, (tx) =>
        tx.query<{ role: string; users: number; other: number }>(
          `SELECT current_user AS role, (SELECT count(*)::int FROM users) AS users, (SELECT count(*)::int FROM users WHERE id = $1) AS other`,
          [bUserId],
          { prepare: 'everywhere' },
        ),
      );
      expect(rows.rows).toEqual([{ role: 'copilot_app', users: 1, other: 0 }]);
    }
    expect(calls.scoped - before.scoped).toBe(3);
    expect(calls.transactions - before.transactions).toBe(0);
  });

  it('runs a read that needs a second statement again in one transaction', async () => {
    const before = { ...calls };
    const read = async (tx: Tx) => {
      const first = await tx.query<{ xid: string }>('SELECT txid_current()::text AS xid');
      const second = await tx.query<{ xid: string; tenant: string }>(
        `SELECT txid_current()::text AS xid, current_setting('app.tenant_id') AS tenant`,
      );
      return [first.rows[0]!.xid, second.rows[0]!.xid, second.rows[0]!.tenant];
    };
    const [first, second, tenant] = await readInTenant(db, a.id, read);
    expect(first).toBe(second);
    expect(tenant).toBe(a.id);
    expect({ scoped: calls.scoped - before.scoped, transactions: calls.transactions - before.transactions }).toEqual({
      scoped: 1,
      transactions: 1,
    });
  });

  it('keeps a read-only partner read-only', async () => {
    const partner = { partnerId: '00000000-0000-4000-8000-000000000001', readOnly: true };
    await expect(
      runInPartnerScope(partner, () =>
        readInTenant(db, a.id, (tx) => tx.query(`UPDATE users SET name = 'x' WHERE tenant_id = $1`, [a.id])),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
