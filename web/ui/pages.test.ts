import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReportSource } from '../eval-report-source.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

const reports: EvalReportSource = {
  async listReports() {
    return [
      {
        id: 'r1',
        suite: 'chat-regression',
        createdAt: '2024-05-01T10:00:00Z',
        cases: 10,
        passed: 9,
        failed: 1,
        score: 0.9,
        regressions: ['citation_precision'],
      },
    ];
  },
  async readReport(id) {
    return id === 'r1'
      ? { summary: (await this.listReports())[0]!, metrics: { citation_precision: 0.8 }, text: '# Report\n\nAll *good*.' }
      : undefined;
  },
};

describe('UI pages', () => {
  let t: TestApp;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp({}, { evalReports: reports });
    for (const key of ['rep', 'approver', 'admin', 'evaluator'] as const) cookies[key] = await t.signIn(key);
  });
  afterAll(() => t.close());

  it.each(['/', '/chat', '/exceptions', '/approvals', '/runs', '/runbooks', '/evals', '/settings/api-keys'])(
    'sends signed-out visitors of %s to sign in',
    async (path) => {
      const response = await t.request(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
    },
  );

  it.each([
    ['/', 'rep'],
    ['/chat', 'rep'],
    ['/exceptions', 'approver'],
    ['/approvals', 'approver'],
    ['/runs', 'evaluator'],
    ['/runbooks', 'rep'],
    ['/evals', 'evaluator'],
    ['/settings/api-keys', 'admin'],
  ])('renders %s for a %s as an accessible HTML page', async (path, role) => {
    const response = await t.page(path, cookies[role]!);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/html');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const html = await response.text();
    expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
    expect(html).toContain('<main id="main"');
    expect(html).toContain('aria-current="page"');
    expect(html).toMatch(/<h1>[^<]+<\/h1>/);
    // No inline scripts or styles: the CSP forbids them.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toContain(' style=');
  });

  it.each([
    ['/evals', 'rep'],
    ['/settings/api-keys', 'approver'],
    ['/chat', 'evaluator'],
  ])('answers %s for a %s with a 403 page', async (path, role) => {
    const response = await t.page(path, cookies[role]!);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Not allowed');
  });

  it('shows navigation entries by role', async () => {
    const rep = await (await t.page('/', cookies.rep!)).text();
    expect(rep).not.toContain('href="/settings/api-keys"');
    expect(rep).not.toContain('href="/evals"');
    const admin = await (await t.page('/', cookies.admin!)).text();
    expect(admin).toContain('href="/settings/api-keys"');
  });

  it('lists the tenant’s API keys for an admin, never a secret', async () => {
    const html = await (await t.page('/settings/api-keys', cookies.admin!)).text();
    expect(html).toContain('rita-rep');
    expect(html).not.toContain('bea-rep');
    for (const key of Object.values(t.keys)) expect(html).not.toContain(key);
  });

  it('lists evaluation reports from the eval report source', async () => {
    const list = await (await t.page('/evals', cookies.evaluator!)).text();
    expect(list).toContain('chat-regression');
    expect(list).toContain('90.0%');
    expect(list).toContain('citation_precision');
    const one = await t.page('/evals/r1', cookies.evaluator!);
    expect(one.status).toBe(200);
    expect(await one.text()).toContain('<em>good</em>');
    expect((await t.page('/evals/nope', cookies.evaluator!)).status).toBe(404);
  });

  it('serves assets with their content type and long caching only for the hashed URL', async () => {
    const page = await (await t.page('/chat', cookies.rep!)).text();
    const src = /src="(\/assets\/chat\.js\?v=[0-9a-f]{12})"/.exec(page)?.[1];
    expect(src).toBeDefined();
    const script = await t.request(src!);
    expect(script.headers.get('Content-Type')).toContain('text/javascript');
    expect(script.headers.get('Cache-Control')).toContain('immutable');
    const unversioned = await t.request('/assets/chat.js');
    expect(unversioned.headers.get('Cache-Control')).toBe('no-cache');
    expect((await t.request('/assets/../app.ts')).status).toBe(404);
    expect((await t.request('/assets/nope.js')).status).toBe(404);
  });
});
