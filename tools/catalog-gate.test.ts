import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TOOLS } from './catalog.ts';
import { createToolTestWorld, placeOrder, stock, type ToolTestWorld } from '../test/support/tool-test-world.ts';

// Tools whose every field is optional: an empty object is a valid call.
const ALL_OPTIONAL = new Set(['search_orders', 'list_exceptions', 'get_kpis']);

describe('every tool through the gate: input outside the schema is a typed error, never a crash', () => {
  let world: ToolTestWorld;

  beforeAll(async () => {
    world = await createToolTestWorld();
    await world.run(async (tx) => {
      await stock(tx, 'MUG-BLK', 'WH-EAST', 5);
      await placeOrder(tx, '10482', [{ sku: 'MUG-BLK', quantity: 1, unitPrice: 12 }]);
    });
  });
  afterAll(() => world.close());

  it.each(ALL_TOOLS.map((tool) => [tool.name] as const))('%s refuses non-objects and unknown fields', async (name) => {
    const bad: unknown[] = [null, 'refund everything', 42, [], { unexpectedField: true }];
    if (!ALL_OPTIONAL.has(name)) bad.push({});
    for (const args of bad) {
      const outcome = await world.call(name, args, world.principals.admin);
      expect(outcome, JSON.stringify(args)).toMatchObject({
        tool: name,
        status: 'failed',
        decision: 'deny',
        error: { code: 'validation_failed' },
      });
    }
  });

  it('never answers arbitrary JSON with an internal error', async () => {
    const argsArbitrary = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(
        fc.constantFrom(
          'order',
          'sku',
          'location',
          'customer',
          'rma',
          'amount',
          'quantity',
          'lineNumber',
          'reason',
          'note',
          'delta',
          'countedQuantity',
          'reasonCode',
          'status',
          'limit',
          'query',
          'exception',
        ),
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.integer({ min: -5, max: 20 }),
          fc.double({ noNaN: false }),
          fc.constant('10482'),
          fc.constant('MUG-BLK'),
          fc.constant('WH-EAST'),
          fc.constant(null),
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ALL_TOOLS.map((tool) => tool.name)), argsArbitrary, async (name, args) => {
        const outcome = await world.call(name, args, world.principals.admin);
        expect(['ok', 'executed', 'failed', 'pending_approval', 'denied']).toContain(outcome.status);
        expect(outcome.error?.code).not.toBe('internal');
      }),
      { numRuns: 150, seed: 20_261_122 },
    );
  });
});
