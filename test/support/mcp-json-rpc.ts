/** One JSON-RPC request to the app's stateless /mcp endpoint (no SDK client), for edge and fuzz tests. */
import type { Hono } from 'hono';

export interface McpAnswer {
  status: number;
  /** The raw response body, to check that nothing internal leaks. */
  text: string;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

let nextId = 1;

export async function mcpRequest(app: Hono<any>, key: string, method: string, params: unknown): Promise<McpAnswer> {
  const response = await app.request('http://localhost/mcp', {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
  });
  const text = await response.text();
  let parsed: { result?: unknown; error?: McpAnswer['error'] } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // Not JSON (an HTTP-level error page would be a bug the caller's assertions show through `text`).
  }
  return {
    status: response.status,
    text,
    ...(parsed.result !== undefined ? { result: parsed.result } : {}),
    ...(parsed.error ? { error: parsed.error } : {}),
  };
}
