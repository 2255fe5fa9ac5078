import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDefaultRegistry } from '../tools/registry.ts';
import { expandTypeArrays } from '../tools/tool-schemas.ts';
import { buildMcpServer } from './create-mcp-server.ts';
import { FakeWorld, principal } from './testing/fake-services.ts';

const open: Client[] = [];
afterAll(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
});

/**
 * One admin connection and its tools/list per file: the listing is fixed for a connection (listChanged
 * false), and building the registry and listing every schema costs seconds, so the tests share it.
 */
let listing: ReturnType<typeof connectAsAdmin> | undefined;
const listAsAdmin = () => (listing ??= connectAsAdmin());

async function connectAsAdmin() {
  const server = buildMcpServer({
    registry: buildDefaultRegistry(),
    principal: principal('a', ['admin', 'approver']),
    services: new FakeWorld().services(),
    log: () => {},
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'strict-client', version: '1.0.0' });
  await client.connect(clientTransport);
  open.push(client);
  return { client, tools: (await client.listTools()).tools };
}

/** Ajv in strict mode, as strict clients (and MCP Inspector --strict) compile schemas. */
function strictAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv;
}

describe('tools/list schemas', () => {
  it('every input and output schema compiles under Ajv strict mode and holds no type arrays', async () => {
    const { tools } = await listAsAdmin();
    expect(tools.length).toBeGreaterThan(20);
    const ajv = strictAjv();
    const failures: string[] = [];
    for (const tool of tools) {
      for (const [side, schema] of [
        ['input', tool.inputSchema],
        ['output', tool.outputSchema],
      ] as const) {
        if (!schema) continue;
        try {
          ajv.compile(schema);
        } catch (error) {
          failures.push(`${tool.name} ${side}: ${(error as Error).message}`);
        }
        if (/"type":\[/.test(JSON.stringify(schema))) failures.push(`${tool.name} ${side}: type array`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('money inputs accept whole cents such as 19.99 under a standard validator (no float multipleOf)', async () => {
    const { tools } = await listAsAdmin();
    const ajv = strictAjv();
    const refund = ajv.compile(tools.find((tool) => tool.name === 'issue_refund')!.inputSchema);
    expect(refund({ order: '10482', amount: 19.99, reason: 'double capture' }), JSON.stringify(refund.errors)).toBe(true);
    expect(refund({ order: '10482', amount: 0.07, reason: 'double capture' })).toBe(true);
    const price = ajv.compile(tools.find((tool) => tool.name === 'override_price')!.inputSchema);
    expect(price({ order: '10482', lineNumber: 1, newUnitPrice: 1234.56, reasonCode: 'PO-QUOTE', reason: 'quote Q-1' })).toBe(true);
    expect(JSON.stringify(tools.map((tool) => tool.inputSchema))).not.toContain('multipleOf');
  });

  it('the server refuses more than two decimals, naming the field, instead of rounding', async () => {
    const { client } = await listAsAdmin();
    const result = await client.callTool({ name: 'issue_refund', arguments: { order: '10482', amount: 19.999, reason: 'double capture' } });
    expect(result.isError).toBe(true);
    const text = (result.content as { text: string }[])[0]!.text;
    expect(text).toMatch(/at most two decimals/);
    expect(text).toMatch(/\bamount\b/);
  });

  it('advertises listChanged false: the tool, resource and prompt sets never change during a connection', async () => {
    const { client } = await listAsAdmin();
    expect(client.getServerCapabilities()).toMatchObject({
      tools: { listChanged: false },
      resources: { listChanged: false },
      prompts: { listChanged: false },
    });
  });

  it('gives refunds and customer notices openWorldHint, and additive writes destructiveHint false', async () => {
    const { tools } = await listAsAdmin();
    const hints = (name: string) => tools.find((tool) => tool.name === name)?.annotations;
    expect(hints('issue_refund')).toMatchObject({ destructiveHint: true, openWorldHint: true, idempotentHint: false });
    expect(hints('send_backorder_notice')).toMatchObject({ openWorldHint: true });
    // The remediations of predicted exceptions that reach a customer, a warehouse or a carrier.
    for (const name of ['send_delay_notice', 'expedite_shipment', 'transfer_stock'])
      expect(hints(name), name).toMatchObject({ readOnlyHint: false, openWorldHint: true });
    expect(hints('set_channel_allocation')).toMatchObject({ openWorldHint: false, idempotentHint: true });
    expect(hints('create_purchase_order')).toMatchObject({ destructiveHint: false, openWorldHint: true });
    expect(hints('place_order_hold')).toMatchObject({ destructiveHint: false, openWorldHint: false, idempotentHint: true });
    expect(hints('adjust_inventory')).toMatchObject({ destructiveHint: true, openWorldHint: false });
    expect(hints('get_order')).toMatchObject({ readOnlyHint: true, destructiveHint: false, openWorldHint: false });
    expect(hints('approve_proposal')).toMatchObject({ openWorldHint: true });
  });
});

describe('expandTypeArrays', () => {
  it('spells a nullable scalar as anyOf, keeping each constraint with its type and descriptions outside', () => {
    expect(expandTypeArrays({ type: ['string', 'null'], minLength: 2, description: 'a name' })).toEqual({
      description: 'a name',
      anyOf: [{ type: 'string', minLength: 2 }, { type: 'null' }],
    });
    expect(expandTypeArrays({ properties: { a: { type: ['number', 'null'], maximum: 3 } } })).toEqual({
      properties: { a: { anyOf: [{ type: 'number', maximum: 3 }, { type: 'null' }] } },
    });
    expect(expandTypeArrays({ type: ['string', 'null'], enum: ['a', null] })).toEqual({
      anyOf: [{ type: 'string', enum: ['a'] }, { type: 'null' }],
    });
    expect(expandTypeArrays({ type: ['integer'] })).toEqual({ type: 'integer' });
  });
});
