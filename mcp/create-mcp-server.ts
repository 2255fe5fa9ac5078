/**
 * Builds one MCP server for one authenticated principal. A server is never shared between callers:
 * stdio makes one per process, HTTP one per request (SDK advisory GHSA-345p-7cg4-v4c7), so a tool
 * list, a tenant or a response can never leak from one client to another.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Principal } from '../core/identity/roles.ts';
import packageJson from '../package.json' with { type: 'json' };
import { stderrLog, type McpLog } from './call-tool-result.ts';
import { ClientLogLevel } from './client-log-level.ts';
import type { McpServices, McpToolSource } from './mcp-services.ts';
import { APPROVAL_TOOL_NAMES, registerApprovalTools } from './register-approval-tools.ts';
import { registerPrompts } from './register-prompts.ts';
import { registerRegistryTools } from './register-registry-tools.ts';
import { registerResources } from './register-resources.ts';
import { publishToolList } from './publish-tool-list.ts';

export const MCP_SERVER_NAME = 'ops-copilot';

/** Caps the size of one call's arguments (array elements plus object members) before validation. */
const MAX_TOOL_INPUT_ELEMENTS = 10_000;

export interface BuildMcpServerOptions {
  registry: McpToolSource;
  principal: Principal;
  services: McpServices;
  /**
   * Names the client in proposals' origin when the server never saw its initialize request (stateless
   * HTTP handles initialize and each later call on different server instances).
   */
  fallbackClientName?: string;
  log?: McpLog;
}

function instructions(principal: Principal): string {
  return [
    `Ops Copilot tools for tenant "${principal.tenantSlug}", acting as ${principal.userName} (roles: ${principal.roles.join(', ')}).`,
    'Read tools return order, inventory, customer, shipment, return, exception and runbook data of this tenant only.',
    'Write tools never act directly: each call is decided by the tenant policy and comes back executed, pending approval ' +
      '(with a proposal id an approver must decide) or denied with the reason. Do not retry a denied or pending call.',
    'Resources: runbook://{id}, exception://{id}, proposal://{id}. Prompts: triage_exception, explain_order, summarize_exceptions.',
  ].join('\n');
}

export function buildMcpServer(options: BuildMcpServerOptions): McpServer {
  const { principal, services } = options;
  const log = options.log ?? stderrLog;
  const server = new McpServer(
    { name: MCP_SERVER_NAME, title: 'Ops Copilot', version: packageJson.version },
    {
      // logging: the SDK answers logging/setLevel and filters our notifications/message by that level.
      capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
      instructions: instructions(principal),
      maxToolInputElements: MAX_TOOL_INPUT_ELEMENTS,
    },
  );
  const logLevel = new ClientLogLevel();
  logLevel.install(server);
  const clientName = (): string => server.server.getClientVersion()?.name ?? options.fallbackClientName ?? 'unknown-client';

  const registryTools = options.registry.list().filter((tool) => {
    // The approver tools' names are reserved here; a registry tool of the same name would shadow them.
    const reserved = (APPROVAL_TOOL_NAMES as readonly string[]).includes(tool.name);
    if (reserved) log('registry tool name reserved for MCP approver tools; skipped', { tool: tool.name });
    return !reserved;
  });
  const tools = new Map([
    ...registerRegistryTools(server, { tools: registryTools, principal, services, clientName, log, logLevel }),
    ...registerApprovalTools(server, { principal, services, log }),
  ]);
  publishToolList(server, tools);
  registerResources(server, { principal, services, log });
  registerPrompts(server, { principal, services, toolNames: [...tools.keys()], log });
  // The SDK advertises listChanged: true as soon as anything is registered. Nothing here ever changes
  // during a connection (the tool set is fixed by the principal's roles, and stateless HTTP has no
  // channel to notify on), so advertise what is true.
  server.server.registerCapabilities({
    ...(tools.size > 0 ? { tools: { listChanged: false } } : {}),
    resources: { listChanged: false },
    prompts: { listChanged: false },
  });
  return server;
}
