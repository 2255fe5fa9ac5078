/**
 * Test support: a small toolbox over in-memory records with a minimal gate (schema validation, reads
 * allowed, writes routed to approval unless listed as allowed, unknown tools denied). Agent unit
 * tests use it to exercise the loop without the order core; integration tests use the real gate.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { ToolCallRequest, ToolOutcome } from '../../tools/outcome.ts';
import { defineTool, type AnyTool } from '../../tools/tool.ts';
import { describeTool, type AgentToolbox, type ToolDescriptor } from '../toolbox/toolbox.ts';

export interface ScriptedData {
  orders: Record<string, Record<string, unknown>>;
  inventory: Record<string, Record<string, unknown>>;
  runbooks: Array<{ ref: string; title: string; text: string; appliesTo: string[]; actions: string[] }>;
}

export interface ScriptedToolbox extends AgentToolbox {
  /** Every request that reached the gate, in order. */
  readonly requests: ToolCallRequest[];
  /** Write tools that actually ran (were allowed). */
  readonly executed: Array<{ tool: string; args: unknown }>;
}

const notFound = (what: string, id: string): AppError => new AppError('not_found', `${what} ${id} not found`, { id });

export function scriptedTools(data: ScriptedData): AnyTool[] {
  return [
    defineTool({
      name: 'get_order',
      title: 'Get order',
      description: 'Look up an order by its order number (e.g. SO-10482): status, lines, payment, shipment, notes.',
      kind: 'read',
      risk: 'none',
      roles: ['rep', 'approver', 'admin'],
      input: z.object({ orderNumber: z.string().min(1).describe('order number, e.g. SO-10482') }),
      output: z.record(z.string(), z.unknown()),
      async run(_context, input) {
        const order = data.orders[input.orderNumber];
        if (!order) throw notFound('order', input.orderNumber);
        return order;
      },
    }),
    defineTool({
      name: 'get_shipment',
      title: 'Get shipment',
      description: 'Shipment of an order: carrier, tracking, status, ETA.',
      kind: 'read',
      risk: 'none',
      roles: ['rep', 'approver', 'admin'],
      input: z.object({ orderNumber: z.string().min(1) }),
      output: z.record(z.string(), z.unknown()),
      async run(_context, input) {
        const order = data.orders[input.orderNumber];
        const shipment = order?.shipment;
        if (!shipment) throw notFound('shipment for order', input.orderNumber);
        return shipment as Record<string, unknown>;
      },
    }),
    defineTool({
      name: 'get_inventory',
      title: 'Get inventory',
      description: 'Available-to-sell of a SKU by location.',
      kind: 'read',
      risk: 'none',
      roles: ['rep', 'approver', 'admin'],
      input: z.object({ sku: z.string().min(1) }),
      output: z.record(z.string(), z.unknown()),
      async run(_context, input) {
        const inventory = data.inventory[input.sku];
        if (!inventory) throw notFound('sku', input.sku);
        return inventory;
      },
    }),
    defineTool({
      name: 'search_runbooks',
      title: 'Search runbooks',
      description: 'Search SOPs and runbooks; returns passages with citations.',
      kind: 'read',
      risk: 'none',
      roles: ['rep', 'approver', 'admin'],
      input: z.object({ query: z.string().min(1), appliesTo: z.string().optional(), k: z.number().int().min(1).max(10).default(3) }),
      output: z.object({ hits: z.array(z.record(z.string(), z.unknown())) }),
      async run(_context, input) {
        const words = input.query
          .toLowerCase()
          .split(/\W+/)
          .filter((word) => word.length > 3);
        const hits = data.runbooks
          .filter((runbook) =>
            input.appliesTo ? runbook.appliesTo.includes(input.appliesTo) : words.some((word) => runbook.text.toLowerCase().includes(word)),
          )
          .slice(0, input.k)
          .map((runbook) => ({
            text: runbook.text,
            appliesTo: runbook.appliesTo,
            actions: runbook.actions,
            citation: { ref: runbook.ref, title: runbook.title },
          }));
        return { hits };
      },
    }),
    defineTool({
      name: 'issue_refund',
      title: 'Issue refund',
      description: 'Refund part or all of an order payment.',
      kind: 'write',
      risk: 'high',
      roles: ['rep', 'approver', 'admin'],
      input: z.object({ orderNumber: z.string().min(1), amount: z.number().positive(), reason: z.string().min(1) }),
      output: z.object({ refunded: z.number() }),
      async inspect(_context, input) {
        return { amount: input.amount };
      },
      async run(_context, input) {
        return { refunded: input.amount };
      },
    }),
    defineTool({
      name: 'reallocate_order_line',
      title: 'Reallocate order line',
      description: 'Move an order line to another location that has stock.',
      kind: 'write',
      risk: 'medium',
      roles: ['rep', 'approver', 'admin'],
      input: z.object({
        orderNumber: z.string().min(1),
        lineId: z.string().min(1),
        toLocation: z.string().min(1),
        reason: z.string().optional(),
      }),
      output: z.object({ lineId: z.string(), location: z.string() }),
      async inspect() {
        return {};
      },
      async run(_context, input) {
        return { lineId: input.lineId, location: input.toLocation };
      },
    }),
  ];
}

/** A toolbox with a minimal, deterministic gate. `allowWrites` lists write tools that run without approval. */
export function createScriptedToolbox(data: ScriptedData, options: { allowWrites?: string[]; delayMs?: number } = {}): ScriptedToolbox {
  const tools = new Map(scriptedTools(data).map((tool) => [tool.name, tool]));
  const requests: ToolCallRequest[] = [];
  const executed: Array<{ tool: string; args: unknown }> = [];
  let proposals = 0;
  return {
    requests,
    executed,
    describe: (): ToolDescriptor[] => [...tools.values()].map((tool) => describeTool(tool)),
    async invoke(request: ToolCallRequest): Promise<ToolOutcome> {
      requests.push(request);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const tool = tools.get(request.tool);
      if (!tool) return { tool: request.tool, decision: 'deny', status: 'denied', reason: `unknown tool ${request.tool}` };
      const parsed = tool.input.safeParse(request.args);
      if (!parsed.success) {
        return {
          tool: tool.name,
          decision: 'deny',
          status: 'failed',
          reason: 'invalid arguments',
          error: {
            code: 'validation_failed',
            message: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
          },
        };
      }
      const context = { principal: request.principal } as never;
      if (tool.kind === 'read') {
        try {
          return {
            tool: tool.name,
            decision: 'allow',
            status: 'ok',
            reason: 'read tools are allowed',
            result: await tool.run(context, parsed.data),
          };
        } catch (error) {
          const code = error instanceof AppError ? error.code : 'internal';
          return {
            tool: tool.name,
            decision: 'allow',
            status: 'failed',
            reason: (error as Error).message,
            error: { code, message: (error as Error).message },
          };
        }
      }
      proposals += 1;
      const proposalId = `00000000-0000-4000-8000-${String(proposals).padStart(12, '0')}`;
      if (options.allowWrites?.includes(tool.name)) {
        executed.push({ tool: tool.name, args: parsed.data });
        return {
          tool: tool.name,
          decision: 'allow',
          status: 'executed',
          reason: 'allowed by test policy',
          proposalId,
          result: await tool.run(context, parsed.data),
        };
      }
      return {
        tool: tool.name,
        decision: 'require_approval',
        status: 'pending_approval',
        reason: 'write tools require approval',
        approverRole: 'approver',
        proposalId,
      };
    },
  };
}
