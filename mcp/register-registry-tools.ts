/**
 * Exposes the registry's tools over MCP, filtered by the caller's roles. Every call, read or write,
 * goes through the policy gate (`invokeTool`) with origin `mcp`; nothing here runs a tool body.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { LoggingLevel } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { hasAnyRole, type Principal } from '../core/identity/roles.ts';
import { toolOutcomeSchema, type ToolOutcome } from '../tools/outcome.ts';
import { TOOL_NAME_PATTERN, type AnyTool } from '../tools/tool.ts';
import { errorResult, outcomeResult, toJson, type McpLog } from './call-tool-result.ts';
import type { ClientLogLevel } from './client-log-level.ts';
import type { McpServices } from './mcp-services.ts';
import { toolAnnotations } from '../tools/tool-schemas.ts';

export interface RegisterRegistryToolsOptions {
  tools: readonly AnyTool[];
  principal: Principal;
  services: Pick<McpServices, 'invokeTool'>;
  /** The client's name for the proposal's origin, resolved at call time (known after initialize). */
  clientName: () => string;
  log: McpLog;
  /** Sends the gate's decisions as MCP log messages once the client set a level; none by default. */
  logLevel: ClientLogLevel;
}

/** The registry tools this principal may see (and so call) over MCP. */
export function visibleTools(tools: readonly AnyTool[], principal: Principal): AnyTool[] {
  return tools.filter((tool) => TOOL_NAME_PATTERN.test(tool.name) && hasAnyRole(principal, tool.roles));
}

/** The MCP output schema: the gate's outcome, with `result` typed by the tool's own output schema. */
export function outcomeOutputSchema(tool: AnyTool, log: McpLog): z.ZodObject {
  const typed = toolOutcomeSchema.extend({ result: tool.output.optional() });
  try {
    z.toJSONSchema(typed, { io: 'output', target: 'draft-7' });
    return typed;
  } catch (error) {
    // An output schema with no JSON Schema form (a Date, a transform's output) would break tools/list
    // for every tool; advertise the outcome with an untyped result instead.
    log('tool output schema has no JSON Schema form; result advertised untyped', {
      tool: tool.name,
      error: error instanceof Error ? error.message : String(error),
    });
    return toolOutcomeSchema;
  }
}

/**
 * The outcome as structured content. If a result does not match the advertised schema (a tool bug),
 * the result is left out of structuredContent (it stays in the text) rather than turning an executed
 * write into an error a client might retry.
 */
function checkedOutcomeResult(outcome: ToolOutcome, schema: z.ZodObject, log: McpLog) {
  const json = toJson(outcome);
  if (schema.safeParse(json).success) return outcomeResult(json);
  log('tool result does not match its output schema; structured result omitted', { tool: outcome.tool });
  const result = outcomeResult({ ...json, result: undefined });
  result.content = [{ type: 'text', text: JSON.stringify(json, null, 2) }];
  return result;
}

const LOG_LEVEL_OF_STATUS = {
  ok: 'debug',
  executed: 'info',
  pending_approval: 'notice',
  denied: 'warning',
  failed: 'error',
} as const satisfies Record<ToolOutcome['status'], LoggingLevel>;

/** The gate's decision as an MCP log message (logger `ops-copilot.gate`), for clients that asked for logs. */
function logGateOutcome(server: McpServer, logLevel: ClientLogLevel, outcome: ToolOutcome): Promise<void> {
  return logLevel.send(server, LOG_LEVEL_OF_STATUS[outcome.status], 'ops-copilot.gate', {
    tool: outcome.tool,
    status: outcome.status,
    decision: outcome.decision,
    ...(outcome.rule ? { rule: outcome.rule } : {}),
    ...(outcome.proposalId ? { proposalId: outcome.proposalId } : {}),
    ...(outcome.error ? { error: outcome.error.code } : {}),
  });
}

export function registerRegistryTools(server: McpServer, options: RegisterRegistryToolsOptions): Map<string, RegisteredTool> {
  const { principal, services, clientName, log } = options;
  const registered = new Map<string, RegisteredTool>();
  for (const tool of visibleTools(options.tools, principal)) {
    const outputSchema = outcomeOutputSchema(tool, log);
    const handle = server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        // The SDK validates arguments against this schema first (isError on mismatch); the gate
        // validates again, so a client that skips the SDK still cannot slip past it.
        inputSchema: tool.input,
        outputSchema,
        annotations: toolAnnotations(tool),
        _meta: { 'ops-copilot/kind': tool.kind, 'ops-copilot/risk': tool.risk },
      },
      async (args: unknown) => {
        try {
          const outcome = await services.invokeTool({
            principal,
            tool: tool.name,
            args,
            origin: { kind: 'mcp', ref: clientName() },
          });
          await logGateOutcome(server, options.logLevel, outcome);
          return checkedOutcomeResult(outcome, outputSchema, log);
        } catch (error) {
          return errorResult(error, log, { tool: tool.name, tenant: principal.tenantSlug });
        }
      },
    );
    registered.set(tool.name, handle);
  }
  return registered;
}
