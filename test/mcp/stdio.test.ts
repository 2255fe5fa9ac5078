/**
 * `copilot mcp` as a real child process on an embedded database directory, driven by the SDK's own
 * stdio client: role-filtered tools, reads, writes that run, wait for approval or are refused by the
 * tenant policy, approval by another user, tenant isolation, and clear start-up errors.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { textOf } from './in-memory-client.ts';
import { prepareDataDir, type PreparedDataDir } from './prepare-data-dir.ts';
import { COPILOT_BIN, connectStdio, REPO_ROOT, runCopilot, serverEnvironment, type StdioSession } from './spawn-copilot.ts';

let data: PreparedDataDir;
/** Each case starts `copilot mcp` (tsx, PGlite, migrations check): seconds each, more on a busy machine. */
const SPAWN_TIMEOUT = 180_000;

beforeAll(async () => {
  data = await prepareDataDir();
}, SPAWN_TIMEOUT);
afterAll(async () => {
  await data?.remove();
});

/** One server process at a time: the embedded database directory admits a single process. */
async function withSession<T>(apiKey: string, clientName: string, fn: (session: StdioSession) => Promise<T>): Promise<T> {
  const session = await connectStdio(data.dir, apiKey, clientName);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

describe('copilot mcp (stdio)', () => {
  let pendingId = '';

  it(
    'serves a rep the tools of their roles; writes go through the tenant policy',
    async () => {
      await withSession(data.keys.repA, 'stdio-e2e-client', async ({ client, stderr }) => {
        const names = (await client.listTools()).tools.map((tool) => tool.name);
        expect(names).toEqual(
          expect.arrayContaining(['get_order', 'search_orders', 'list_exceptions', 'place_order_hold', 'issue_refund']),
        );
        expect(names).not.toContain('approve_proposal');
        expect(client.getServerVersion()).toMatchObject({ name: 'ops-copilot' });

        const order = await client.callTool({ name: 'get_order', arguments: { order: '10482' } });
        expect(order.isError).toBe(false);
        expect(order.structuredContent).toMatchObject({ decision: 'allow', status: 'ok', result: { orderNumber: '10482' } });

        const executed = await client.callTool({
          name: 'place_order_hold',
          arguments: { order: '10482', reasonCode: 'CUSTOMER-REQ', note: 'Customer asked to wait for a second item' },
        });
        expect(executed).toMatchObject({
          isError: false,
          structuredContent: { decision: 'allow', status: 'executed', rule: 'hold-customer-request' },
        });

        const pending = await client.callTool({
          name: 'place_order_hold',
          arguments: { order: '10483', reasonCode: 'DUP-CHECK', note: 'Looks like a duplicate of 10482' },
        });
        expect(pending).toMatchObject({ isError: false, structuredContent: { decision: 'require_approval', status: 'pending_approval' } });
        pendingId = (pending.structuredContent as { proposalId: string }).proposalId;

        const denied = await client.callTool({
          name: 'place_order_hold',
          arguments: { order: '10483', reasonCode: 'FRAUD-REVIEW', note: 'Suspicious' },
        });
        expect(denied).toMatchObject({
          isError: false,
          structuredContent: { decision: 'deny', status: 'denied', rule: 'hold-fraud-refused' },
        });

        const invalid = await client.callTool({
          name: 'place_order_hold',
          arguments: { order: '10483', reasonCode: 'NOT-A-CODE', note: 'x' },
        });
        expect(invalid.isError).toBe(true);
        expect(textOf(invalid)).toMatch(/reasonCode/);

        expect(stderr()).toMatch(/MCP server on stdio for rita-rep@acme-supply/);
      });
    },
    SPAWN_TIMEOUT,
  );

  it(
    'serves exceptions and runbooks as resources and the prompts with tenant data',
    async () => {
      await withSession(data.keys.repA, 'stdio-resources', async ({ client }) => {
        const templates = (await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate);
        expect(templates.sort()).toEqual(['exception://{id}', 'proposal://{id}', 'runbook://{id}']);
        const exceptions = (await client.listResources()).resources.filter((resource) => resource.uri.startsWith('exception://'));
        expect(exceptions).toHaveLength(1);
        const read = await client.readResource({ uri: exceptions[0]!.uri });
        const exception = JSON.parse((read.contents[0] as { text: string }).text) as {
          id: string;
          type: string;
          codes: { orderNumber?: string };
        };
        expect(exception).toMatchObject({ type: 'duplicate_order', codes: { orderNumber: '10483' } });

        const triage = await client.getPrompt({ name: 'triage_exception', arguments: { exceptionId: exception.id } });
        expect(triage.messages[1]!.content).toMatchObject({ type: 'resource', resource: { uri: `exception://${exception.id}` } });
        const summary = await client.getPrompt({ name: 'summarize_exceptions', arguments: {} });
        expect((summary.messages[1]!.content as { text: string }).text).toContain(exception.id);
        const explain = await client.getPrompt({ name: 'explain_order', arguments: { orderNumber: '10482' } });
        expect((explain.messages[0]!.content as { text: string }).text).toMatch(/`get_order`/);
      });
    },
    SPAWN_TIMEOUT,
  );

  it(
    'lets an approver decide the pending proposal, which names the MCP client it came from',
    async () => {
      expect(pendingId).not.toBe('');
      await withSession(data.keys.approverA, 'stdio-approver', async ({ client }) => {
        const listed = await client.callTool({ name: 'list_proposals', arguments: {} });
        const proposals = (listed.structuredContent as { proposals: Array<{ id: string; origin: unknown; tool: string }> }).proposals;
        expect(proposals.find((proposal) => proposal.id === pendingId)).toMatchObject({
          tool: 'place_order_hold',
          origin: { kind: 'mcp', ref: 'stdio-e2e-client' },
        });
        const approved = await client.callTool({
          name: 'approve_proposal',
          arguments: { proposalId: pendingId, comment: 'checked: duplicate' },
        });
        expect(approved).toMatchObject({ isError: false, structuredContent: { status: 'executed', proposalId: pendingId } });
      });
    },
    SPAWN_TIMEOUT,
  );

  it(
    'never shows tenant B tenant A’s data',
    async () => {
      await withSession(data.keys.repB, 'stdio-tenant-b', async ({ client }) => {
        expect((await client.listResources()).resources.filter((resource) => resource.uri.startsWith('exception://'))).toEqual([]);
        const foreign = await client.callTool({ name: 'get_order', arguments: { order: '10482' } });
        expect(foreign.structuredContent).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
        const own = await client.callTool({ name: 'get_order', arguments: { order: '20001' } });
        expect(own.structuredContent).toMatchObject({ status: 'ok', result: { orderNumber: '20001' } });
        const search = await client.callTool({ name: 'search_orders', arguments: {} });
        expect(JSON.stringify(search.structuredContent)).not.toContain('10482');
        await expect(client.readResource({ uri: `proposal://${pendingId}` })).rejects.toMatchObject({ code: -32002 });
      });
    },
    SPAWN_TIMEOUT,
  );

  it(
    'answers every malformed line with a JSON-RPC error (never an internal error or silence) and keeps serving',
    async () => {
      const child = spawn(process.execPath, [COPILOT_BIN, 'mcp'], { env: serverEnvironment(data.dir, data.keys.repA), cwd: REPO_ROOT });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const replies = () =>
        stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { id?: number; error?: { code: number; message: string }; result?: unknown });
      const send = (line: string) => child.stdin.write(`${line}\n`);
      send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 0,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
        }),
      );
      await vi.waitFor(() => expect(replies()).toHaveLength(1), { timeout: SPAWN_TIMEOUT, interval: 200 });
      send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      const malformed = [
        '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":"x"}',
        '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":5}}',
        '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"get_order","arguments":"str"}}',
        '{"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":5}}',
        '{"jsonrpc":"2.0","id":5,"method":"prompts/get","params":{"name":"triage_exception","arguments":{"exceptionId":["x"]}}}',
        '{"jsonrpc":"2.0","id":6,"method":"tools/list","params":{"cursor":{"a":1}}}',
        '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"get_order","arguments":{"order":"a\\u0000b"}}}',
        `{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"get_order","arguments":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`,
        'not json at all',
      ];
      for (const line of malformed) send(line);
      send('{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"get_order","arguments":{"order":"10482"}}}');
      await vi.waitFor(() => expect(replies()).toHaveLength(11), { timeout: 60_000, interval: 200 });
      const byId = new Map(replies().map((reply) => [reply.id, reply]));
      expect(byId.get(1)?.error?.code).toBe(-32600);
      for (const id of [2, 3, 4, 5, 6, 8]) expect(byId.get(id)?.error?.code, `request ${id}`).toBe(-32602);
      expect(byId.get(7)).toMatchObject({ result: { isError: true } }); // the tool's own validation names the field
      expect(byId.get(undefined)?.error?.code).toBe(-32700);
      expect(byId.get(9)).toMatchObject({ result: { isError: false, structuredContent: { status: 'ok' } } });
      expect(stdout).not.toContain('-32603');
      child.stdin.end();
      expect(await exited).toBe(0);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'refuses to start without COPILOT_API_KEY, or with a revoked key, saying so on stderr',
    async () => {
      const missing = await runCopilot(['mcp'], serverEnvironment(data.dir));
      expect(missing.code).not.toBe(0);
      expect(missing.stdout).toBe('');
      expect(missing.stderr).toMatch(/COPILOT_API_KEY is not set/);

      const revoked = await runCopilot(['mcp'], serverEnvironment(data.dir, data.keys.revokedA));
      expect(revoked.code).not.toBe(0);
      expect(revoked.stdout).toBe('');
      expect(revoked.stderr).toMatch(/COPILOT_API_KEY was not accepted/);
    },
    SPAWN_TIMEOUT,
  );
});
