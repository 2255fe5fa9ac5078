/**
 * Test doubles for the MCP layer's unit tests: a few tools over an in-memory stock table, a gate with
 * a fixed policy (reads allowed; writes allowed below 10 units, pending approval up to 100, denied
 * above) and in-memory proposals, runbooks and exceptions for two tenants. The real gate, registry
 * and stores are exercised by the cross-folder tests in test/mcp/.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, parseOrThrow } from '../../core/errors.ts';
import { hasAnyRole, type Principal, type Role } from '../../core/identity/roles.ts';
import type { ToolCallRequest, ToolOutcome } from '../../tools/outcome.ts';
import { defineTool, type AnyTool } from '../../tools/tool.ts';
import type { JsonObject, McpServices, RunbookDocument } from '../mcp-services.ts';
import type { ProposalView } from '../proposal-view.ts';

export const TENANT_A = '00000000-0000-4000-8000-00000000000a';
export const TENANT_B = '00000000-0000-4000-8000-00000000000b';

export function principal(tenant: 'a' | 'b', roles: Role[], userName = `${roles.join('-')}-${tenant}`): Principal {
  return {
    tenantId: tenant === 'a' ? TENANT_A : TENANT_B,
    tenantSlug: `tenant-${tenant}`,
    userId: randomUUID(),
    userName,
    roles,
  };
}

const stockOutput = z.object({ sku: z.string(), onHand: z.number().int() });

/** Tools whose bodies the fake gate runs against `FakeWorld.stock`; their context is unused. */
export function fakeTools(world: FakeWorld): AnyTool[] {
  return [
    defineTool({
      name: 'get_stock',
      title: 'Get stock',
      description: 'Stock on hand for a SKU.',
      kind: 'read',
      risk: 'none',
      roles: ['rep', 'approver', 'admin'],
      input: z.object({ sku: z.string().min(1) }),
      output: stockOutput,
      async run(context, input) {
        return { sku: input.sku, onHand: world.stockOf(context.principal.tenantId, input.sku) };
      },
    }),
    defineTool({
      name: 'adjust_stock',
      title: 'Adjust stock',
      description: 'Adds units to a SKU (cycle-count correction).',
      kind: 'write',
      risk: 'medium',
      roles: ['rep', 'approver', 'admin'],
      input: z.object({ sku: z.string().min(1), quantity: z.number().int().positive(), reason: z.string().default('cycle_count') }),
      output: stockOutput,
      async inspect(context, input) {
        return { quantity: input.quantity, onHand: world.stockOf(context.principal.tenantId, input.sku) };
      },
      async run(context, input) {
        return { sku: input.sku, onHand: world.adjust(context.principal.tenantId, input.sku, input.quantity) };
      },
    }),
    defineTool({
      name: 'admin_reset',
      title: 'Reset everything',
      description: 'Admin-only tool; reps must not see it.',
      kind: 'write',
      risk: 'critical',
      roles: ['admin'],
      input: z.object({}),
      output: z.object({ reset: z.boolean() }),
      async inspect() {
        return {};
      },
      async run() {
        return { reset: true };
      },
    }),
  ];
}

interface FakeProposal {
  tenantId: string;
  view: ProposalView;
}

export class FakeWorld {
  readonly stock = new Map<string, number>();
  readonly proposals: FakeProposal[] = [];
  readonly requests: ToolCallRequest[] = [];
  readonly tools: AnyTool[];
  /** Set to make the next invokeTool throw. */
  failNext?: Error;
  readonly runbooks: (RunbookDocument & { tenantId?: string })[] = [
    { id: 'oversell-stock-conflict', title: 'Oversell and stock conflicts', version: 3, content: '# Oversell\n\nReallocate first.' },
    {
      id: 'acme-refund-policy',
      title: 'ACME refund policy',
      version: 1,
      content: '# ACME refunds\n\nPrivate to tenant A.',
      tenantId: TENANT_A,
      tenantPrivate: true,
    },
    {
      id: 'globex-returns',
      title: 'Globex returns',
      version: 2,
      content: '# Globex returns\n\nPrivate to tenant B.',
      tenantId: TENANT_B,
      tenantPrivate: true,
    },
  ];
  readonly exceptions: JsonObject[] = [
    {
      id: '11111111-1111-4111-8111-111111111111',
      tenantId: TENANT_A,
      type: 'stock_conflict',
      severity: 'high',
      status: 'open',
      sku: 'SKU-1',
    },
    { id: '22222222-2222-4222-8222-222222222222', tenantId: TENANT_A, type: 'payment_mismatch', severity: 'medium', status: 'open' },
    { id: '33333333-3333-4333-8333-333333333333', tenantId: TENANT_B, type: 'stock_conflict', severity: 'low', status: 'open' },
  ];

  constructor() {
    this.tools = fakeTools(this);
  }

  stockOf(tenantId: string, sku: string): number {
    return this.stock.get(`${tenantId}/${sku}`) ?? 0;
  }

  adjust(tenantId: string, sku: string, quantity: number): number {
    const next = this.stockOf(tenantId, sku) + quantity;
    this.stock.set(`${tenantId}/${sku}`, next);
    return next;
  }

  private findProposal(principal: Principal, id: string): FakeProposal {
    const proposal = this.proposals.find((p) => p.view.id === id && p.tenantId === principal.tenantId);
    if (!proposal) throw new NotFoundError('proposal', id);
    return proposal;
  }

  private async run(tool: AnyTool, principal: Principal, args: unknown): Promise<unknown> {
    return tool.run({ principal, now: new Date() } as Parameters<AnyTool['run']>[0], args);
  }

  services(): McpServices {
    return {
      invokeTool: async (request) => {
        this.requests.push(request);
        if (this.failNext) {
          const error = this.failNext;
          this.failNext = undefined;
          throw error;
        }
        const tool = this.tools.find((candidate) => candidate.name === request.tool);
        if (!tool || !hasAnyRole(request.principal, tool.roles)) {
          return {
            tool: request.tool,
            decision: 'deny',
            status: 'denied',
            reason: 'unknown tool or role not permitted',
          } satisfies ToolOutcome;
        }
        const args = parseOrThrow(tool.input, request.args, `${tool.name} arguments`) as { quantity?: number };
        if (tool.kind === 'read') {
          return {
            tool: tool.name,
            decision: 'allow',
            status: 'ok',
            reason: 'read tools are allowed',
            result: await this.run(tool, request.principal, args),
          };
        }
        const quantity = args.quantity ?? 1000;
        if (quantity > 100)
          return {
            tool: tool.name,
            decision: 'deny',
            status: 'denied',
            reason: 'adjustments above 100 units are not allowed',
            rule: 'max-adjust',
          };
        if (quantity >= 10) {
          const view: ProposalView = {
            id: randomUUID(),
            revision: 1,
            tool: tool.name,
            args: args as Record<string, unknown>,
            status: 'pending',
            decision: 'require_approval',
            reason: 'adjustments of 10 or more need approval',
            rule: 'approve-adjustments',
            policyVersion: 1,
            approverRole: 'approver',
            amount: quantity,
            proposer: { userId: request.principal.userId, name: request.principal.userName },
            origin: { kind: request.origin.kind, ...(request.origin.ref ? { ref: request.origin.ref } : {}) },
            rationale: null,
            citations: [],
            evidence: { quantity },
            exceptionId: null,
            createdAt: new Date().toISOString(),
            expiresAt: null,
            settledAt: null,
            error: null,
          };
          this.proposals.push({ tenantId: request.principal.tenantId, view });
          return {
            tool: tool.name,
            decision: 'require_approval',
            status: 'pending_approval',
            reason: view.reason,
            approverRole: 'approver',
            proposalId: view.id,
          };
        }
        return {
          tool: tool.name,
          decision: 'allow',
          status: 'executed',
          reason: 'small adjustment',
          result: await this.run(tool, request.principal, args),
        };
      },
      proposals: {
        list: async (principal, filter) =>
          this.proposals
            .filter((p) => p.tenantId === principal.tenantId && (!filter.status || p.view.status === filter.status))
            .map((p) => p.view)
            .slice(0, filter.limit),
        get: async (principal, id) => this.proposals.find((p) => p.view.id === id && p.tenantId === principal.tenantId)?.view,
        approve: async (principal, id) => {
          const proposal = this.findProposal(principal, id).view;
          if (!hasAnyRole(principal, ['approver', 'admin'])) throw new ForbiddenError('approver role required');
          if (proposal.proposer.userId === principal.userId) throw new ForbiddenError('you cannot approve your own proposal');
          if (proposal.status !== 'pending') throw new ConflictError(`proposal is ${proposal.status}`);
          const tool = this.tools.find((candidate) => candidate.name === proposal.tool)!;
          const result = await this.run(tool, principal, proposal.args);
          Object.assign(proposal, { status: 'executed', result, settledAt: new Date().toISOString() });
          return {
            tool: proposal.tool,
            decision: proposal.decision,
            reason: proposal.reason,
            status: 'executed',
            proposalId: proposal.id,
            result,
          } satisfies ToolOutcome;
        },
        reject: async (principal, id) => {
          const proposal = this.findProposal(principal, id).view;
          if (proposal.status !== 'pending') throw new ConflictError(`proposal is ${proposal.status}`);
          Object.assign(proposal, { status: 'rejected', settledAt: new Date().toISOString() });
          return { ...proposal };
        },
      },
      runbooks: {
        list: async (principal) =>
          this.runbooks
            .filter((doc) => !doc.tenantId || doc.tenantId === principal.tenantId)
            .map(({ id, title, version, tenantPrivate }) => ({ id, title, version, ...(tenantPrivate ? { tenantPrivate } : {}) })),
        get: async (principal, id) => this.runbooks.find((doc) => doc.id === id && (!doc.tenantId || doc.tenantId === principal.tenantId)),
      },
      exceptions: {
        list: async (principal, filter) =>
          this.exceptions
            .filter(
              (e) =>
                e.tenantId === principal.tenantId &&
                (!filter.type || e.type === filter.type) &&
                (!filter.status || e.status === filter.status || (filter.status === 'live' && e.status === 'open')),
            )
            .slice(0, filter.limit),
        get: async (principal, id) => {
          parseOrThrow(z.uuid(), id, 'exception id');
          return this.exceptions.find((e) => e.id === id && e.tenantId === principal.tenantId);
        },
      },
    };
  }
}
