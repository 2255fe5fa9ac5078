import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.ts';
import { asOperator } from '../core/db/tenant-scope.ts';
import { authenticateApiKey } from '../core/identity/api-keys.ts';
import { findTenant } from '../core/tenants/tenants.ts';
import { createTestDb } from '../core/testing/test-db.ts';
import { ingestDocuments, loadMarkdown } from '../ingestion/index.ts';
import { listWebhookEndpoints } from '../integrations/index.ts';
import { readSlaCalendar } from '../core/exceptions/index.ts';
import { applyPolicy, changeSlaCalendar, getActivePolicy } from '../policies/index.ts';
import { listAuditEntries } from '../policies/audit/list-audit-entries.ts';
import { LocalHashEmbeddings } from '../retrieval/embeddings/local-hash-embeddings.ts';
import { searchKnowledge } from '../retrieval/search/search-knowledge.ts';
import {
  createTenantFromTemplate,
  diffTenantAgainstTemplate,
  getTemplateOrigin,
  listTemplateLog,
  listTemplates,
  publishTemplate,
  publishTemplateFrom,
  readTemplateBundle,
  TemplateValidationError,
} from './index.ts';

const EXAMPLE = new URL('./examples/standard-merchant', import.meta.url).pathname;
const embedder = new LocalHashEmbeddings();
const actor = { kind: 'operator' as const, name: 'olga', ref: 'test' };

let db: Database;
let scratch: string;

beforeAll(async () => {
  db = await createTestDb();
  scratch = await mkdtemp(join(tmpdir(), 'copilot-templates-'));
});
afterAll(async () => {
  await db.close();
  await rm(scratch, { recursive: true, force: true });
});

async function copyOfExample(name: string): Promise<string> {
  const dir = join(scratch, name);
  await cp(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** Rows the tenant would have anywhere, counted as the operator (sees every tenant). */
async function rowsOfSlug(slug: string): Promise<number> {
  return asOperator(db, async (tx) => {
    const tenant = await tx.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [slug]);
    if (!tenant.rows[0]) return 0;
    return 1;
  });
}

describe('tenant templates', () => {
  it('publishes version 1, nothing new when unchanged, version 2 when changed; versions stay as published', async () => {
    const first = await publishTemplate(db, await readTemplateBundle(EXAMPLE), { actor: 'olga' });
    expect(first).toMatchObject({ unchanged: false, template: { name: 'standard-merchant', version: 1, publishedBy: 'olga' } });
    const again = await publishTemplate(db, await readTemplateBundle(EXAMPLE), { actor: 'olga' });
    expect(again).toMatchObject({ unchanged: true, template: { version: 1 } });

    const changed = await copyOfExample('changed');
    await writeFile(
      join(changed, 'policy.yaml'),
      (await readFile(join(changed, 'policy.yaml'), 'utf8')).replace('approver: 500', 'approver: 400'),
    );
    const second = await publishTemplate(db, await readTemplateBundle(changed), { actor: 'olga' });
    expect(second).toMatchObject({ unchanged: false, template: { version: 2 } });
    expect(second.template.content.policy.source).toContain('approver: 400');
    expect(first.template.content.policy.source).toContain('approver: 500');
    expect(await listTemplates(db)).toEqual([
      expect.objectContaining({ name: 'standard-merchant', version: 2, versions: 2, runbooks: 2, users: 4, routes: 2 }),
    ]);
    // Published versions are immutable in the database itself, not only in this code.
    await expect(asOperator(db, (tx) => tx.query(`UPDATE tenant_templates SET description = 'x'`))).rejects.toThrow(/permission denied/);
    const log = await listTemplateLog(db, { template: 'standard-merchant' });
    expect(log.map((entry) => entry.action)).toEqual(['template.published', 'template.unchanged', 'template.published']);
  });

  it('creates a tenant from a version with every part: policy, routes, people and keys, calendar, searchable runbooks, origin, audit', async () => {
    const created = await createTenantFromTemplate(
      db,
      { slug: 'shop-one', name: 'Shop One', template: 'standard-merchant@1' },
      { actor, embedder },
    );
    expect(created.template).toEqual({ name: 'standard-merchant', version: 1 });
    expect(created.tenant.timezone).toBe('Europe/Berlin');
    const tenantId = created.tenant.id;
    const calendar = await asOperator(db, (tx) => readSlaCalendar(tx, tenantId));
    expect(calendar).toMatchObject({
      custom: true,
      calendar: { timezone: 'Europe/Berlin', hours: { friday: ['08:00-17:00'], saturday: ['09:00-13:00'], sunday: [] } },
    });
    expect(calendar.calendar.holidays.map((holiday) => holiday.date)).toEqual(['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01']);

    const policy = await getActivePolicy(db, tenantId);
    expect(policy.version).toBe(1);
    expect(policy.document.authority.approver).toBe(500);
    expect(policy.document.routing.queues.map((queue) => queue.id)).toEqual(['ops', 'finance']);

    const routes = await listWebhookEndpoints(db, tenantId);
    expect(routes.map((route) => [route.channel, route.queues]).sort()).toEqual([
      ['email', ['finance']],
      ['slack', ['ops']],
    ]);
    expect(routes.find((route) => route.channel === 'email')!.digest).toEqual({ severities: ['low', 'medium'], everyMinutes: 60 });

    const opsLead = created.users.find((user) => user.name === 'ops-lead')!;
    const principal = await authenticateApiKey(db, opsLead.key!);
    expect(principal).toMatchObject({ tenantId, roles: ['admin'] });
    expect(created.users.filter((user) => user.key === undefined).map((user) => user.name)).toEqual(['rita', 'sam', 'fiona']);

    expect(created.runbooks.map((runbook) => runbook.documentId).sort()).toEqual([
      'merchant-address-corrections',
      'merchant-damaged-parcel-refunds',
    ]);
    const hits = await searchKnowledge(db, { tenantId, query: 'parcel arrived crushed, broken glass', k: 1 }, { embedder });
    expect(hits[0]).toMatchObject({ documentId: 'merchant-damaged-parcel-refunds', visibility: 'tenant' });
    // Private: a tenant created without the template does not see them.
    const other = await createTenantFromTemplate(
      db,
      { slug: 'shop-two', name: 'Shop Two', template: 'standard-merchant' },
      { actor, embedder },
    );
    expect(other.template.version).toBe(2);

    expect(await getTemplateOrigin(db, tenantId)).toMatchObject({
      templateName: 'standard-merchant',
      templateVersion: 1,
      state: 'ready',
      createdBy: 'olga',
    });
    const audit = await listAuditEntries(db, tenantId, {});
    const entry = audit.find((candidate) => candidate.action === 'tenant.created_from_template');
    expect(entry).toMatchObject({
      actor: { kind: 'operator', name: 'olga' },
      after: { template: 'standard-merchant', templateVersion: 1, policyVersion: 1 },
    });
    expect(JSON.stringify(audit)).not.toContain(opsLead.key!);
  });

  it('diffs a tenant with its version: nothing at first, then a changed policy field, calendar, the roles of a person and runbook', async () => {
    const tenant = (await findTenant(db, 'shop-one'))!;
    const clean = await diffTenantAgainstTemplate(db, 'shop-one');
    expect(clean).toMatchObject({ inSync: true, template: { name: 'standard-merchant', version: 1 }, state: 'ready' });

    const source = (await readFile(join(EXAMPLE, 'policy.yaml'), 'utf8')).replace(
      'when: { cumulativeRefundAmount: { lte: 50 } }',
      'when: { cumulativeRefundAmount: { lte: 80 } }',
    );
    await applyPolicy(db, tenant.id, source, { actor });
    const calendar = (await asOperator(db, (tx) => readSlaCalendar(tx, tenant.id))).calendar;
    await changeSlaCalendar(
      db,
      tenant.id,
      {
        timezone: 'UTC',
        hours: { ...calendar.hours, friday: ['08:00-18:00'] },
        holidays: [...calendar.holidays.filter((holiday) => holiday.date !== '2026-12-24'), { date: '2026-12-31', name: 'Silvester' }],
      },
      actor,
    );
    const edited = loadMarkdown(
      'edited.md',
      '---\nid: merchant-address-corrections\ntitle: Shipping address corrections\ntype: sop\n---\n\n# Shipping address corrections\n\nCall the customer instead.\n',
    );
    await ingestDocuments(db, [edited], { embedder, tenant: tenant.id });
    await asOperator(db, (tx) => tx.query(`UPDATE users SET roles = '{rep}' WHERE tenant_id = $1 AND name = 'sam'`, [tenant.id]));

    const diff = await diffTenantAgainstTemplate(db, 'shop-one');
    expect(diff.inSync).toBe(false);
    expect(diff.policy).toEqual({
      tenantVersion: 2,
      changes: [{ path: 'rules[1].when.cumulativeRefundAmount.lte', template: 50, tenant: 80 }],
    });
    expect(diff.slaCalendar.changes).toEqual([
      { path: 'holidays.2026-12-24', template: 'Heiligabend' },
      { path: 'holidays.2026-12-31', tenant: 'Silvester' },
      { path: 'hours.friday[0]', template: '08:00-17:00', tenant: '08:00-18:00' },
      { path: 'timezone', template: 'Europe/Berlin', tenant: 'UTC' },
    ]);
    expect(diff.runbooks).toEqual({ missing: [], changed: ['merchant-address-corrections'], added: [] });
    expect(diff.routes).toEqual({ onlyInTemplate: [], onlyInTenant: [] });
    expect(diff.users).toEqual({ missing: [], added: [], rolesChanged: [{ name: 'sam', template: ['approver', 'rep'], tenant: ['rep'] }] });
  });

  it('refuses an invalid template whole: clear issues, logged, nothing stored', async () => {
    const broken = await copyOfExample('broken');
    await writeFile(
      join(broken, 'policy.yaml'),
      (await readFile(join(broken, 'policy.yaml'), 'utf8')).replace('decision: deny', 'decision: never'),
    );
    const before = await listTemplates(db);
    const error = await publishTemplateFrom(db, broken, { actor: 'olga' }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(TemplateValidationError);
    expect((error as TemplateValidationError).issues).toEqual([
      expect.objectContaining({ file: 'policy.yaml', path: 'rules[3].decision' }),
    ]);
    expect(await listTemplates(db)).toEqual(before);
    const [logged] = await listTemplateLog(db);
    expect(logged).toMatchObject({
      action: 'template.rejected',
      actor: 'olga',
      detail: { issues: [expect.objectContaining({ file: 'policy.yaml' })] },
    });
  });

  it('creates nothing when a part fails: a runbook the index refuses removes the whole tenant, and the failure is logged', async () => {
    // A global document already has a runbook's id: the index skips the private one, after the tenant's
    // transaction committed, so the tenant must be removed again.
    await ingestDocuments(
      db,
      [loadMarkdown('global.md', '---\nid: merchant-returns\ntitle: Global returns\n---\n\n# Returns\n\nShared text.\n')],
      {
        embedder,
      },
    );
    const clash = await copyOfExample('clash');
    await writeFile(
      join(clash, 'template.yaml'),
      (await readFile(join(clash, 'template.yaml'), 'utf8')).replace('name: standard-merchant', 'name: clashing-merchant'),
    );
    await writeFile(
      join(clash, 'runbooks', 'returns.md'),
      '---\nid: merchant-returns\ntitle: Returns\n---\n\n# Returns\n\nOur own text.\n',
    );
    await publishTemplate(db, await readTemplateBundle(clash), { actor: 'olga' });
    const failure = await createTenantFromTemplate(
      db,
      { slug: 'shop-three', name: 'Shop Three', template: 'clashing-merchant@1' },
      { actor, embedder },
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TemplateValidationError);
    expect((failure as Error).message).toMatch(/runbooks\/returns\.md: id "merchant-returns" is already a global document/);
    expect(await rowsOfSlug('shop-three')).toBe(0);
    const leftovers = await asOperator(db, async (tx) => {
      const counts = await tx.query<{ users: number; keys: number; routes: number; origins: number }>(
        `SELECT (SELECT count(*) FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE t.slug = 'shop-three')::int AS users,
                (SELECT count(*) FROM api_keys k WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = k.tenant_id))::int AS keys,
                (SELECT count(*) FROM webhook_endpoints w WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = w.tenant_id))::int AS routes,
                (SELECT count(*) FROM tenant_template_origins)::int AS origins`,
      );
      return counts.rows[0]!;
    });
    expect(leftovers).toEqual({ users: 0, keys: 0, routes: 0, origins: 2 });
    const [latest] = await listTemplateLog(db);
    expect(latest).toMatchObject({
      action: 'tenant.create_failed',
      tenantSlug: 'shop-three',
      templateVersion: 1,
      detail: { code: 'validation_failed' },
    });
  });

  it('refuses an unknown template or version, a taken slug and a malformed reference, creating nothing', async () => {
    await expect(
      createTenantFromTemplate(db, { slug: 'shop-four', name: 'Four', template: 'no-such' }, { actor, embedder }),
    ).rejects.toThrow('template no-such not found');
    await expect(
      createTenantFromTemplate(db, { slug: 'shop-four', name: 'Four', template: 'standard-merchant@9' }, { actor, embedder }),
    ).rejects.toThrow('template standard-merchant@9 not found');
    await expect(
      createTenantFromTemplate(db, { slug: 'shop-one', name: 'Again', template: 'standard-merchant' }, { actor, embedder }),
    ).rejects.toThrow('tenant shop-one already exists');
    await expect(
      createTenantFromTemplate(db, { slug: 'shop-four', name: 'Four', template: 'Bad Ref@x' }, { actor, embedder }),
    ).rejects.toThrow(/NAME or NAME@VERSION/);
    expect(await rowsOfSlug('shop-four')).toBe(0);
    expect((await getActivePolicy(db, (await findTenant(db, 'shop-one'))!.id)).version).toBe(2);
  });

  it('removes a creation a crash left provisioning when it is retried, and refuses one still in progress', async () => {
    const created = await createTenantFromTemplate(
      db,
      { slug: 'shop-five', name: 'Five', template: 'standard-merchant' },
      { actor, embedder },
    );
    await asOperator(db, (tx) =>
      tx.query(`UPDATE tenant_template_origins SET state = 'provisioning' WHERE tenant_id = $1`, [created.tenant.id]),
    );
    await expect(
      createTenantFromTemplate(db, { slug: 'shop-five', name: 'Five', template: 'standard-merchant' }, { actor, embedder }),
    ).rejects.toThrow(/being created from a template right now/);
    await asOperator(db, (tx) =>
      tx.query(`UPDATE tenant_template_origins SET created_at = now() - interval '1 hour' WHERE tenant_id = $1`, [created.tenant.id]),
    );
    const retried = await createTenantFromTemplate(
      db,
      { slug: 'shop-five', name: 'Five', template: 'standard-merchant' },
      { actor, embedder },
    );
    expect(retried.tenant.id).not.toBe(created.tenant.id);
    expect(await findTenant(db, created.tenant.id)).toBeUndefined();
    expect((await getTemplateOrigin(db, retried.tenant.id))?.state).toBe('ready');
  });
});
