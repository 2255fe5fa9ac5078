import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

interface Operation {
  security?: unknown[];
  'x-roles'?: string[];
}

/** Every operation in the OpenAPI document, with sample path parameters filled in. */
async function operations(t: TestApp): Promise<Array<{ method: string; path: string; operation: Operation }>> {
  const document = (await (await t.request('/openapi.json')).json()) as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
      operation,
    })),
  );
}

describe('guards on every documented route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('documents a bearer requirement on every route and answers 401 without a key', async () => {
    const all = await operations(t);
    expect(all.length).toBeGreaterThan(20);
    for (const { method, path, operation } of all) {
      expect(operation.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }]);
      const response = await t.request(path, { method, ...(method === 'GET' ? {} : { json: {} }) });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get('WWW-Authenticate'), `${method} ${path}`).toMatch(/^Bearer /);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('answers 403 to a key without one of the route’s roles, before looking at the input', async () => {
    let checked = 0;
    for (const { method, path, operation } of await operations(t)) {
      const roles = operation['x-roles'];
      if (!roles) continue;
      const outsider = (['integration', 'rep', 'evaluator', 'approver'] as const).find((role) => !roles.includes(role));
      if (!outsider) continue;
      const response = await t.request(path, { key: outsider, method, ...(method === 'GET' ? {} : { json: {} }) });
      expect(response.status, `${method} ${path} as ${outsider}`).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'forbidden', details: { requiredRoles: roles } } });
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
