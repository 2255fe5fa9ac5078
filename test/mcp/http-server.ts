/** The real Hono app with MCP mounted, served on a free loopback port, for HTTP end-to-end tests. */
import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { loadConfig } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { createMcpServices } from '../../mcp/default-mcp-services.ts';
import type { ToolRegistry } from '../../tools/registry.ts';
import { createApp } from '../../web/app.ts';
import { createLogger } from '../../web/logging/logger.ts';
import { startServer, type RunningServer } from '../../web/server.ts';

export async function serveTestApp(
  db: Database,
  registry: ToolRegistry,
  env: Record<string, string> = {},
  writeLog?: (line: string) => void,
): Promise<RunningServer> {
  const config = loadConfig({ COPILOT_LOG_LEVEL: 'silent', ...env });
  const app = createApp({
    db,
    config,
    logger: createLogger({ level: writeLog ? config.COPILOT_LOG_LEVEL : 'silent', ...(writeLog ? { write: writeLog } : {}) }),
    mcp: { registry, services: createMcpServices(db, registry) },
  });
  return startServer(app, 0, '127.0.0.1');
}

export async function connectHttp(baseUrl: string, key: string, clientName = 'http-test-client'): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  const client = new Client({ name: clientName, version: '1.0.0' });
  await client.connect(transport);
  return client;
}

export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request over a socket, so headers fetch would refuse to send (Host) can be set. */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const url = new URL('/mcp', baseUrl);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: options.method ?? 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
