import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries, verifyAuditChain } from '../../policies/index.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('identity API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /v1/me describes the caller', async () => {
    const response = await t.request('/v1/me', { key: 'approver' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      tenantId: t.tenantA.id,
      tenantSlug: 'tenant-a',
      userName: 'arne-approver',
      roles: ['approver'],
      authMethod: 'bearer',
    });
  });

  it('GET /v1/tenants/current returns the key’s tenant only', async () => {
    const a = await t.request('/v1/tenants/current', { key: 'rep' });
    expect(await a.json()).toMatchObject({ id: t.tenantA.id, slug: 'tenant-a', name: 'Tenant A', timezone: 'UTC' });
    const b = await t.request('/v1/tenants/current', { key: 'otherRep' });
    expect(await b.json()).toMatchObject({ id: t.tenantB.id, slug: 'tenant-b' });
    expect((await t.request('/v1/tenants/current')).status).toBe(401);
  });

  describe('API keys', () => {
    it('requires a key (401) and the admin role (403)', async () => {
      expect((await t.request('/v1/api-keys')).status).toBe(401);
      for (const key of ['rep', 'approver', 'evaluator', 'integration'] as const) {
        const response = await t.request('/v1/api-keys', { key });
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ error: { code: 'forbidden', details: { requiredRoles: ['admin'] } } });
      }
      expect((await t.request('/v1/api-keys', { key: 'rep', method: 'POST', json: { roles: ['admin'] } })).status).toBe(403);
    });

    it('lists only the caller’s tenant’s keys, never a secret', async () => {
      const response = await t.request('/v1/api-keys', { key: 'admin' });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { apiKeys: Array<{ userName: string; prefix: string }> };
      expect(body.apiKeys.map((key) => key.userName).sort()).toEqual([
        'ada-admin',
        'arne-approver',
        'eve-evaluator',
        'ian-integration',
        'rita-rep',
      ]);
      const text = JSON.stringify(body);
      for (const key of Object.values(t.keys)) expect(text).not.toContain(key);
    });

    it('creates a key that works at once and is shown only in the creation response', async () => {
      const response = await t.request('/v1/api-keys', {
        key: 'admin',
        method: 'POST',
        json: { roles: ['rep', 'approver'], userName: 'new-person', name: 'laptop' },
      });
      expect(response.status).toBe(201);
      const created = (await response.json()) as { key: string; roles: string[]; userName: string };
      expect(created).toMatchObject({ roles: ['rep', 'approver'], userName: 'new-person' });
      const me = await t.request('/v1/me', { key: created.key });
      expect(await me.json()).toMatchObject({ userName: 'new-person', tenantId: t.tenantA.id });
    });

    it("never mints a key as another existing user (no approving one's own proposal under another name)", async () => {
      const me = (await (await t.request('/v1/me', { key: 'admin' })).json()) as { userName: string };
      const rep = (await (await t.request('/v1/me', { key: 'rep' })).json()) as { userName: string };
      const asOther = await t.request('/v1/api-keys', {
        key: 'admin',
        method: 'POST',
        json: { roles: ['approver'], userName: rep.userName },
      });
      expect(asOther.status).toBe(409);
      expect(((await asOther.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining(rep.userName),
      });
      const asSelf = await t.request('/v1/api-keys', { key: 'admin', method: 'POST', json: { roles: ['admin'], userName: me.userName } });
      expect(asSelf.status).toBe(201);
      const unnamed = await Promise.all(
        [1, 2].map(async () => (await t.request('/v1/api-keys', { key: 'admin', method: 'POST', json: { roles: ['rep'] } })).json()),
      );
      expect(unnamed.map((key) => (key as { userName: string }).userName)).toSatisfy((names: string[]) => names[0] !== names[1]);
    });

    it('rejects invalid bodies with 400 naming the field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ roles: [] }, 'roles'],
        [{ roles: ['superuser'] }, 'roles.0'],
        [{}, 'roles'],
        [{ roles: ['rep'], name: '' }, 'name'],
        [{ roles: ['rep'], tenantId: t.tenantB.id }, '(root)'],
      ];
      for (const [json, field] of cases) {
        const response = await t.request('/v1/api-keys', { key: 'admin', method: 'POST', json });
        expect(response.status).toBe(400);
        const body = (await response.json()) as { error: { code: string; message: string; details: { issues: Array<{ path: string }> } } };
        expect(body.error.code).toBe('validation_failed');
        expect(body.error.details.issues.map((issue) => issue.path)).toContain(field);
        expect(body.error.message).toContain('request body');
      }
    });

    it('revokes a key of its own tenant and answers 404 for another tenant’s key', async () => {
      const list = async (key: 'admin' | 'otherAdmin') =>
        (
          (await (await t.request('/v1/api-keys', { key })).json()) as {
            apiKeys: Array<{ id: string; userName: string; revokedAt: string | null }>;
          }
        ).apiKeys;
      const otherTenantKey = (await list('otherAdmin')).find((key) => key.userName === 'bea-rep')!;
      const foreign = await t.request(`/v1/api-keys/${otherTenantKey.id}`, { key: 'admin', method: 'DELETE' });
      expect(foreign.status).toBe(404);
      expect((await t.request('/v1/me', { key: 'otherRep' })).status).toBe(200);

      const own = (await list('admin')).find((key) => key.userName === 'ian-integration')!;
      const revoked = await t.request(`/v1/api-keys/${own.id}`, { key: 'admin', method: 'DELETE' });
      expect(revoked.status).toBe(200);
      expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).toEqual(expect.any(String));
      expect((await t.request('/v1/me', { key: 'integration' })).status).toBe(401);

      const malformed = await t.request('/v1/api-keys/not-a-uuid', { key: 'admin', method: 'DELETE' });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({ error: { details: { issues: [{ path: 'keyId' }] } } });
    });

    it("records key creation and revocation in the tenant's audit chain, with the acting key", async () => {
      const admin = (await (await t.request('/v1/me', { key: 'admin' })).json()) as { userId: string; keyId?: string };
      const created = (await (
        await t.request('/v1/api-keys', { key: 'admin', method: 'POST', json: { roles: ['rep'], userName: 'audited-person' } })
      ).json()) as { id: string; prefix: string };
      expect((await t.request(`/v1/api-keys/${created.id}`, { key: 'admin', method: 'DELETE' })).status).toBe(200);
      const entries = (await listAuditEntries(t.db, t.tenantA.id, { entityType: 'api_key', limit: 50 })).filter(
        (entry) => entry.entityId === created.id,
      );
      expect(entries.map((entry) => entry.action).sort()).toEqual(['api_key.created', 'api_key.revoked']);
      for (const entry of entries) expect(entry.actor).toMatchObject({ kind: 'user', userId: admin.userId, keyId: expect.any(String) });
      expect(entries.find((entry) => entry.action === 'api_key.created')!.after).toMatchObject({
        prefix: created.prefix,
        userName: 'audited-person',
        roles: ['rep'],
      });
      expect(JSON.stringify(entries)).not.toMatch(/ocp_/);
      expect((await verifyAuditChain(t.db, t.tenantA.id)).ok).toBe(true);
    });
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const response = await t.request('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: unknown };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/v1/me', '/v1/api-keys', '/v1/api-keys/{keyId}', '/v1/tenants/current']),
    );
    expect(document.paths['/v1/api-keys']).toHaveProperty('post');
    expect(document.components.securitySchemes).toHaveProperty('bearerAuth');
  });
});
