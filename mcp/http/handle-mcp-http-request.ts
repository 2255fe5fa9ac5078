/**
 * Streamable HTTP, stateless: every POST gets a fresh MCP server (built for the authenticated
 * principal) and a fresh transport, both closed when the response is ready. Nothing is kept between
 * requests, so any replica can serve any request and no state is shared across clients (SDK
 * advisory GHSA-345p-7cg4-v4c7). Responses are plain JSON: with no session there is no stream to
 * resume and nothing to push, so SSE would only add failure modes.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { buildMcpServer, type BuildMcpServerOptions } from '../create-mcp-server.ts';
import { refuseMalformedParams } from './malformed-params.ts';

export interface McpHttpRequestOptions extends BuildMcpServerOptions {
  /** Upper bound on the POST body the transport reads (413 above it). */
  maxBodyBytes: number;
}

export async function handleMcpHttpRequest(request: Request, options: McpHttpRequestOptions): Promise<Response> {
  if (request.method !== 'POST') {
    // A stateless server has no session to stream notifications for (GET) or to end (DELETE).
    // Same error shape as the rest of the HTTP API.
    const body = { error: { code: 'method_not_allowed', message: 'this MCP endpoint is stateless: send JSON-RPC messages with POST' } };
    return new Response(JSON.stringify(body), { status: 405, headers: { 'Content-Type': 'application/json', Allow: 'POST' } });
  }
  const malformed = await refuseMalformedParams(request);
  if (malformed) return malformed;
  const server = buildMcpServer(options);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
    maxRequestBodySize: options.maxBodyBytes,
  });
  try {
    await server.connect(transport);
    return await transport.handleRequest(request);
  } finally {
    // The JSON response is complete here; closing releases the server and its handlers at once.
    await transport.close().catch(() => undefined);
    await server.close().catch(() => undefined);
  }
}
