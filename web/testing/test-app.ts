/** Test harness for HTTP routes: a fresh database, two tenants with a key per role, the app, a log sink. */
import { loadConfig, type Config } from '../../core/config.ts';
import type { Database } from '../../core/db/database.ts';
import { createApiKey } from '../../core/identity/api-keys.ts';
import type { Role } from '../../core/identity/roles.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { createTenant, type Tenant } from '../../core/tenants/tenants.ts';
import { createApp, type AppDependencies } from '../app.ts';
import { createLogger } from '../logging/logger.ts';

export type KeyName = Role | 'otherAdmin' | 'otherRep' | 'otherApprover';

export interface TestApp {
  db: Database;
  config: Config;
  app: ReturnType<typeof createApp>;
  tenantA: Tenant;
  tenantB: Tenant;
  keys: Record<KeyName, string>;
  logLines: string[];
  clock: { now: number };
  request(
    path: string,
    options?: { key?: KeyName | string; method?: string; json?: unknown; headers?: Record<string, string>; body?: BodyInit },
  ): Promise<Response>;
  /** Signs in through POST /sign-in and returns the Cookie header value for the session. */
  signIn(key: KeyName): Promise<string>;
  /** GET a page with a session cookie. */
  page(path: string, cookie: string): Promise<Response>;
  close(): Promise<void>;
}

export async function createTestApp(
  env: Record<string, string> = {},
  extra: Pick<AppDependencies, 'evalReports' | 'oidcClient'> = {},
): Promise<TestApp> {
  const db = await createTestDb();
  const config = loadConfig({ COPILOT_LOG_LEVEL: 'debug', ...env });
  const logLines: string[] = [];
  const clock = { now: 1_000_000 };
  const logger = createLogger({ level: config.COPILOT_LOG_LEVEL, write: (line) => logLines.push(line) });
  const app = createApp({ db, config, logger, now: () => clock.now, ...extra });
  const tenantA = await createTenant(db, { slug: 'tenant-a', name: 'Tenant A' });
  const tenantB = await createTenant(db, { slug: 'tenant-b', name: 'Tenant B' });
  const issue = async (tenant: Tenant, roles: Role[], userName: string) =>
    (await createApiKey(db, { tenantId: tenant.id, roles, userName })).key;
  const keys: Record<KeyName, string> = {
    rep: await issue(tenantA, ['rep'], 'rita-rep'),
    approver: await issue(tenantA, ['approver'], 'arne-approver'),
    admin: await issue(tenantA, ['admin'], 'ada-admin'),
    evaluator: await issue(tenantA, ['evaluator'], 'eve-evaluator'),
    integration: await issue(tenantA, ['integration'], 'ian-integration'),
    otherAdmin: await issue(tenantB, ['admin'], 'bob-admin'),
    otherRep: await issue(tenantB, ['rep'], 'bea-rep'),
    otherApprover: await issue(tenantB, ['approver'], 'ben-approver'),
  };
  return {
    db,
    config,
    app,
    tenantA,
    tenantB,
    keys,
    logLines,
    clock,
    request(path, options = {}) {
      const headers = new Headers(options.headers);
      if (options.key) headers.set('Authorization', `Bearer ${keys[options.key as KeyName] ?? options.key}`);
      let body = options.body;
      if (options.json !== undefined) {
        headers.set('Content-Type', 'application/json');
        body = JSON.stringify(options.json);
      }
      return Promise.resolve(app.request(`http://localhost${path}`, { method: options.method ?? 'GET', headers, body }));
    },
    async signIn(key) {
      const response = await app.request('http://localhost/sign-in', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' },
        body: new URLSearchParams({ apiKey: keys[key] }).toString(),
      });
      if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}`);
      return (response.headers.get('Set-Cookie') ?? '').split(';')[0]!;
    },
    page: (path, cookie) => Promise.resolve(app.request(`http://localhost${path}`, { headers: { Cookie: cookie } })),
    close: () => db.close(),
  };
}
