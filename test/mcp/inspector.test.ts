/**
 * The official MCP Inspector (CLI mode) against `copilot mcp` over stdio and against /mcp over
 * Streamable HTTP with a bearer key: tools/list and tools/call, as a user of the product would run it.
 * Downloads Node 22 and the Inspector from the npm registry on first use, hence the long timeouts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicyTestContext, type PolicyTestContext } from '../../policies/testing/policy-test-context.ts';
import type { RunningServer } from '../../web/server.ts';
import { serveTestApp } from './http-server.ts';
import { ensureNode22, runInspector } from './inspector.ts';
import { prepareDataDir, type PreparedDataDir } from './prepare-data-dir.ts';
import { COPILOT_BIN } from './spawn-copilot.ts';

const SLOW = 600_000;

interface ToolList {
  tools: Array<{ name: string; annotations?: Record<string, boolean> }>;
}
interface ToolResult {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
}

beforeAll(async () => {
  await ensureNode22();
}, SLOW);

describe('MCP Inspector over stdio (copilot mcp)', () => {
  let data: PreparedDataDir;
  beforeAll(async () => {
    data = await prepareDataDir();
  }, SLOW);
  afterAll(async () => {
    await data?.remove();
  });

  // The server runs on this Node, not on the Node 22 that npx puts first on PATH for the Inspector.
  const server = (key: string) => [
    '-e',
    `COPILOT_DATA_DIR=${data.dir}`,
    '-e',
    `COPILOT_API_KEY=${key}`,
    '-e',
    'COPILOT_LOG_LEVEL=warn',
    process.execPath,
    COPILOT_BIN,
    'mcp',
  ];

  it(
    'lists the tools with annotations',
    async () => {
      const { output, raw } = await runInspector(['--method', 'tools/list', ...server(data.keys.repA)]);
      expect(output.error, raw.stderr).toBeUndefined();
      const tools = (output.result as ToolList).tools;
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['get_order', 'place_order_hold']));
      expect(tools.find((tool) => tool.name === 'get_order')?.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
      expect(tools.find((tool) => tool.name === 'place_order_hold')?.annotations).toMatchObject({ readOnlyHint: false });
    },
    SLOW,
  );

  it(
    'calls a read tool and a write tool the policy allows',
    async () => {
      const read = await runInspector([
        '--method',
        'tools/call',
        '--tool-name',
        'get_order',
        '--tool-args-json',
        '{"order":"10482"}',
        ...server(data.keys.repA),
      ]);
      expect(read.output.error, read.raw.stderr).toBeUndefined();
      expect(read.output.result as ToolResult).toMatchObject({
        isError: false,
        structuredContent: { status: 'ok', result: { orderNumber: '10482' } },
      });

      const write = await runInspector([
        '--method',
        'tools/call',
        '--tool-name',
        'place_order_hold',
        '--tool-args-json',
        '{"order":"10483","reasonCode":"CUSTOMER-REQ","note":"Customer asked to hold"}',
        ...server(data.keys.repA),
      ]);
      expect(write.output.result as ToolResult).toMatchObject({
        isError: false,
        structuredContent: { decision: 'allow', status: 'executed' },
      });
    },
    SLOW,
  );
});

describe('MCP Inspector over Streamable HTTP (/mcp)', () => {
  let context: PolicyTestContext;
  let http: RunningServer;
  beforeAll(async () => {
    context = await createPolicyTestContext();
    http = await serveTestApp(context.db, context.registry);
  }, SLOW);
  afterAll(async () => {
    await http?.close();
    await context?.db.close();
  });

  const target = () => ['--transport', 'http', '--server-url', `${http.url}/mcp`];

  it(
    'lists tools and calls read and write tools with a bearer key',
    async () => {
      const auth = ['--header', `Authorization: Bearer ${context.rep.key}`];
      const list = await runInspector([...target(), ...auth, '--method', 'tools/list']);
      expect(list.output.error, list.raw.stderr).toBeUndefined();
      expect((list.output.result as ToolList).tools.map((tool) => tool.name).sort()).toEqual([
        'test_add_note',
        'test_failing_write',
        'test_get_order',
        'test_issue_refund',
      ]);

      const read = await runInspector([
        ...target(),
        ...auth,
        '--method',
        'tools/call',
        '--tool-name',
        'test_get_order',
        '--tool-args-json',
        '{"orderRef":"A-1"}',
      ]);
      expect(read.output.result as ToolResult).toMatchObject({
        isError: false,
        structuredContent: { status: 'ok', result: { ref: 'A-1' } },
      });

      const pending = await runInspector([
        ...target(),
        ...auth,
        '--method',
        'tools/call',
        '--tool-name',
        'test_issue_refund',
        '--tool-args-json',
        '{"orderRef":"A-2","amount":120}',
      ]);
      expect(pending.output.result as ToolResult).toMatchObject({
        isError: false,
        structuredContent: { decision: 'require_approval', status: 'pending_approval' },
      });
    },
    SLOW,
  );

  it(
    'is refused without the key',
    async () => {
      // --stored-auth-only: no interactive OAuth attempt; the 401 is reported as is.
      const refused = await runInspector([...target(), '--stored-auth-only', '--method', 'tools/list']);
      expect(refused.raw.code).not.toBe(0);
      expect(refused.output.result).toBeUndefined();
      expect(refused.output.error?.message).toMatch(/unauthorized/);
    },
    SLOW,
  );
});
