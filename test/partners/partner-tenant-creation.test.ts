/**
 * POST /v1/partner/tenants: a partner admin creates a merchant tenant from a template version over
 * HTTP, granted to their partner, in one transaction and audited; partner operators, analysts and
 * tenant keys are refused; a template that no longer validates, an unknown version and a slug already
 * taken leave no tenant, no grant and no audit entry behind.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { createPartner, createPartnerKey, listGrants, requirePartner } from '../../core/partners/index.ts';
import { findTenant, listTenants } from '../../core/tenants/tenants.ts';
import { ingestDocuments, loadMarkdown } from '../../ingestion/index.ts';
import { listAuditEntries } from '../../policies/index.ts';
import { createEmbedder } from '../../retrieval/index.ts';
import { contentHash, getTemplateVersion, listTemplateLog, publishTemplateFrom, type TemplateContent } from '../../templates/index.ts';
import { createTestApp, type TestApp } from '../../web/testing/test-app.ts';

const EXAMPLE = new URL('../../templates/examples/standard-merchant', import.meta.url).pathname;
let t: TestApp;
const keys: Record<'admin' | 'operator' | 'analyst' | 'otherAdmin', string> = { admin: '', operator: '', analyst: '', otherAdmin: '' };

const create = (key: string, body: unknown) => t.request('/v1/partner/tenants', { key, method: 'POST', json: body });

beforeAll(async () => {
  t = await createTestApp();
  await publishTemplateFrom(t.db, EXAMPLE, { actor: 'test' });
  // Version 2 as an older product could have stored it, which today's policy schema refuses: the
  // creation re-validates a version before it writes anything.
  const v1 = await getTemplateVersion(t.db, { name: 'standard-merchant', version: 1 });
  const broken: TemplateContent = {
    ...v1.content,
    policy: { ...v1.content.policy, source: 'version: 1\nrules:\n  - id: x\n    decision: maybe\n' },
  };
  await asOperator(t.db, (tx) =>
    tx.query(
      `INSERT INTO tenant_templates (name, version, description, content, content_hash, published_by) VALUES ($1, 2, '', $2::jsonb, $3, 'test')`,
      ['standard-merchant', JSON.stringify(broken), contentHash(broken)],
    ),
  );
  await createPartner(t.db, { slug: 'north-msp', name: 'North MSP' });
  await createPartner(t.db, { slug: 'south-msp', name: 'South MSP' });
  keys.admin = (await createPartnerKey(t.db, { partner: 'north-msp', roles: ['partner_admin'], userName: 'nadia' })).key;
  keys.operator = (await createPartnerKey(t.db, { partner: 'north-msp', roles: ['partner_operator'], userName: 'olga' })).key;
  keys.analyst = (await createPartnerKey(t.db, { partner: 'north-msp', roles: ['partner_analyst'], userName: 'andy' })).key;
  keys.otherAdmin = (await createPartnerKey(t.db, { partner: 'south-msp', roles: ['partner_admin'], userName: 'sam' })).key;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

async function grantsOf(partner: string): Promise<string[]> {
  return (await listGrants(t.db, (await requirePartner(t.db, partner)).id)).map((grant) => grant.tenantSlug).sort();
}

describe('POST /v1/partner/tenants', () => {
  it('creates the tenant from the template version, granted to the caller’s partner, audited', async () => {
    const response = await create(keys.admin, { slug: 'north-shop', name: 'North Shop', template: 'standard-merchant', version: 1 });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject({
      tenant: { slug: 'north-shop', name: 'North Shop', timezone: 'Europe/Berlin', currency: 'USD' },
      template: { name: 'standard-merchant', version: 1 },
      policyVersion: 1,
      grantedTo: 'north-msp',
    });
    expect(created.users.find((user: { name: string }) => user.name === 'ops-lead').key).toMatch(/^ocp_/);
    expect(created.runbooks).toHaveLength(2);
    expect(await grantsOf('north-msp')).toEqual(['north-shop']);
    expect(await grantsOf('south-msp')).toEqual([]);

    // The partner works in it at once, with the template's calendar; the other partner cannot see it.
    const calendar = await t.request('/v1/tenants/current/sla-calendar', {
      key: keys.admin,
      headers: { 'X-Copilot-Tenant': 'north-shop' },
    });
    expect(calendar.status).toBe(200);
    expect(await calendar.json()).toMatchObject({ timezone: 'Europe/Berlin', custom: true, hours: { saturday: ['09:00-13:00'] } });
    const outsider = await t.request('/v1/me', { key: keys.otherAdmin, headers: { 'X-Copilot-Tenant': 'north-shop' } });
    expect(outsider.status).toBe(403);

    const audit = await listAuditEntries(t.db, created.tenant.id, { limit: 50 });
    const byAction = new Map(audit.map((entry) => [entry.action, entry]));
    expect(byAction.get('partner_grant.granted')).toMatchObject({
      actor: { kind: 'user', name: 'nadia (north-msp)', ref: 'partner north-msp' },
    });
    expect(byAction.get('tenant.created_from_template')).toMatchObject({
      actor: { name: 'nadia (north-msp)' },
      after: { template: 'standard-merchant', templateVersion: 1, slaCalendar: { timezone: 'Europe/Berlin' } },
    });
    expect((await listTemplateLog(t.db, { template: 'standard-merchant' }))[0]).toMatchObject({
      action: 'tenant.created',
      tenantSlug: 'north-shop',
    });
  }, 120_000);

  it('is for partner admins only: operators, analysts and tenant keys get 403 naming partner_admin', async () => {
    for (const key of [keys.operator, keys.analyst, t.keys.admin]) {
      const response = await create(key, { slug: 'never-shop', name: 'Never', template: 'standard-merchant' });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'forbidden', details: { requiredRoles: ['partner_admin'] } } });
    }
    expect((await create('', { slug: 'never-shop', name: 'Never', template: 'standard-merchant' })).status).toBe(401);
    expect(await findTenant(t.db, 'never-shop')).toBeUndefined();
  });

  it('refuses a template version that fails validation with a 400 naming each problem, creating nothing', async () => {
    const tenantsBefore = (await listTenants(t.db)).length;
    const response = await create(keys.admin, { slug: 'broken-shop', name: 'Broken Shop', template: 'standard-merchant', version: 2 });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/invalid template standard-merchant@2/);
    expect(error.details.issues).toContainEqual(expect.objectContaining({ file: 'policy.yaml', path: 'rules[0].decision' }));
    expect(await findTenant(t.db, 'broken-shop')).toBeUndefined();
    expect((await listTenants(t.db)).length).toBe(tenantsBefore);
    expect(await grantsOf('north-msp')).toEqual(['north-shop']);
    expect((await listTemplateLog(t.db, { template: 'standard-merchant' }))[0]).toMatchObject({
      action: 'tenant.create_failed',
      tenantSlug: 'broken-shop',
      actor: 'nadia (north-msp)',
    });
  });

  it('refuses a slug already taken (409) without granting the existing tenant, and an unknown template or version (404)', async () => {
    const taken = await create(keys.admin, { slug: 'tenant-a', name: 'Someone else’s', template: 'standard-merchant', version: 1 });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.message).toMatch(/tenant tenant-a already exists/);
    expect(await grantsOf('north-msp')).toEqual(['north-shop']);
    expect(await listAuditEntries(t.db, t.tenantA.id, { limit: 50 })).not.toContainEqual(
      expect.objectContaining({ action: 'partner_grant.granted' }),
    );
    // The same slug twice: the second is a conflict, and the first tenant is untouched.
    const again = await create(keys.otherAdmin, { slug: 'north-shop', name: 'Mine now', template: 'standard-merchant', version: 1 });
    expect(again.status).toBe(409);
    expect(await grantsOf('south-msp')).toEqual([]);
    expect((await findTenant(t.db, 'north-shop'))?.name).toBe('North Shop');

    expect((await create(keys.admin, { slug: 'ghost-shop', name: 'Ghost', template: 'no-such-template' })).status).toBe(404);
    expect((await create(keys.admin, { slug: 'ghost-shop', name: 'Ghost', template: 'standard-merchant', version: 9 })).status).toBe(404);
    expect(await findTenant(t.db, 'ghost-shop')).toBeUndefined();
  });

  it('creates the tenant in the currency given, for its records that name none', async () => {
    const response = await create(keys.otherAdmin, {
      slug: 'sul-loja',
      name: 'Sul Loja',
      currency: 'BRL',
      template: 'standard-merchant',
      version: 1,
    });
    expect(response.status).toBe(201);
    expect((await response.json()).tenant).toMatchObject({ slug: 'sul-loja', currency: 'BRL' });
    expect((await findTenant(t.db, 'sul-loja'))?.currency).toBe('BRL');
  });

  it('validates the body: a bad slug, a version that is not a number, a currency that is none, unknown fields', async () => {
    const response = await create(keys.admin, {
      slug: 'Bad Slug',
      name: '',
      currency: 'BRR',
      template: 'standard-merchant',
      version: 'latest',
      owner: 'me',
    });
    expect(response.status).toBe(400);
    const paths = (await response.json()).error.details.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['slug', 'name', 'currency', 'version']));
    expect(await findTenant(t.db, 'bad-slug')).toBeUndefined();
  });

  it('removes the tenant and its grant again when a runbook does not make it into the index after the transaction', async () => {
    // A global document already holds a runbook's id: the index skips the tenant's private one.
    const clash = await mkdtemp(join(tmpdir(), 'partner-clash-'));
    try {
      await cp(EXAMPLE, clash, { recursive: true });
      await writeFile(
        join(clash, 'template.yaml'),
        (await readFile(join(clash, 'template.yaml'), 'utf8')).replace('name: standard-merchant', 'name: clashing-merchant'),
      );
      await writeFile(
        join(clash, 'runbooks', 'returns.md'),
        '---\nid: clashing-returns\ntitle: Returns\n---\n\n# Returns\n\nOur own text.\n',
      );
      await publishTemplateFrom(t.db, clash, { actor: 'test' });
    } finally {
      await rm(clash, { recursive: true, force: true });
    }
    await ingestDocuments(
      t.db,
      [loadMarkdown('global.md', '---\nid: clashing-returns\ntitle: Global\n---\n\n# Returns\n\nShared text.\n')],
      {
        embedder: createEmbedder(t.config),
      },
    );
    const response = await create(keys.admin, { slug: 'clash-shop', name: 'Clash Shop', template: 'clashing-merchant' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/runbooks\/returns\.md: id "clashing-returns" is already a global document/);
    expect(await findTenant(t.db, 'clash-shop')).toBeUndefined();
    expect(await grantsOf('north-msp')).toEqual(['north-shop']);
  }, 120_000);
});
