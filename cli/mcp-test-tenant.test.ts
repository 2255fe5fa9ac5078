import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.ts';
import type { Database } from '../core/db/database.ts';
import { createApiKey } from '../core/identity/api-keys.ts';
import { createTestDb } from '../core/testing/test-db.ts';
import { createTenant, findTenant } from '../core/tenants/tenants.ts';
import { createApp } from '../web/app.ts';
import { createLogger } from '../web/logging/logger.ts';
import { startServer, type RunningServer } from '../web/server.ts';
import { assertLoopbackForTestMode, isLoopbackHost, MCP_TEST_USER, prepareMcpTestTenant } from './mcp-test-tenant.ts';

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test-mode', version: '1' } },
});

let db: Database;
let server: RunningServer;

beforeAll(async () => {
  db = await createTestDb();
  const principal = await prepareMcpTestTenant(db, 'mcp-test-unit');
  const app = createApp({
    db,
    config: loadConfig({ COPILOT_LOG_LEVEL: 'silent' }),
    logger: createLogger({ level: 'silent' }),
    mcpTestPrincipal: principal,
  });
  server = await startServer(app, 0, '127.0.0.1');
});
afterAll(async () => {
  await server?.close();
  await db?.close();
});

const post = (headers: Record<string, string> = {}, body = INITIALIZE) =>
  fetch(`${server.url}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    body,
  });

describe('MCP test mode (serve --mcp-test-tenant)', () => {
  it('creates the throwaway tenant and its service user once; preparing again reuses them', async () => {
    const again = await prepareMcpTestTenant(db, 'mcp-test-unit');
    expect(again).toMatchObject({ tenantSlug: 'mcp-test-unit', userName: MCP_TEST_USER, roles: ['rep', 'approver', 'admin', 'evaluator'] });
    expect((await findTenant(db, 'mcp-test-unit'))?.id).toBe(again.tenantId);
  });

  it('refuses slugs that do not mark a test tenant, so a real tenant can never be served without credentials', async () => {
    await createTenant(db, { slug: 'acme', name: 'Acme' });
    await expect(prepareMcpTestTenant(db, 'acme')).rejects.toMatchObject({
      code: 'validation_failed',
      message: /must start with "mcp-test-"/,
    });
    await expect(prepareMcpTestTenant(db, 'mcp-test-')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('is refused on any interface but loopback', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'copilot.example.com', '127.0.0.1.nip.io']) {
      expect(isLoopbackHost(host)).toBe(false);
      expect(() => assertLoopbackForTestMode(host)).toThrow(/refused on .*listen on 127\.0\.0\.1/);
    }
  });

  it('serves a request without credentials as the test tenant’s service user', async () => {
    const response = await post();
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { instructions: string } };
    expect(body.result.instructions).toContain(`tenant "mcp-test-unit", acting as ${MCP_TEST_USER}`);
  });

  it('still judges any credential that is presented: a bad key is 401, a good key acts as its own tenant', async () => {
    expect((await post({ Authorization: 'Bearer ocp_notakey' })).status).toBe(401);
    const acme = (await findTenant(db, 'acme'))!;
    const { key } = await createApiKey(db, { tenantId: acme.id, roles: ['rep'], userName: 'rita' });
    const response = await post({ Authorization: `Bearer ${key}` });
    expect(((await response.json()) as { result: { instructions: string } }).result.instructions).toContain('tenant "acme"');
  });

  it('leaves the rest of the API authenticated', async () => {
    expect((await fetch(`${server.url}/v1/me`)).status).toBe(401);
  });
});
