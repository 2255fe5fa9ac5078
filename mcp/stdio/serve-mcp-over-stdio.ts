/**
 * MCP over stdio for one principal (the `copilot mcp` process). stdout carries only protocol
 * messages; anything else written there would corrupt the stream, so stray console output is routed
 * to stderr for the life of the server. Resolves when the client goes away (stdin ends).
 */
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { buildMcpServer, type BuildMcpServerOptions } from '../create-mcp-server.ts';
import { stderrLog } from '../call-tool-result.ts';
import { guardStdin } from './guarded-stdin.ts';

export interface StdioServeOptions extends BuildMcpServerOptions {
  stdin?: Readable;
  stdout?: Writable;
}

/** console.log/info/debug write to stdout; on a stdio server they must not. */
export function routeConsoleToStderr(): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);
  return () => Object.assign(console, saved);
}

export async function serveMcpOverStdio(options: StdioServeOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const server = buildMcpServer(options);
  // Malformed lines are answered here (JSON-RPC errors naming the problem); only valid ones reach the SDK.
  const checked = guardStdin(stdin, {
    reply: (response) => void stdout.write(`${JSON.stringify(response)}\n`),
    log: (message) => (options.log ?? stderrLog)(message, {}),
  });
  const transport = new StdioServerTransport(checked, stdout);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  // The SDK's stdio transport does not watch for the end of input; a client that exits ends it.
  const stop = (): void => void server.close();
  stdin.once('end', stop);
  stdin.once('close', stop);
  await server.connect(transport);
  try {
    await closed;
  } finally {
    stdin.off('end', stop);
    stdin.off('close', stop);
  }
}
