import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../../core/db/database.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../../policies/testing/policy-test-context.ts';
import type { ToolCallRequest } from '../../tools/outcome.ts';
import { createGatedToolbox } from './gated-toolbox.ts';

/** The database with the tools each transaction ran, in commit order. */
function recordingTransactions(db: Database, tenantId: string): { db: Database; transactions: string[][] } {
  const transactions: string[][] = [];
  return {
    transactions,
    db: {
      ...db,
      transaction: (fn, scope) =>
        db.transaction(async (tx: Tx) => {
          const statements: string[] = [];
          const result = await fn({ ...tx, query: (sql, params, options) => (statements.push(sql), tx.query(sql, params, options)) });
          // Which test tables a transaction touched tells its calls apart (test_orders for reads, test_refunds for the write).
          transactions.push([...new Set(statements.flatMap((sql) => sql.match(/test_[a-z_]+/g) ?? []))].sort());
          return result;
        }, scope ?? { tenantId }),
    },
  };
}

describe('the gated toolbox’s read batches', () => {
  let ctx: PolicyTestContext;
  const request = (tool: string, args: unknown): ToolCallRequest => ({
    principal: ctx.rep,
    tool,
    args,
    origin: { kind: 'agent', ref: 'run-1' },
  });

  beforeAll(async () => {
    ctx = await createPolicyTestContext();
  });
  afterAll(() => ctx.db.close());

  it('sends the reads asked for together through the gate in one transaction', async () => {
    const recorded = recordingTransactions(ctx.db, ctx.tenant.id);
    const toolbox = createGatedToolbox(recorded.db, ctx.registry, ctx.rep);
    const outcomes = await Promise.all([
      toolbox.invoke(request('test_get_order', { orderRef: 'A-1' })),
      toolbox.invoke(request('test_get_order', { orderRef: 'A-2' })),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['ok', 'ok']);
    expect(recorded.transactions).toHaveLength(1);
  });

  it('runs a write after the reads asked for before it, in a transaction of its own', async () => {
    const recorded = recordingTransactions(ctx.db, ctx.tenant.id);
    const toolbox = createGatedToolbox(recorded.db, ctx.registry, ctx.rep);
    const read = toolbox.invoke(request('test_get_order', { orderRef: 'A-3' }));
    const write = toolbox.invoke({ ...request('test_issue_refund', { orderRef: 'A-3', amount: 5 }), rationale: 'test' });
    const later = toolbox.invoke(request('test_get_order', { orderRef: 'A-3' }));
    const [before, written, after] = await Promise.all([read, write, later]);
    expect(written.status).toBe('executed');
    expect(recorded.transactions).toHaveLength(3);
    // The read asked for first saw the order before the refund, the one asked for after it saw the refund.
    expect((before.result as { refunded: number }).refunded).toBe(0);
    expect((after.result as { refunded: number }).refunded).toBe(5);
  });
});
