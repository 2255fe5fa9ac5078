import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { migrateAll } from '../../core/db/open.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { createApiKey } from '../../core/identity/api-keys.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { type PostgresServer, startPostgres } from '../../test/pg/postgres-server.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

// `npm run bench -- reads --postgres --servers 2`: two server processes share one PostgreSQL, each
// answering on its own port and reporting its own statements and CPU.
describe('reads benchmark server processes on PostgreSQL', () => {
  let server: PostgresServer;
  let db: Database;
  const processes: ServerProcess[] = [];

  beforeAll(async () => {
    server = await startPostgres();
    db = openPostgres({ connectionString: server.connectionString, maxConnections: 2 });
    await migrateAll(db);
  });
  afterAll(async () => {
    await Promise.all(processes.map((each) => each.close()));
    await db?.close();
    await server?.stop();
  });

  it('starts two processes that read the same tenant, and counts their statements apart', async () => {
    const tenant = await createTenant(db, { slug: 'bench-two', name: 'Bench two' });
    const { key } = await createApiKey(db, { tenantId: tenant.id, roles: ['rep'], userName: 'reader' });
    processes.push(...(await Promise.all([startServerProcess(server.connectionString), startServerProcess(server.connectionString)])));
    const [first, second] = processes as [ServerProcess, ServerProcess];
    expect(first.url).not.toBe(second.url);
    const health = await (await fetch(`${first.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', database: 'postgres', search: 'text-only' });
    const before = await second.stats();
    const me = await fetch(`${second.url}/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ tenantSlug: 'bench-two' });
    const after = await second.stats();
    expect(after.statements).toBeGreaterThan(before.statements);
    expect(after.cpu.user + after.cpu.system).toBeGreaterThan(0);
  });

  it('reports a database it cannot reach as a failed start, not a hang', async () => {
    await expect(startServerProcess('postgresql://nobody@127.0.0.1:1/none')).rejects.toThrow(/bench server process/);
  });
});
