import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { migrate } from '../../core/db/migrate.ts';
import { CORE_MIGRATION_GROUPS } from '../../core/db/migration-groups.ts';
import { openPostgres } from '../../core/db/postgres.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { approveProposal, applyPolicy, getProposal, invokeTool, verifyAuditChain } from '../../policies/index.ts';
import { createPrincipal, type TestPrincipal } from '../../policies/testing/fixtures.ts';
import { createToolRegistry, type ToolRegistry } from '../../tools/registry.ts';
import { defineTool } from '../../tools/tool.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';

/** A write that holds its transaction open a moment, so a second approval surely arrives meanwhile. */
const recordShipment = defineTool({
  name: 'pg_test_record_shipment',
  title: 'Record a shipment (test)',
  description: 'Writes one shipment row.',
  kind: 'write',
  risk: 'medium',
  roles: ['rep', 'approver', 'admin'],
  input: z.strictObject({ reference: z.string().min(1) }),
  output: z.object({ shipmentId: z.uuid() }),
  async inspect(_context, input) {
    return { reference: input.reference };
  },
  async run(context, input) {
    await context.tx.query('SELECT pg_sleep(0.2)');
    const row = await context.tx.query<{ id: string }>(
      'INSERT INTO pg_test_shipments (tenant_id, reference) VALUES ($1, $2) RETURNING id',
      [context.principal.tenantId, input.reference],
    );
    return { shipmentId: row.rows[0]!.id };
  },
});

describe('approvals on real PostgreSQL 15, from two connections at once', () => {
  let server: PostgresServer;
  let first: Database;
  let second: Database;
  let registry: ToolRegistry;
  let tenant: Tenant;
  let proposer: TestPrincipal;
  let approverOne: TestPrincipal;
  let approverTwo: TestPrincipal;

  const shipments = (reference: string) =>
    withTenant(
      first,
      tenant.id,
      async (tx) =>
        (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_test_shipments WHERE reference = $1', [reference])).rows[0]!.n,
    );

  beforeAll(async () => {
    server = await startPostgres();
    // Two pools: every transaction of one runs on a different server connection than the other's.
    first = openPostgres({ connectionString: server.connectionString, maxConnections: 3 });
    second = openPostgres({ connectionString: server.connectionString, maxConnections: 3 });
    await migrate(first, CORE_MIGRATION_GROUPS);
    await first.exec(`
      CREATE TABLE pg_test_shipments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
        reference text NOT NULL
      );
      SELECT copilot_enable_tenant_rls('pg_test_shipments');
    `);
    registry = createToolRegistry([recordShipment]);
    tenant = await createTenant(first, { slug: 'race', name: 'Race Inc' });
    proposer = await createPrincipal(first, tenant.id, ['rep'], 'pat-proposer');
    approverOne = await createPrincipal(first, tenant.id, ['approver'], 'ann-approver');
    approverTwo = await createPrincipal(first, tenant.id, ['approver'], 'bob-approver');
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await server?.stop();
  });

  it('executes a proposal exactly once when two approvers approve it at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const reference = `SHP-${round}`;
      const proposed = await invokeTool(first, registry, {
        principal: proposer,
        tool: recordShipment.name,
        args: { reference },
        origin: { kind: 'agent', ref: `run-${round}` },
      });
      expect(proposed.status).toBe('pending_approval');
      const id = proposed.proposalId!;

      const results = await Promise.allSettled([
        approveProposal(first, registry, approverOne, id),
        approveProposal(second, registry, approverTwo, id),
      ]);
      const executed = results.filter((result) => result.status === 'fulfilled');
      const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      expect(executed).toHaveLength(1);
      expect((executed[0] as PromiseFulfilledResult<{ status: string }>).value.status).toBe('executed');
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already executed/) });

      expect(await shipments(reference)).toBe(1);
      const detail = await getProposal(first, approverOne, id);
      expect(detail.status).toBe('executed');
      expect(detail.approvals).toHaveLength(1);
    }
  });

  it('never spends an automatic budget twice under concurrent calls', async () => {
    await applyPolicy(
      first,
      tenant.id,
      `format: 1\nrules:\n  - id: ship-auto\n    tool: ${recordShipment.name}\n    decision: allow\n    reason: Automatic within budget.\n    budget: { per: hour, maxCalls: 3 }\n`,
    );
    const calls = Array.from({ length: 8 }, (_, index) =>
      invokeTool(index % 2 === 0 ? first : second, registry, {
        principal: proposer,
        tool: recordShipment.name,
        args: { reference: `BUDGET-${index}` },
        origin: { kind: 'agent' },
      }),
    );
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((outcome) => outcome.status === 'executed')).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome.status === 'pending_approval')).toHaveLength(5);
  });

  it('keeps the audit chain gapless and intact under concurrent writers', async () => {
    const report = await verifyAuditChain(first, tenant.id);
    expect(report.ok).toBe(true);
    expect(report.tenants[0]!.entries).toBeGreaterThan(20);
  });

  it('refuses updates and deletes of audit entries for the application roles', async () => {
    await expect(withTenant(first, tenant.id, (tx) => tx.query(`UPDATE audit_log SET action = 'x'`))).rejects.toThrow(/permission denied/);
    await expect(withTenant(first, tenant.id, (tx) => tx.query('DELETE FROM audit_log'))).rejects.toThrow(/permission denied/);
    // The owning role is refused by the trigger.
    await expect(first.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
  });
});
