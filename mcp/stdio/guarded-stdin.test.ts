import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { JsonRpcErrorResponse } from '../malformed-messages.ts';
import { guardStdin } from './guarded-stdin.ts';

function harness(maxLineBytes?: number) {
  const stdin = new PassThrough();
  const replies: JsonRpcErrorResponse[] = [];
  const logs: string[] = [];
  const output = guardStdin(stdin, { reply: (response) => replies.push(response), log: (message) => logs.push(message), maxLineBytes });
  let passed = '';
  output.on('data', (chunk: Buffer) => (passed += chunk.toString('utf8')));
  const ended = new Promise<void>((resolve) => output.on('end', resolve));
  return { stdin, replies, logs, passed: () => passed, ended };
}

const ping = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });

describe('guardStdin', () => {
  it('passes valid lines through whole, however the input is chunked, and ends when input ends', async () => {
    const h = harness();
    const text = `${ping(1)}\r\n\n${ping(2)}\n${ping(3)}\n`;
    for (let i = 0; i < text.length; i += 7) h.stdin.write(Buffer.from(text.slice(i, i + 7)));
    h.stdin.end();
    await h.ended;
    expect(h.passed()).toBe(`${ping(1)}\n${ping(2)}\n${ping(3)}\n`);
    expect(h.replies).toEqual([]);
  });

  it('answers malformed lines and keeps going', async () => {
    const h = harness();
    h.stdin.write('garbage\n');
    h.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 5 } })}\n`);
    h.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: 'x' })}\n`);
    h.stdin.end(`${ping(5)}\n`);
    await h.ended;
    expect(h.replies.map((reply) => [reply.id, reply.error.code])).toEqual([
      [undefined, -32700],
      [4, -32602],
    ]);
    expect(h.logs).toHaveLength(1);
    expect(h.passed()).toBe(`${ping(5)}\n`);
  });

  it('discards a line longer than the limit as it streams, answers once, and serves the next line', async () => {
    const h = harness(1024);
    for (let i = 0; i < 50; i += 1) h.stdin.write('x'.repeat(500));
    h.stdin.write(`tail of the long line\n${ping(6)}\n`);
    h.stdin.end();
    await h.ended;
    expect(h.replies).toHaveLength(1);
    expect(h.replies[0]!.error).toMatchObject({ code: -32600, message: expect.stringContaining('1024 bytes') });
    expect(h.passed()).toBe(`${ping(6)}\n`);
  });
});
