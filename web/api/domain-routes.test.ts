import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../core/identity/api-keys.ts';
import { BUNDLED_CORPUS_DIR, ingestPaths } from '../../ingestion/index.ts';
import { createEmbedder } from '../../retrieval/index.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { seedOperationsScenario, type OperationsScenario } from '../testing/operations-scenario.ts';
import { createTestApp, type KeyName, type TestApp } from '../testing/test-app.ts';

// Response bodies are checked field by field below; a loose type keeps those assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe('domain API routes', () => {
  let t: TestApp;
  let a: OperationsScenario;
  let b: OperationsScenario;
  let privateDocDir: string;

  const get = async (path: string, key: KeyName | null = 'rep') => {
    const response = await t.request(path, key ? { key } : {});
    return { status: response.status, body: (await response.json()) as Json };
  };
  const post = async (path: string, key: KeyName, json: unknown) => {
    const response = await t.request(path, { key, method: 'POST', json });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const issuePaths = (body: Json): string[] => (body.error?.details?.issues ?? []).map((issue: { path: string }) => issue.path);

  beforeAll(async () => {
    t = await createTestApp();
    const registry = buildDefaultRegistry();
    a = await seedOperationsScenario(t.db, registry, await authenticateApiKey(t.db, t.keys.rep), 10481);
    b = await seedOperationsScenario(t.db, registry, await authenticateApiKey(t.db, t.keys.otherRep), 20481);
    // The embedder the app is configured with, so the index matches what searches expect.
    const embedder = createEmbedder(t.config);
    await ingestPaths(t.db, [join(BUNDLED_CORPUS_DIR, 'rb-address-validation-failed.md'), join(BUNDLED_CORPUS_DIR, 'rb-credit-hold.md')], {
      embedder,
    });
    privateDocDir = await mkdtemp(join(tmpdir(), 'web-private-doc-'));
    const privateDoc = join(privateDocDir, 'globex-returns.md');
    await writeFile(
      privateDoc,
      '---\nid: tenant-b-returns\ntitle: Tenant B returns desk\ntype: sop\n---\n\n# Tenant B returns desk\n\nOnly tenant B sees this.\n',
    );
    await ingestPaths(t.db, [privateDoc], { embedder, tenant: t.tenantB.id });
  });
  afterAll(async () => {
    await t.close();
    await rm(privateDocDir, { recursive: true, force: true });
  });

  describe('orders', () => {
    it('searches the tenant’s orders and validates the filters', async () => {
      const all = await get('/v1/orders');
      expect(all.status).toBe(200);
      expect(all.body.orders.map((order: Json) => order.number).sort()).toEqual(['SO-10481', 'SO-10482']);
      const filtered = await get('/v1/orders?number=SO-10481');
      expect(filtered.body.orders).toHaveLength(1);
      const bad = await get('/v1/orders?status=stuck');
      expect(bad.status).toBe(400);
      expect(issuePaths(bad.body)).toEqual(['status.0']);
      const unknown = await get('/v1/orders?colour=red');
      expect(unknown.status).toBe(400);
    });

    it('returns one order with its lines and money, and its timeline', async () => {
      const order = await get(`/v1/orders/${a.flaggedOrder}`);
      expect(order.status).toBe(200);
      expect(order.body).toMatchObject({
        number: 'SO-10482',
        addressStatus: 'invalid',
        lines: [{ skuCode: 'KETTLE-1L', quantityOrdered: 1 }],
      });
      expect(order.body.placedAt).toMatch(/Z$/);
      const byId = await get(`/v1/orders/${order.body.id}`);
      expect(byId.body.number).toBe('SO-10482');
      const timeline = await get(`/v1/orders/${a.flaggedOrder}/timeline`);
      expect(timeline.status).toBe(200);
      expect(timeline.body.entries.map((entry: Json) => entry.type)).toContain('address_validation_failed');
    });

    it('answers 404 for another tenant’s order, by number or id', async () => {
      expect((await get(`/v1/orders/${b.flaggedOrder}`)).status).toBe(404);
      const foreignId = (await get(`/v1/orders/${b.flaggedOrder}`, 'otherRep')).body.id as string;
      expect((await get(`/v1/orders/${foreignId}`)).status).toBe(404);
      expect((await get(`/v1/orders/${foreignId}/timeline`)).status).toBe(404);
    });

    it('requires a key with a reading role', async () => {
      expect((await get('/v1/orders', null)).status).toBe(401);
      expect((await get('/v1/orders', 'integration')).status).toBe(403);
    });
  });

  describe('inventory', () => {
    it('derives available-to-sell term by term', async () => {
      const ats = await get('/v1/inventory/MUG-BLK/ats');
      expect(ats.status).toBe(200);
      expect(ats.body).toMatchObject({ skuCode: 'MUG-BLK', isKit: false });
      const sum = ats.body.terms.reduce((total: number, term: Json) => total + term.quantity, 0);
      expect(sum).toBe(ats.body.ats);
      const view = await get('/v1/inventory/MUG-BLK?location=WH-EAST');
      expect(view.status).toBe(200);
      expect(view.body.availableToSell.ats).toBe(ats.body.ats);
      expect(view.body.balances[0]).toMatchObject({ locationCode: 'WH-EAST' });
    });

    it('validates the channel and keeps other tenants’ SKUs out of reach', async () => {
      const bad = await get('/v1/inventory/MUG-BLK/ats?channel=Web!');
      expect(bad.status).toBe(400);
      expect(issuePaths(bad.body)).toEqual(['channel']);
      const foreignSkuId = (await get('/v1/inventory/MUG-BLK', 'otherRep')).body.sku.id as string;
      expect((await get(`/v1/inventory/${foreignSkuId}/ats`)).status).toBe(404);
      expect((await get('/v1/inventory/NO-SUCH-SKU')).status).toBe(404);
    });
  });

  describe('exceptions', () => {
    it('filters by type, status, severity and SLA breach, sorted by age', async () => {
      const live = await get('/v1/exceptions?type=address_validation_failed&status=live&sort=oldest');
      expect(live.status).toBe(200);
      expect(live.body.exceptions).toHaveLength(1);
      expect(live.body.exceptions[0]).toMatchObject({
        id: a.exceptionId,
        type: 'address_validation_failed',
        codes: { orderNumber: 'SO-10482' },
      });
      expect((await get('/v1/exceptions?type=credit_hold')).body.exceptions).toEqual([]);
      expect((await get('/v1/exceptions?slaBreached=true')).body.exceptions).toEqual([]);
      expect((await get('/v1/exceptions?status=open,triaging&severity=low,medium,high,critical')).status).toBe(200);
    });

    it('names the bad filter', async () => {
      const badType = await get('/v1/exceptions?type=address_validation_failed,bogus');
      expect(badType.status).toBe(400);
      expect(issuePaths(badType.body)).toEqual(['type.1']);
      expect(issuePaths((await get('/v1/exceptions?slaBreached=maybe')).body)).toEqual(['slaBreached']);
      expect(issuePaths((await get('/v1/exceptions?sort=age')).body)).toEqual(['sort']);
      expect(issuePaths((await get('/v1/exceptions?limit=0')).body)).toEqual(['limit']);
    });

    it('returns one exception with its history, and 404 for another tenant’s', async () => {
      const one = await get(`/v1/exceptions/${a.exceptionId}`);
      expect(one.status).toBe(200);
      expect(one.body.history.length).toBeGreaterThan(0);
      expect((await get(`/v1/exceptions/${b.exceptionId}`)).status).toBe(404);
      expect(issuePaths((await get('/v1/exceptions/nope')).body)).toEqual(['exceptionId']);
    });
  });

  describe('proposals and approvals', () => {
    it('lists proposals: the tenant’s for approvers, and shows one with evidence and policy reason', async () => {
      const list = await get('/v1/proposals?status=pending', 'approver');
      expect(list.status).toBe(200);
      expect(list.body.proposals.map((proposal: Json) => proposal.id).sort()).toEqual([a.correctionProposalId, a.holdProposalId].sort());
      const one = await get(`/v1/proposals/${a.correctionProposalId}`, 'approver');
      expect(one.body).toMatchObject({
        tool: 'correct_shipping_address',
        status: 'pending',
        decision: 'require_approval',
        exceptionId: a.exceptionId,
        rationale: expect.stringContaining('customer confirmed'),
      });
      expect(one.body.ruleId).toEqual(expect.any(String));
      expect(one.body.reason).toEqual(expect.any(String));
      expect(Object.keys(one.body.evidence).length).toBeGreaterThan(0);
      expect(issuePaths((await get('/v1/proposals?status=waiting', 'approver')).body)).toEqual(['status']);
    });

    it('answers 404 for another tenant’s proposal, on read and on every action', async () => {
      expect((await get(`/v1/proposals/${b.correctionProposalId}`, 'approver')).status).toBe(404);
      expect((await post(`/v1/proposals/${b.correctionProposalId}/approve`, 'approver', {})).status).toBe(404);
      expect((await post(`/v1/proposals/${b.holdProposalId}/reject`, 'approver', { reason: 'no' })).status).toBe(404);
      expect((await post(`/v1/proposals/${b.holdProposalId}/edit`, 'approver', { args: {} })).status).toBe(404);
      expect((await get(`/v1/proposals/${b.correctionProposalId}`, 'otherApprover')).body.status).toBe('pending');
    });

    it('refuses approval by a rep (403) and validates action bodies', async () => {
      const rep = await post(`/v1/proposals/${a.correctionProposalId}/approve`, 'rep', {});
      expect(rep.status).toBe(403);
      const noReason = await post(`/v1/proposals/${a.holdProposalId}/reject`, 'approver', { reason: '  ' });
      expect(noReason.status).toBe(400);
      expect(issuePaths(noReason.body)).toEqual(['reason']);
      const badEdit = await post(`/v1/proposals/${a.holdProposalId}/edit`, 'approver', { args: 'hold it' });
      expect(issuePaths(badEdit.body)).toEqual(['args']);
    });

    it('edits a proposal (re-decided as a new revision, shown with its history), then rejects it', async () => {
      const original = (await get(`/v1/proposals/${a.holdProposalId}`, 'approver')).body;
      const edited = await post(`/v1/proposals/${a.holdProposalId}/edit`, 'approver', {
        args: { ...original.args, note: 'Customer asked to delay shipping until Monday.' },
        comment: 'Customer changed the date.',
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ status: 'pending_approval', decision: 'require_approval' });
      const revision = (await get(`/v1/proposals/${edited.body.proposalId}`, 'approver')).body;
      expect(revision.revision).toBe(2);
      expect(revision.revisions.map((entry: Json) => entry.status)).toEqual(['superseded', 'pending']);

      const rejected = await post(`/v1/proposals/${edited.body.proposalId}/reject`, 'approver', {
        reason: 'Customer withdrew the request.',
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body.status).toBe('rejected');
      const again = await post(`/v1/proposals/${edited.body.proposalId}/approve`, 'approver', {});
      expect(again.status).toBe(409);
    });

    it('approves the correction: it executes and the exception resolves', async () => {
      const approved = await post(`/v1/proposals/${a.correctionProposalId}/approve`, 'approver', { comment: 'Matches the customer call.' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ tool: 'correct_shipping_address', status: 'executed' });
      const exception = (await get(`/v1/exceptions/${a.exceptionId}`)).body;
      expect(exception.status).toBe('resolved');
      expect((await get(`/v1/orders/${a.flaggedOrder}`)).body.addressStatus).toBe('valid');
    });
  });

  describe('KPIs', () => {
    it('reports the KPIs with automation coverage and approval turnaround', async () => {
      const kpis = await get('/v1/kpis', 'approver');
      expect(kpis.status).toBe(200);
      expect(kpis.body.openExceptions.total).toBe(0);
      expect(kpis.body.automationCoverage).toMatchObject({ resolved: 1 });
      expect(kpis.body.approvalTurnaround).toMatchObject({ decided: 2, approved: 1, rejected: 1, scope: 'tenant' });
      const rep = await get('/v1/kpis', 'rep');
      expect(rep.body.approvalTurnaround.scope).toBe('own');
      // The issue-16 KPIs, computed by their owning modules, with the cost rates of the tenant's policy (none applied: zero).
      expect(kpis.body.atsAccuracy).toMatchObject({ promised: expect.any(Number), byChannel: expect.any(Array) });
      expect(kpis.body.backorderDuration).toMatchObject({ count: expect.any(Number), open: expect.any(Number) });
      expect(kpis.body.adjustmentRootCauses).toEqual(expect.any(Array));
      expect(kpis.body.channelMargin.costs).toEqual({ perShipment: 0, perUnit: 0, perReturn: 0 });
      expect(kpis.body.settlementToErp).toMatchObject({ settled: expect.any(Number), unreconciled: expect.any(Number) });
      const trend = await get('/v1/kpis/trend?periods=4&days=7');
      expect(trend.body.points).toHaveLength(4);
      expect(Object.keys(trend.body.points[0])).toEqual(
        expect.arrayContaining([
          'atsAccuracy',
          'backorderDurationHours',
          'adjustmentsPerSkuPerWeek',
          'grossMarginRate',
          'settlementToErpHours',
        ]),
      );
      const backwards = await get('/v1/kpis?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z');
      expect(backwards.status).toBe(400);
      expect(issuePaths(backwards.body)).toEqual(['from']);
      expect((await get('/v1/kpis', 'integration')).status).toBe(403);
    });
  });

  describe('runbooks', () => {
    it('lists, reads a version and searches with citations', async () => {
      const list = await get('/v1/runbooks');
      expect(list.body.runbooks.map((doc: Json) => doc.documentId).sort()).toEqual(['rb-address-validation-failed', 'rb-credit-hold']);
      const doc = await get('/v1/runbooks/rb-address-validation-failed');
      expect(doc.status).toBe(200);
      expect(doc.body.sections.length).toBeGreaterThan(1);
      expect((await get(`/v1/runbooks/rb-address-validation-failed?version=${doc.body.version}`)).status).toBe(200);
      expect((await get('/v1/runbooks/rb-address-validation-failed?version=99')).status).toBe(404);
      const search = await get('/v1/runbooks/search?q=postcode%20does%20not%20match%20city&k=3');
      expect(search.status).toBe(200);
      expect(search.body.hits[0].citation.ref).toMatch(/^rb-address-validation-failed#/);
      expect(search.body.hits[0].score).toEqual(expect.objectContaining({ rrf: expect.any(Number), documentRrf: expect.any(Number) }));
      expect(issuePaths((await get('/v1/runbooks/search?q=')).body)).toEqual(['q']);
      // perDocument caps the passages of one document (what `copilot search --server` sends).
      const capped = await get('/v1/runbooks/search?q=address%20postcode%20city%20validation&k=6&perDocument=1');
      const perDocument = new Map<string, number>();
      for (const hit of capped.body.hits as Json[]) perDocument.set(hit.documentId, (perDocument.get(hit.documentId) ?? 0) + 1);
      expect(Math.max(...perDocument.values())).toBe(1);
      expect(issuePaths((await get('/v1/runbooks/search?q=x&perDocument=0')).body)).toEqual(['perDocument']);
    });

    it('keeps a tenant’s private documents to that tenant', async () => {
      expect((await get('/v1/runbooks/tenant-b-returns', 'otherRep')).status).toBe(200);
      expect((await get('/v1/runbooks/tenant-b-returns')).status).toBe(404);
      expect((await get('/v1/runbooks')).body.runbooks.map((doc: Json) => doc.documentId)).not.toContain('tenant-b-returns');
    });

    it('reports ingestion status', async () => {
      const status = await get('/v1/ingestion/status', 'admin');
      expect(status.body).toMatchObject({ embedderMatches: true, documents: { total: 2, byVisibility: { global: 2, tenant: 0 } } });
      expect((await get('/v1/ingestion/status', 'otherAdmin')).body.documents.byVisibility.tenant).toBe(1);
      expect((await get('/v1/ingestion/status', 'rep')).status).toBe(403);
    });
  });

  describe('policies', () => {
    const policy = `format: 1\nname: web test\nrules:\n  - id: holds-auto\n    tool: place_order_hold\n    decision: allow\n    reason: Holds are reversible.\n`;

    it('shows the policy in force and lets only admins apply a new one', async () => {
      const current = await get('/v1/policies/current', 'approver');
      expect(current.body.version).toBe(0);
      expect((await post('/v1/policies', 'approver', { source: policy })).status).toBe(403);
      const invalid = await post('/v1/policies', 'admin', { source: 'format: 1\nrules:\n  - id: x\n    decision: maybe\n' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toContain('line');
      expect(issuePaths(await post('/v1/policies', 'admin', {}).then((response) => response.body))).toEqual(['source']);
      const applied = await post('/v1/policies', 'admin', { source: policy });
      expect(applied.status).toBe(201);
      expect(applied.body).toMatchObject({ version: 1, unchanged: false });
      expect((await get('/v1/policies/versions/1', 'admin')).body.document.rules[0].id).toBe('holds-auto');
      expect((await get('/v1/policies/versions/1', 'otherAdmin')).status).toBe(404);
      expect((await get('/v1/policies/versions', 'admin')).body.versions.map((version: Json) => version.version)).toContain(1);
      expect((await get('/v1/policies/current', 'rep')).status).toBe(403);
    });
  });

  it('documents every route in /openapi.json', async () => {
    const document = (await get('/openapi.json', null)).body;
    for (const path of [
      '/v1/orders',
      '/v1/orders/{order}',
      '/v1/orders/{order}/timeline',
      '/v1/inventory/{sku}',
      '/v1/inventory/{sku}/ats',
      '/v1/exceptions',
      '/v1/exceptions/{exceptionId}',
      '/v1/proposals',
      '/v1/proposals/{proposalId}',
      '/v1/proposals/{proposalId}/approve',
      '/v1/proposals/{proposalId}/edit',
      '/v1/proposals/{proposalId}/reject',
      '/v1/kpis',
      '/v1/kpis/trend',
      '/v1/runbooks',
      '/v1/runbooks/search',
      '/v1/runbooks/{documentId}',
      '/v1/policies/current',
      '/v1/policies',
      '/v1/ingestion/status',
    ]) {
      expect(document.paths, path).toHaveProperty([path]);
    }
    const approve = document.paths['/v1/proposals/{proposalId}/approve'].post;
    expect(approve.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(approve.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '413', '429']));
    expect(approve.parameters[0]).toMatchObject({ name: 'proposalId', in: 'path' });
  });
});
