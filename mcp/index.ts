/** tools/mcp/: the copilot's tools, runbooks and prompts over the Model Context Protocol. */
export { buildMcpServer, MCP_SERVER_NAME } from './create-mcp-server.ts';
export type { BuildMcpServerOptions } from './create-mcp-server.ts';
export { createMcpServer, createMcpServices, defaultMcpWiring } from './default-mcp-services.ts';
export type { McpWiring } from './default-mcp-services.ts';
export type {
  McpServices,
  McpToolSource,
  RunbookDocument,
  RunbookSummary,
  ExceptionListFilter,
  ProposalListFilter,
  JsonObject,
} from './mcp-services.ts';
export { proposalViewSchema, toProposalView } from './proposal-view.ts';
export type { ProposalView } from './proposal-view.ts';
export { APPROVAL_TOOL_NAMES, APPROVER_ROLES } from './register-approval-tools.ts';
export { RESOURCE_NOT_FOUND, exceptionUri, proposalUri, runbookUri } from './register-resources.ts';
export { toolAnnotations } from '../tools/tool-schemas.ts';
export { handleMcpHttpRequest } from './http/handle-mcp-http-request.ts';
export type { McpHttpRequestOptions } from './http/handle-mcp-http-request.ts';
export { checkHostAndOrigin, hostOriginPolicy } from './http/host-origin-guard.ts';
export type { HostOriginPolicy } from './http/host-origin-guard.ts';
export { serveMcpOverStdio, routeConsoleToStderr } from './stdio/serve-mcp-over-stdio.ts';
export { revalidatingServices } from './stdio/revalidate-key.ts';
