import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCEPTION_TYPES, PREDICTED_EXCEPTION_TYPES } from '../../core/exceptions/exception-types.ts';
import { resolveScenario } from '../fixtures/build-scenario.ts';
import { scenarioEvents } from '../fixtures/scenario-events.ts';
import { loadSuiteFile } from './load-suite.ts';
import { isChatCase, scenarioSchema, type AgentSuite, type TriageCase } from './suite-schema.ts';

const suitePath = (name: string): string => fileURLToPath(new URL(`../suites/${name}`, import.meta.url));

async function agentSuite(name: string): Promise<AgentSuite> {
  const loaded = await loadSuiteFile(suitePath(name));
  if (loaded.kind !== 'agent') throw new Error(`${name} is not an agent suite`);
  return loaded.suite;
}

describe('the bundled suites', () => {
  it('triage: at least 40 cases covering every exception type, with adversarial ones', async () => {
    const suite = await agentSuite('triage.yaml');
    expect(suite.cases.length).toBeGreaterThanOrEqual(40);
    const types = new Set((suite.cases as TriageCase[]).map((item) => item.input.exception.type));
    // Both kinds built elsewhere are stated by fixtures: predicted types in a scenario's `predicted:` list
    // (as a forecast run raises them), action-outcome types by its executedActions (an executed action the
    // system of record failed or never confirmed). Every exception type is covered.
    for (const type of PREDICTED_EXCEPTION_TYPES) expect(types, type).toContain(type);
    expect([...types].sort()).toEqual([...EXCEPTION_TYPES].sort());
    const tags = suite.cases.flatMap((item) => item.tags);
    for (const tag of ['injection', 'cross_tenant', 'threshold', 'tenant_rules', 'seeded']) expect(tags).toContain(tag);
  });

  it('chat: at least 20 cases, multi-turn included', async () => {
    const suite = await agentSuite('chat.yaml');
    expect(suite.cases.length).toBeGreaterThanOrEqual(20);
    expect(suite.cases.filter((item) => isChatCase(item) && item.input.turns.length > 1).length).toBeGreaterThanOrEqual(3);
  });

  it('recognises the retrieval set as a retrieval suite', async () => {
    expect(await loadSuiteFile(suitePath('retrieval.yaml'))).toMatchObject({ kind: 'retrieval', name: 'retrieval' });
  });
});

describe('loading suite files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eval-suite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = async (name: string, text: string): Promise<string> => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };

  it('names the file and the field of every problem', async () => {
    const path = await write(
      'bad.yaml',
      `name: bad
kind: triage
cases:
  - id: one
    fixture: { scenario: { tenant: shop } }
    input: { exception: { type: not_a_type } }
    expect:
      trajectory: { mode: sideways, steps: [] }
`,
    );
    await expect(loadSuiteFile(path)).rejects.toThrow(
      /bad\.yaml: invalid suite: .*cases\.0\.input\.exception\.type.*cases\.0\.expect\.trajectory\.mode/,
    );
  });

  it('refuses a case id used twice, a file that is not YAML, and an unknown extension', async () => {
    const twice = await write(
      'twice.yaml',
      `name: twice\nkind: chat\ncases:\n${['a', 'a'].map((id) => `  - { id: ${id}, fixture: { scenario: { tenant: shop } }, input: { turns: [{ user: hi }] } }`).join('\n')}\n`,
    );
    await expect(loadSuiteFile(twice)).rejects.toThrow(/case id a is used twice/);
    await expect(loadSuiteFile(await write('broken.yaml', 'name: [unclosed'))).rejects.toThrow(/broken\.yaml: not valid YAML/);
    await expect(loadSuiteFile(await write('suite.txt', 'name: x'))).rejects.toThrow(
      /a suite or case file is a \.yaml, \.yml or \.json file/,
    );
  });

  it('gathers cases from case files after its own, names the case file of a bad case, and refuses a case file run alone', async () => {
    const chatCase = (id: string): string => `  - { id: ${id}, fixture: { scenario: { tenant: shop } }, input: { turns: [{ user: hi }] } }`;
    await write('greetings.yaml', `cases:\n${chatCase('b')}\n${chatCase('c')}\n`);
    await write('farewells.yaml', `cases:\n${chatCase('d')}\n  - { id: e, fixture: { scenario: { tenant: shop } }, input: {} }\n`);
    const good = await write('split.yaml', `name: split\nkind: chat\ncaseFiles: [greetings.yaml]\ncases:\n${chatCase('a')}\n`);
    const loaded = await loadSuiteFile(good);
    expect(loaded.kind === 'agent' && loaded.suite.cases.map((item) => item.id)).toEqual(['a', 'b', 'c']);
    const bad = await write('split-bad.yaml', `name: split\nkind: chat\ncaseFiles: [greetings.yaml, farewells.yaml]\n`);
    await expect(loadSuiteFile(bad)).rejects.toThrow(/split-bad\.yaml → farewells\.yaml: cases\[1\]\.input/);
    const missing = await write('split-missing.yaml', `name: split\nkind: chat\ncaseFiles: [nowhere.yaml]\n`);
    await expect(loadSuiteFile(missing)).rejects.toThrow(/split-missing\.yaml → nowhere\.yaml: cannot read/);
    await expect(loadSuiteFile(join(dir, 'greetings.yaml'))).rejects.toThrow(/a case file, not a suite/);
  });

  it('checks that triage cases name an exception and chat cases name turns', async () => {
    const mixed = await write(
      'mixed.yaml',
      `name: mixed\nkind: chat\ncases:\n  - { id: a, fixture: { scenario: { tenant: shop } }, input: { exception: { type: credit_hold } } }\n`,
    );
    await expect(loadSuiteFile(mixed)).rejects.toThrow(/cases\.0\.input/);
  });
});

describe('scenarios', () => {
  const now = new Date('2030-03-15T12:00:00.000Z');

  it('extends a named base scenario, base lists first, and rejects unknown or cyclic bases', () => {
    const named = {
      shop: scenarioSchema.parse({ tenant: 'shop', skus: [{ code: 'MUG' }], orders: [{ orderNumber: '1' }] }),
      loop: scenarioSchema.parse({ base: 'loop' }),
    };
    const resolved = resolveScenario(scenarioSchema.parse({ base: 'shop', orders: [{ orderNumber: '2' }] }), named);
    expect(resolved.tenant).toBe('shop');
    expect(resolved.orders.map((order) => order.orderNumber)).toEqual(['1', '2']);
    expect(() => resolveScenario('nope', named)).toThrow(/unknown scenario "nope"/);
    expect(() => resolveScenario('loop', named)).toThrow(/scenario base cycle/);
  });

  it('turns a scenario into events in order, with relative times resolved and captures after their orders', () => {
    const scenario = scenarioSchema.parse({
      locations: [{ code: 'WH', name: 'WH', kind: 'warehouse' }],
      skus: [{ code: 'MUG', name: 'Mug' }],
      stock: [{ sku: 'MUG', location: 'WH', quantity: 5 }],
      orders: [
        {
          orderNumber: '7',
          customerCode: 'C',
          lines: [{ sku: 'MUG', quantity: 2, unitPrice: 10 }],
          shippingTotal: 5,
          capture: true,
          at: '-3d',
        },
      ],
      events: [{ type: 'shipment.created', at: '-2d', data: { shipmentId: 'S', orderNumber: '7', estimatedDeliveryAt: '+1d', lines: [] } }],
    });
    const events = scenarioEvents(scenario, now, 'shop');
    expect(events.map((event) => event.type)).toEqual([
      'location.upserted',
      'sku.upserted',
      'inventory.received',
      'order.created',
      'payment.captured',
      'shipment.created',
    ]);
    expect(events[4]!.data).toMatchObject({ orderNumber: '7', amount: 25 });
    expect(events[3]!.occurredAt.slice(0, 10)).toBe('2030-03-12');
    expect(events[5]!.data.estimatedDeliveryAt).toBe('2030-03-16T12:00:00.000Z');
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  });
});
