import { z } from 'zod';
import type { FulfilmentCosts } from '../core/orders/index.ts';
import type { Database, Tx } from '../core/db/database.ts';
import type { Principal, Role } from '../core/identity/roles.ts';

export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_./-]{1,64}$/;

export type ToolKind = 'read' | 'write';
export const riskLevelSchema = z.enum(['none', 'low', 'medium', 'high', 'critical']);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

/** Who or what asked for a tool call. Recorded on proposals and in the audit log. */
export interface ToolOrigin {
  kind: 'user' | 'agent' | 'mcp' | 'system';
  /** Agent run id, MCP client name, … */
  ref?: string;
}

/** Everything a tool body may use. It always runs inside the caller's tenant transaction. */
export interface ToolContext {
  tx: Tx;
  db: Database;
  principal: Principal;
  now: Date;
  /**
   * The tenant's fulfilment and return cost rates (its policy's `costs` section), read when a tool asks;
   * supplied by the policy gate (tools cannot read policies themselves). Absent: no cost is assumed.
   */
  costRates?: () => Promise<FulfilmentCosts>;
}

/**
 * Facts a write tool reports about the state it would change, before changing it. The policy reads
 * them (order value, customer tier, refundable amount…) and the proposal stores them as evidence.
 */
export type ToolFacts = Record<string, string | number | boolean | null>;

export interface ToolDefinition<Input extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  /** Written for a model: what the tool does, when to use it, what it returns. */
  description: string;
  kind: ToolKind;
  risk: RiskLevel;
  /** Roles that may call (read) or propose (write) this tool. */
  roles: readonly Role[];
  input: Input;
  output: Output;
  /** Idempotent: calling twice with the same input has the effect of calling once. */
  idempotent?: boolean;
  /**
   * Write tools: the call only adds (a hold, a purchase order, a sync attempt) and never changes or
   * removes existing state. Unset means it may (MCP's destructiveHint defaults to true for writes).
   */
  additive?: boolean;
  /**
   * The call reaches outside this copilot's own database: money moves at a payment provider, a message
   * reaches a customer, a supplier or a system of record is called (MCP's openWorldHint).
   */
  reachesOutside?: boolean;
  /**
   * Write tools: checks preconditions against current state and returns the facts the policy and
   * the proposal need. Throws PreconditionFailedError when the call cannot apply.
   */
  inspect?(context: ToolContext, input: z.infer<Input>): Promise<ToolFacts>;
  /** Reads, or performs the write (re-checking preconditions) inside context.tx. */
  run(context: ToolContext, input: z.infer<Input>): Promise<z.infer<Output>>;
}

/** Helper that keeps input/output inference when declaring a tool. */
export function defineTool<Input extends z.ZodType, Output extends z.ZodType>(
  tool: ToolDefinition<Input, Output>,
): ToolDefinition<Input, Output> {
  if (!TOOL_NAME_PATTERN.test(tool.name)) throw new Error(`invalid tool name ${tool.name}`);
  if (tool.kind === 'write' && !tool.inspect) throw new Error(`write tool ${tool.name} needs inspect()`);
  return tool;
}

export type AnyTool = ToolDefinition<z.ZodType, z.ZodType>;
