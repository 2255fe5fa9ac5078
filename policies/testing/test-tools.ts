/**
 * Small tools over tables the tests create (test_orders, test_refunds, test_notes), so the gate,
 * approvals and execution are tested without depending on the core domain.
 */
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { NotFoundError, PreconditionFailedError } from '../../core/errors.ts';
import { createToolRegistry, type ToolRegistry } from '../../tools/registry.ts';
import { defineTool, type AnyTool, type ToolContext } from '../../tools/tool.ts';

export const TEST_SCHEMA_SQL = `
CREATE TABLE test_orders (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  ref text NOT NULL,
  total numeric NOT NULL,
  refunded numeric NOT NULL DEFAULT 0,
  customer_tier text NOT NULL DEFAULT 'standard',
  credit_status text NOT NULL DEFAULT 'ok',
  PRIMARY KEY (tenant_id, ref)
);
SELECT copilot_enable_tenant_rls('test_orders');
CREATE TABLE test_refunds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  ref text NOT NULL,
  amount numeric NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
SELECT copilot_enable_tenant_rls('test_refunds');
CREATE TABLE test_notes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  ref text NOT NULL,
  text text NOT NULL
);
SELECT copilot_enable_tenant_rls('test_notes');
`;

export async function installTestSchema(db: Database): Promise<void> {
  await db.exec(TEST_SCHEMA_SQL);
}

interface OrderRow {
  ref: string;
  total: number;
  refunded: number;
  customer_tier: string;
  credit_status: string;
}

async function loadOrder(context: ToolContext, ref: string, lock = false): Promise<OrderRow> {
  const result = await context.tx.query<OrderRow>(`SELECT * FROM test_orders WHERE ref = $1 ${lock ? 'FOR UPDATE' : ''}`, [ref]);
  const order = result.rows[0];
  if (!order) throw new NotFoundError('order', ref);
  return order;
}

const refundInput = z.strictObject({
  orderRef: z.string().min(1).max(50),
  amount: z.number().positive().max(100_000),
});

export const testIssueRefund = defineTool({
  name: 'test_issue_refund',
  title: 'Issue a refund (test)',
  description: 'Refunds part or all of an order, never above the refundable amount.',
  kind: 'write',
  risk: 'high',
  roles: ['rep', 'approver', 'admin', 'integration'],
  input: refundInput,
  output: z.object({ refundId: z.uuid(), refunded: z.number() }),
  async inspect(context, input) {
    const order = await loadOrder(context, input.orderRef);
    const refundable = order.total - order.refunded;
    if (input.amount > refundable) {
      throw new PreconditionFailedError(`refund ${input.amount} is above the refundable amount ${refundable}`, { refundable });
    }
    return {
      amount: input.amount,
      orderValue: order.total,
      refundable,
      customerTier: order.customer_tier,
      creditStatus: order.credit_status,
    };
  },
  async run(context, input) {
    const order = await loadOrder(context, input.orderRef, true);
    if (input.amount > order.total - order.refunded) throw new PreconditionFailedError('refund is above the refundable amount');
    await context.tx.query('UPDATE test_orders SET refunded = refunded + $2 WHERE ref = $1', [input.orderRef, input.amount]);
    const refund = await context.tx.query<{ id: string }>(
      'INSERT INTO test_refunds (tenant_id, ref, amount) VALUES ($1, $2, $3) RETURNING id',
      [context.principal.tenantId, input.orderRef, input.amount],
    );
    return { refundId: refund.rows[0]!.id, refunded: order.refunded + input.amount };
  },
});

export const testAddNote = defineTool({
  name: 'test_add_note',
  title: 'Add an order note (test)',
  description: 'Adds a note to an order. Low risk.',
  kind: 'write',
  risk: 'low',
  roles: ['rep', 'approver', 'admin'],
  idempotent: false,
  input: z.strictObject({ orderRef: z.string().min(1).max(50), text: z.string().min(1).max(500) }),
  output: z.object({ noteId: z.uuid() }),
  async inspect(context, input) {
    await loadOrder(context, input.orderRef);
    return { length: input.text.length };
  },
  async run(context, input) {
    const note = await context.tx.query<{ id: string }>('INSERT INTO test_notes (tenant_id, ref, text) VALUES ($1, $2, $3) RETURNING id', [
      context.principal.tenantId,
      input.orderRef,
      input.text,
    ]);
    return { noteId: note.rows[0]!.id };
  },
});

/** Writes, then fails: proves a failed execution leaves no trace in the data. */
export const testFailingWrite = defineTool({
  name: 'test_failing_write',
  title: 'A write that fails halfway (test)',
  description: 'Inserts a refund row and then throws.',
  kind: 'write',
  risk: 'medium',
  roles: ['rep', 'approver', 'admin'],
  input: z.strictObject({ orderRef: z.string().min(1) }),
  output: z.object({}),
  async inspect(context, input) {
    await loadOrder(context, input.orderRef);
    return {};
  },
  async run(context, input) {
    await context.tx.query('INSERT INTO test_refunds (tenant_id, ref, amount) VALUES ($1, $2, 1)', [
      context.principal.tenantId,
      input.orderRef,
    ]);
    await context.tx.query('SELECT 1 / 0');
    return {};
  },
});

export const testGetOrder = defineTool({
  name: 'test_get_order',
  title: 'Get an order (test)',
  description: 'Returns an order with its refunded amount.',
  kind: 'read',
  risk: 'none',
  roles: ['rep', 'approver', 'admin', 'evaluator', 'integration'],
  input: z.strictObject({ orderRef: z.string().min(1).max(50) }),
  output: z.object({ ref: z.string(), total: z.number(), refunded: z.number() }),
  async run(context, input) {
    const order = await loadOrder(context, input.orderRef);
    return { ref: order.ref, total: order.total, refunded: order.refunded };
  },
});

export const testAdminReport = defineTool({
  name: 'test_admin_report',
  title: 'Admin report (test)',
  description: 'Counts orders. Admins only.',
  kind: 'read',
  risk: 'low',
  roles: ['admin'],
  input: z.strictObject({}),
  output: z.object({ orders: z.number() }),
  async run(context) {
    const result = await context.tx.query<{ n: number }>('SELECT count(*)::int AS n FROM test_orders');
    return { orders: result.rows[0]!.n };
  },
});

export const TEST_TOOLS: AnyTool[] = [testIssueRefund, testAddNote, testFailingWrite, testGetOrder, testAdminReport];

export function createTestToolRegistry(extra: readonly AnyTool[] = []): ToolRegistry {
  return createToolRegistry([...TEST_TOOLS, ...extra]);
}
