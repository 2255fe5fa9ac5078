import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../core/identity/roles.ts';
import { matchCompletions } from './argument-completions.ts';
import { buildMcpServer } from './create-mcp-server.ts';
import { FakeWorld, principal } from './testing/fake-services.ts';

const open: Client[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

async function connect(who: Principal, messages: LoggingMessageNotification['params'][] = []): Promise<Client> {
  const world = new FakeWorld();
  const server = buildMcpServer({
    registry: { list: () => world.tools },
    principal: who,
    services: world.services(),
    log: () => undefined,
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'completion-test', version: '1.0.0' });
  client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
    messages.push(notification.params);
  });
  await client.connect(clientTransport);
  open.push(client);
  return client;
}

describe('matchCompletions', () => {
  it('puts prefix matches first, then substring matches, case-insensitively, at most 100', () => {
    expect(matchCompletions(['stock_conflict', 'payment_mismatch', 'late_shipment', 'Stock_Low'], 'sto')).toEqual([
      'stock_conflict',
      'Stock_Low',
    ]);
    expect(matchCompletions(['late_shipment', 'stock_conflict'], 'ship')).toEqual(['late_shipment']);
    expect(matchCompletions(['a', 'a', 'b'], '')).toEqual(['a', 'b']);
    expect(
      matchCompletions(
        Array.from({ length: 150 }, (_, i) => `x${i}`),
        'x',
      ),
    ).toHaveLength(100);
  });
});

describe('completion/complete', () => {
  it('advertises completions and logging, and completes prompt arguments from the tenant’s own data', async () => {
    const client = await connect(principal('a', ['rep']));
    expect(client.getServerCapabilities()).toMatchObject({ completions: {}, logging: {} });
    const exceptionIds = await client.complete({
      ref: { type: 'ref/prompt', name: 'triage_exception' },
      argument: { name: 'exceptionId', value: '' },
    });
    // Tenant A's live exceptions only; tenant B's never.
    expect(exceptionIds.completion.values.sort()).toEqual(['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222']);
    const narrowed = await client.complete({
      ref: { type: 'ref/prompt', name: 'triage_exception' },
      argument: { name: 'exceptionId', value: '2222' },
    });
    expect(narrowed.completion.values).toEqual(['22222222-2222-4222-8222-222222222222']);
    const types = await client.complete({
      ref: { type: 'ref/prompt', name: 'summarize_exceptions' },
      argument: { name: 'type', value: 'stock' },
    });
    expect(types.completion.values.length).toBeGreaterThan(0);
    for (const value of types.completion.values) expect(value).toMatch(/stock/);
  });

  it('completes resource-template variables: runbooks (shared and own private), proposals only for those who may list them', async () => {
    const rep = await connect(principal('a', ['rep']));
    const runbooks = await rep.complete({ ref: { type: 'ref/resource', uri: 'runbook://{id}' }, argument: { name: 'id', value: '' } });
    expect(runbooks.completion.values.sort()).toEqual(['acme-refund-policy', 'oversell-stock-conflict']);
    const other = await connect(principal('b', ['rep']));
    const theirs = await other.complete({ ref: { type: 'ref/resource', uri: 'runbook://{id}' }, argument: { name: 'id', value: 'acme' } });
    expect(theirs.completion.values).toEqual([]);
    const exceptions = await rep.complete({
      ref: { type: 'ref/resource', uri: 'exception://{id}' },
      argument: { name: 'id', value: '1111' },
    });
    expect(exceptions.completion.values).toEqual(['11111111-1111-4111-8111-111111111111']);
    const proposals = await rep.complete({ ref: { type: 'ref/resource', uri: 'proposal://{id}' }, argument: { name: 'id', value: '' } });
    expect(proposals.completion.values).toEqual([]);
  });

  it('refuses a prompt or template that does not exist (InvalidParams)', async () => {
    const client = await connect(principal('a', ['rep']));
    await expect(
      client.complete({ ref: { type: 'ref/prompt', name: 'test_prompt_with_arguments' }, argument: { name: 'arg1', value: 'x' } }),
    ).rejects.toMatchObject({ code: -32602 });
  });
});

describe('logging', () => {
  it('sends no log messages until the client sets a level, then the gate’s decisions at or above it', async () => {
    const messages: LoggingMessageNotification['params'][] = [];
    const client = await connect(principal('a', ['rep']), messages);
    await client.callTool({ name: 'get_stock', arguments: { sku: 'SKU-1' } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(messages).toEqual([]);
    expect(await client.setLoggingLevel('debug')).toEqual({});
    await client.callTool({ name: 'get_stock', arguments: { sku: 'SKU-1' } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(messages).toEqual([
      expect.objectContaining({
        level: 'debug',
        logger: 'ops-copilot.gate',
        data: expect.objectContaining({ tool: 'get_stock', status: 'ok' }),
      }),
    ]);
    messages.length = 0;
    expect(await client.setLoggingLevel('warning')).toEqual({});
    await client.callTool({ name: 'get_stock', arguments: { sku: 'SKU-1' } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(messages).toEqual([]);
  });
});
