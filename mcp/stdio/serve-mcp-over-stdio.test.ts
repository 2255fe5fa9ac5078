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
