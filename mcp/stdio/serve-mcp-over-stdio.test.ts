import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it, vi } from 'vitest';
import { FakeWorld, principal } from '../testing/fake-services.ts';
import { routeConsoleToStderr, serveMcpOverStdio } from './serve-mcp-over-stdio.ts';

/** A client transport over a pair of in-process streams, framed exactly like stdio. */
function streamTransport(toServer: PassThrough, fromServer: PassThrough): Transport {
  const buffer = new ReadBuffer();
  const transport: Transport = {
    async start() {
      fromServer.on('data', (chunk: Buffer) => {
        buffer.append(chunk);
        for (let message = buffer.readMessage(); message; message = buffer.readMessage()) transport.onmessage?.(message);
      });
    },
    async send(message: JSONRPCMessage) {
      toServer.write(serializeMessage(message));
    },
    async close() {
      toServer.end();
      transport.onclose?.();
    },
  };
  return transport;
}

describe('serveMcpOverStdio', () => {
  it('speaks newline-delimited JSON-RPC on the given streams and returns when input ends', async () => {
    const world = new FakeWorld();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const serving = serveMcpOverStdio({
      registry: { list: () => world.tools },
      principal: principal('a', ['rep']),
      services: world.services(),
      stdin,
      stdout,
    });
    const client = new Client({ name: 'stdio-unit', version: '1.0.0' });
    await client.connect(streamTransport(stdin, stdout));
    const result = await client.callTool({ name: 'adjust_stock', arguments: { sku: 'S', quantity: 2 } });
    expect(result.structuredContent).toMatchObject({ status: 'executed' });
    expect(world.requests[0]!.origin).toEqual({ kind: 'mcp', ref: 'stdio-unit' });
    await client.close();
    await expect(serving).resolves.toBeUndefined();
  });

  it('answers malformed lines with JSON-RPC errors naming the problem, and keeps serving', async () => {
    const world = new FakeWorld();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const logged: string[] = [];
    const serving = serveMcpOverStdio({
      registry: { list: () => world.tools },
      principal: principal('a', ['rep']),
      services: world.services(),
      stdin,
      stdout,
      log: (message) => logged.push(message),
    });
    const replies: Array<{ id: unknown; error?: { code: number; message: string }; result?: unknown }> = [];
    const buffer = new ReadBuffer();
    stdout.on('data', (chunk: Buffer) => {
      buffer.append(chunk);
      for (let message = buffer.readMessage(); message; message = buffer.readMessage()) replies.push(message as never);
    });
    const send = (line: string) => stdin.write(`${line}\n`);
    send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      }),
    );
    send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    send('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"x"}');
    send('not json at all');
    send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'adjust_stock', arguments: 'str' } }));
    send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'resources/read', params: { uri: 5 } }));
    send(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 4,
        method: 'tools/call',
        params: { name: 'adjust_stock', arguments: { sku: 'S', quantity: 2 } },
      }),
    );
    await vi.waitFor(() => expect(replies.filter((reply) => reply.id !== 0)).toHaveLength(5), { timeout: 10_000 });
    const byId = new Map(replies.map((reply) => [reply.id, reply]));
    expect(byId.get(1)?.error?.code).toBe(-32600);
    expect(byId.get(undefined)?.error?.code).toBe(-32700);
    expect(byId.get(2)?.error).toMatchObject({ code: -32602, message: expect.stringContaining('arguments') });
    expect(byId.get(3)?.error).toMatchObject({ code: -32602, message: expect.stringContaining('uri') });
    expect(byId.get(4)?.result).toMatchObject({ structuredContent: { status: 'executed' } });
    expect(replies.some((reply) => reply.error?.code === -32603)).toBe(false);
    stdin.end();
    await expect(serving).resolves.toBeUndefined();
  });

  it('keeps console output off stdout while serving', () => {
    const toStderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const toStdout = vi.spyOn(process.stdout, 'write');
    const restore = routeConsoleToStderr();
    try {
      console.log('stray log line');
      console.info('stray info line');
    } finally {
      restore();
    }
    expect(toStderr.mock.calls).toEqual([['stray log line'], ['stray info line']]);
    expect(toStdout).not.toHaveBeenCalled();
    toStderr.mockRestore();
    toStdout.mockRestore();
  });
});
