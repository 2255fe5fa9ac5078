import { describe, expect, it } from 'vitest';
import { ROLES } from '../core/identity/roles.ts';
import { ALL_TOOLS } from './catalog.ts';
import { buildDefaultRegistry } from './registry.ts';
import { toMcpToolDescriptor, toolInputJsonSchema, toolOutputJsonSchema, type JsonSchema } from './tool-schemas.ts';

const READS = [
  'get_order',
  'search_orders',
  'order_timeline',
  'get_inventory',
  'get_customer',
  'get_shipment',
  'get_return',
  'list_exceptions',
  'get_exception',
  'search_runbooks',
  'get_kpis',
  'find_records',
];
const WRITES = [
  'reallocate_order_line',
  'release_reservation',
  'place_order_hold',
  'release_order_hold',
  'retry_erp_sync',
  'correct_shipping_address',
  'issue_refund',
  'set_return_disposition',
  'adjust_inventory',
  'create_purchase_order',
  'apply_credit_hold',
  'release_credit_hold',
  'override_price',
  'send_backorder_notice',
  'send_delay_notice',
  'expedite_shipment',
  'transfer_stock',
  'set_channel_allocation',
];

/** Every property at every depth, with its path, so a missing description names the field. */
function properties(schema: JsonSchema, path = ''): Array<[string, JsonSchema]> {
  const found: Array<[string, JsonSchema]> = [];
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    found.push([`${path}${name}`, child], ...properties(child, `${path}${name}.`));
  }
  return found;
}

describe('the tool catalog', () => {
  const registry = buildDefaultRegistry();

  it('ships exactly the tools of the product brief, reads first', () => {
    expect(ALL_TOOLS.filter((tool) => tool.kind === 'read').map((tool) => tool.name)).toEqual(READS);
    expect(ALL_TOOLS.filter((tool) => tool.kind === 'write').map((tool) => tool.name)).toEqual(WRITES);
    expect(registry.list()).toHaveLength(READS.length + WRITES.length);
  });

  it.each(ALL_TOOLS.map((tool) => [tool.name, tool] as const))(
    '%s: strict input with a description on every field, object output',
    (_name, tool) => {
      const input = toolInputJsonSchema(tool);
      expect(input.additionalProperties).toBe(false);
      for (const [path, property] of properties(input)) {
        expect(
          typeof property.description === 'string' && property.description.length >= 10,
          `${tool.name}.${path} needs a description`,
        ).toBe(true);
        if (property.type === 'object') expect(property.additionalProperties, `${tool.name}.${path} must be strict`).toBe(false);
      }
      expect(toolOutputJsonSchema(tool).type).toBe('object');
      expect(toMcpToolDescriptor(tool).outputSchema).toBeDefined();
      expect(tool.description.length).toBeGreaterThan(200);
      expect(tool.title.length).toBeGreaterThan(5);
    },
  );

  it('lets every role read, and only people (and integrations where sensible) propose writes', () => {
    for (const tool of ALL_TOOLS) {
      if (tool.kind === 'read') {
        expect([...tool.roles].sort()).toEqual([...ROLES].sort());
        expect(tool.risk).toBe('none');
        continue;
      }
      expect(tool.inspect, `${tool.name} needs inspect()`).toBeTypeOf('function');
      expect(tool.roles).toEqual(expect.arrayContaining(['rep', 'approver', 'admin']));
      expect(tool.roles).not.toContain('evaluator');
      expect(tool.risk).not.toBe('none');
    }
    // Money, pricing and credit stay with people.
    for (const name of ['issue_refund', 'override_price', 'release_credit_hold', 'apply_credit_hold', 'release_order_hold']) {
      expect(registry.require(name).roles).not.toContain('integration');
    }
  });

  it('rates risk by what a tool can do', () => {
    const risk = (name: string) => registry.require(name).risk;
    expect(['issue_refund', 'override_price', 'adjust_inventory', 'release_credit_hold'].map(risk)).toEqual([
      'high',
      'high',
      'high',
      'high',
    ]);
    expect(['retry_erp_sync', 'place_order_hold', 'send_backorder_notice'].map(risk)).toEqual(['low', 'low', 'low']);
    expect(registry.require('issue_refund').idempotent).toBe(false);
    expect(registry.require('place_order_hold').idempotent).toBe(true);
  });

  it('bounds money and free text in write inputs', () => {
    const refund = toolInputJsonSchema(registry.require('issue_refund')).properties as Record<string, JsonSchema>;
    expect(refund.amount).toMatchObject({ exclusiveMinimum: 0, maximum: 1e7 });
    expect(refund.reason).toMatchObject({ maxLength: 500 });
  });
});
