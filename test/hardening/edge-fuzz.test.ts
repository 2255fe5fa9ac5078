/**
 * Keeps issue 12 from coming back: arbitrary input at every HTTP route and every MCP tool, resource and
 * prompt — strings with NUL and lone surrogates, huge numbers, deep JSON, wrong types in every field.
 * Every answer is a 2xx/3xx or a 4xx JSON error (pages may answer HTML), never a 5xx or an internal
 * JSON-RPC error; nothing a refused request sent leaves a row behind; the server stays up; and no
 * table ends up half-written (threads without turns, runs or proposals stuck mid-way).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { signEventBody } from '../../core/events/event-signature.ts';
import { authenticateApiKey } from '../../core/identity/api-keys.ts';
import { getWebhookSecret } from '../../core/tenants/tenants.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { seedOperationsScenario, type OperationsScenario } from '../../web/testing/operations-scenario.ts';
import { createTestApp, type TestApp } from '../../web/testing/test-app.ts';
import { mcpRequest } from '../support/mcp-json-rpc.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

// --- generators ----------------------------------------------------------------------------------

const nastyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\udbff\ud800', '%00', '../../etc/passwd', "'; DROP TABLE users; --", '😀'),
  fc.string({ minLength: 3000, maxLength: 6000 }),
);
const nastyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -0, 1e-320, 1.2345678901234568e29));
const FIELD_NAMES = [
  'comment',
  'reason',
  'args',
  'source',
  'roles',
  'name',
  'userName',
  'message',
  'threadId',
  'status',
  'limit',
  'offset',
  'order',
  'orderRef',
  'amount',
  'sku',
  'location',
  'q',
  'query',
  'type',
  'events',
  'id',
  'data',
  'occurredAt',
  'version',
];
const { value: nastyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyText,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), nastyText), tie('value'), { maxKeys: 5 }),
  ),
}));
/** Nesting no JSON.stringify could produce (it would overflow the stack first), as raw text. */
const deepJson = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
  .map(([depth, objects]) => (objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`));
const nastyBody = fc.oneof(
  nastyValue.map((value) => JSON.stringify(value)),
  fc.dictionary(fc.constantFrom(...FIELD_NAMES), nastyValue, { maxKeys: 6 }).map((value) => JSON.stringify(value)),
  deepJson,
  nastyText,
);
/** Percent-encoded like a client sends it; a lone surrogate as its (invalid) UTF-8 bytes; some escapes left malformed on purpose. */
function encodeSegment(segment: string): string {
  if (segment.startsWith('%')) return segment;
  return [...segment]
    .map((character) => {
      try {
        return encodeURIComponent(character);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');
}
const pathSegment = fc
  .oneof(nastyText, fc.uuid(), fc.constantFrom('SO-50481', '%00', '%ED%A0%80', '%', '..', '%zz', '% no host'))
  .map(encodeSegment);
const queryString = fc
  .dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 8 })), nastyText, { maxKeys: 4 })
  .map((query) => new URLSearchParams(query as Record<string, string>).toString());

// --- the world -----------------------------------------------------------------------------------

describe('fuzzing every edge', () => {
  let t: TestApp;
  let scenario: OperationsScenario;
  let cookie: string;
  let secret: string;
  let tables: string[];

  const rowCounts = async (): Promise<Record<string, number>> =>
    asOperator(t.db, async (tx) => {
      const sql = `SELECT ${tables.map((table, index) => `(SELECT count(*)::int FROM "${table}") AS c${index}`).join(', ')}`;
      const row = (await tx.query<Record<string, number>>(sql)).rows[0]!;
      return Object.fromEntries(tables.map((table, index) => [table, row[`c${index}`]!]));
    });

  beforeAll(async () => {
    t = await createTestApp();
    scenario = await seedOperationsScenario(t.db, buildDefaultRegistry(), await authenticateApiKey(t.db, t.keys.rep), 50481);
    cookie = await t.signIn('admin');
    secret = await getWebhookSecret(t.db, t.tenantA.id);
    tables = await asOperator(t.db, async (tx) =>
      (
        await tx.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
        )
      ).rows.map((row) => row.name),
    );
  }, 300_000);
  afterAll(() => t.close());

  /** The rate limiter's clock moves on an hour per request: thousands of probes must not turn into 429s. */
  const refill = () => {
    t.clock.now += 3_600_000;
  };
  const mcp = (method: string, params: unknown) => {
    refill();
    return mcpRequest(t.app, t.keys.admin, method, params);
  };

  /** One request; checks the answer's status and shape, and that a refused request wrote nothing. */
  async function probe(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<number> {
    const before = await rowCounts();
    refill();
    const response = await t.app.request(`http://localhost${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.keys.admin}`, Accept: 'application/json', 'Content-Type': 'application/json', ...init.headers },
      ...(init.body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body: init.body } : {}),
    });
    const text = await response.text();
    const where = `${method} ${path.slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`;
    expect(response.status, where).toBeLessThan(500);
    const isPage = (response.headers.get('Content-Type') ?? '').includes('text/html');
    if (response.status >= 400 && !isPage) {
      expect(() => JSON.parse(text), where).not.toThrow();
      expect(JSON.parse(text).error?.code, where).toEqual(expect.any(String));
    }
    // A refused request leaves no row behind — except an event delivery, which is kept as a dead letter by design.
    if (response.status >= 400) {
      const after = await rowCounts();
      const kept = path.startsWith('/v1/events') ? ['dead_letter_events'] : [];
      const grown = tables.filter((table) => after[table]! > before[table]! && !kept.includes(table));
      expect(grown, where).toEqual([]);
    }
    return response.status;
  }

  /** Every route the app serves, with a method and a path pattern. */
  const routes = () =>
    [
      ...new Map(
        t.app.routes
          .filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
          .map((route) => [`${route.method} ${route.path}`, route] as const),
      ).values(),
    ].filter((route) => route.path !== '/v1/events');

  it('answers every HTTP route without a 5xx, for any path parameter, query and body', async () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(30);
    for (const route of all) {
      const params = (route.path.match(/:[A-Za-z]+/g) ?? []).length;
      await fc.assert(
        fc.asyncProperty(
          fc.array(pathSegment, { minLength: params, maxLength: params }),
          queryString,
          nastyBody,
          async (segments, query, body) => {
            let index = 0;
            const path = route.path.replace(/:[A-Za-z]+/g, () => segments[index++]!);
            await probe(route.method, `${path}${query ? `?${query}` : ''}`, {
              body,
              headers:
                route.path.startsWith('/v1') || route.path === '/mcp'
                  ? {}
                  : { Cookie: cookie, Accept: 'text/html', Origin: 'http://localhost' },
            });
          },
        ),
        { numRuns: RUNS },
      );
    }
  }, 1_800_000);

  it('answers signed event deliveries of any shape with 2xx or 4xx, per event', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          nastyBody,
          fc.array(nastyValue, { minLength: 1, maxLength: 5 }).map((events) => JSON.stringify({ events })),
          nastyValue.map((data) => JSON.stringify({ id: 'fuzz-1', type: 'order.created', occurredAt: '2025-05-01T10:00:00Z', data })),
        ),
        async (body) => {
          const status = await probe('POST', '/v1/events', {
            body,
            headers: { 'X-Copilot-Tenant': 'tenant-a', 'X-Copilot-Signature': signEventBody(secret, body), Authorization: '' },
          });
          expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS * 4 },
    );
  }, 900_000);

  it('answers every MCP tool, resource and prompt without an internal error', async () => {
    const list = await mcp('tools/list', {});
    const tools = (list.result as { tools: Array<{ name: string; inputSchema: { properties?: Record<string, unknown> } }> }).tools;
    expect(tools.length).toBeGreaterThan(20);
    const internal = (answer: Awaited<ReturnType<typeof mcpRequest>>, where: string) => {
      expect(answer.status, where).toBeLessThan(500);
      expect(answer.error?.code, where).not.toBe(-32603);
      expect(answer.text, where).not.toMatch(/internal: the tool call failed|invalid byte sequence|unsupported Unicode escape/);
    };
    for (const tool of tools) {
      const fields = Object.keys(tool.inputSchema.properties ?? {});
      const shaped = fields.length
        ? fc.record(Object.fromEntries(fields.map((field) => [field, nastyValue])), { requiredKeys: [] })
        : fc.constant({});
      await fc.assert(
        fc.asyncProperty(fc.oneof(shaped, nastyValue), async (args) => {
          internal(await mcp('tools/call', { name: tool.name, arguments: args }), `${tool.name} ${JSON.stringify(args)?.slice(0, 200)}`);
        }),
        { numRuns: RUNS },
      );
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('runbook', 'exception', 'proposal'), pathSegment, async (scheme, id) => {
        internal(await mcp('resources/read', { uri: `${scheme}://${id}` }), `${scheme}://${id}`);
      }),
      { numRuns: RUNS * 3 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('triage_exception', 'explain_order', 'summarize_exceptions'), nastyValue, async (name, value) => {
        const args = { exceptionId: value, orderNumber: value, type: value };
        internal(await mcp('prompts/get', { name, arguments: args }), `${name} ${JSON.stringify(value)?.slice(0, 100)}`);
      }),
      { numRuns: RUNS * 2 },
    );
  }, 1_800_000);

  it('is still up, and no table holds a half-written row', async () => {
    expect((await t.app.request('http://localhost/healthz')).status).toBe(200);
    const broken = await asOperator(
      t.db,
      async (tx) =>
        (
          await tx.query<Record<string, number>>(
            `SELECT
             (SELECT count(*)::int FROM agent_threads t WHERE NOT EXISTS (SELECT 1 FROM agent_thread_messages m WHERE m.thread_id = t.id)) AS "threads without a turn",
             (SELECT count(*)::int FROM agent_runs WHERE status = 'running') AS "runs still running",
             (SELECT count(*)::int FROM proposals WHERE status = 'approved') AS "proposals stuck mid-way"`,
          )
        ).rows[0]!,
    );
    expect(broken).toEqual({ 'threads without a turn': 0, 'runs still running': 0, 'proposals stuck mid-way': 0 });
    // The seeded scenario's proposals are still there and decidable (nothing above corrupted them).
    const pending = await t.request(`/v1/proposals/${scenario.holdProposalId}`, { key: 'approver' });
    expect(pending.status).toBe(200);
  });
});
