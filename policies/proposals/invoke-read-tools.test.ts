import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { CallDeadline } from '../../tools/call-deadline.ts';
import type { ToolCallRequest } from '../../tools/outcome.ts';
import { listAuditEntries } from '../audit/list-audit-entries.ts';
import { verifyAuditChain } from '../audit/verify-audit-chain.ts';
import { createPolicyTestContext, type PolicyTestContext } from '../testing/policy-test-context.ts';
import { invokeReadTools, invokeTool } from './invoke-tool.ts';

/** The database with its transactions counted. */
function countingTransactions(db: Database): { db: Database; readonly count: number } {
  let count = 0;
  return {
    db: { ...db, transaction: (fn, scope) => ((count += 1), db.transaction(fn, scope)) },
    get count() {
      return count;
    },
  };
}

describe('invokeReadTools (one step’s reads through the gate together)', () => {
  let ctx: PolicyTestContext;
  const request = (
    principal: PolicyTestContext['rep'],
    tool: string,
    args: unknown,
    extra: Partial<ToolCallRequest> = {},
  ): ToolCallRequest => ({
    principal,
    tool,
    args,
    origin: { kind: 'agent', ref: 'run-1' },
    ...extra,
  });

  beforeAll(async () => {
    ctx = await createPolicyTestContext();
  });
  afterAll(() => ctx.db.close());

  it('decides every read as invokeTool would, in one transaction', async () => {
    const reads = [
      request(ctx.rep, 'test_get_order', { orderRef: 'A-1' }),
      request(ctx.rep, 'test_get_order', { orderRef: 'A-2' }),
      request(ctx.rep, 'test_get_order', { orderRef: 'A-1', extra: true }),
    ];
    const counted = countingTransactions(ctx.db);
    const batched = await invokeReadTools(counted.db, ctx.registry, reads);
    expect(counted.count).toBe(1);
    const alone = [];
    for (const read of reads) alone.push(await invokeTool(ctx.db, ctx.registry, read));
    expect(batched).toEqual(alone);
    expect(batched.map((outcome) => outcome.status)).toEqual(['ok', 'ok', 'failed']);
  });

  it('runs each call alone when a read fails in the batch (the failure may have aborted the transaction)', async () => {
    const deniedBefore = (await listAuditEntries(ctx.db, ctx.tenant.id, { action: 'tool.denied' })).length;
    const reads = [
      request(ctx.rep, 'test_admin_report', {}),
      request(ctx.rep, 'test_get_order', { orderRef: 'NOPE' }),
      request(ctx.rep, 'test_get_order', { orderRef: 'A-1' }),
    ];
    const counted = countingTransactions(ctx.db);
    const outcomes = await invokeReadTools(counted.db, ctx.registry, reads);
    expect(counted.count).toBe(1 + reads.length);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['denied', 'failed', 'ok']);
    expect(outcomes[1]).toMatchObject({ error: { code: 'not_found' } });
    // The batch rolled back, so the denial is in the audit log once, from the call that ran alone.
    const denied = await listAuditEntries(ctx.db, ctx.tenant.id, { action: 'tool.denied' });
    expect(denied.length).toBe(deniedBefore + 1);
    expect((await verifyAuditChain(ctx.db, ctx.tenant.id)).ok).toBe(true);
  });

  it('reports a call its caller abandoned as rolled back, and still answers the others', async () => {
    const abandoned = new CallDeadline();
    abandoned.abandon();
    const outcomes = await invokeReadTools(ctx.db, ctx.registry, [
      request(ctx.rep, 'test_get_order', { orderRef: 'A-1' }, { deadline: new CallDeadline() }),
      request(ctx.rep, 'test_get_order', { orderRef: 'A-2' }, { deadline: abandoned }),
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'ok' });
    expect(outcomes[1]).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
  });

  it('takes reads only, and one principal’s calls only share a transaction', async () => {
    await expect(
      invokeReadTools(ctx.db, ctx.registry, [
        request(ctx.rep, 'test_get_order', { orderRef: 'A-1' }),
        request(ctx.rep, 'test_issue_refund', { orderRef: 'A-1', amount: 1 }),
      ]),
    ).rejects.toThrow(/read tools only/);
    const counted = countingTransactions(ctx.db);
    const outcomes = await invokeReadTools(counted.db, ctx.registry, [
      request(ctx.rep, 'test_get_order', { orderRef: 'A-1' }),
      request(ctx.admin, 'test_admin_report', {}),
    ]);
    expect(counted.count).toBe(2);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['ok', 'ok']);
  });
});
