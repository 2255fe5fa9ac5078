import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../core/identity/api-keys.ts';
import { BUNDLED_CORPUS_DIR, ingestPaths } from '../../ingestion/index.ts';
import { editProposal, getProposal } from '../../policies/index.ts';
import { createEmbedder } from '../../retrieval/index.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { seedOperationsScenario, type OperationsScenario } from '../testing/operations-scenario.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('pages over the domain', () => {
  let t: TestApp;
  let a: OperationsScenario;
  let b: OperationsScenario;
  let editedProposalId: string;
  const cookies: Record<string, string> = {};
  const html = async (path: string, who = 'approver') => {
    const response = await t.app.request(`http://localhost${path}`, { headers: { Cookie: cookies[who]!, Accept: 'text/html' } });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const registry = buildDefaultRegistry();
    a = await seedOperationsScenario(t.db, registry, await authenticateApiKey(t.db, t.keys.rep), 10481);
    b = await seedOperationsScenario(t.db, registry, await authenticateApiKey(t.db, t.keys.otherRep), 20481);
    await ingestPaths(t.db, [join(BUNDLED_CORPUS_DIR, 'rb-address-validation-failed.md')], { embedder: createEmbedder(t.config) });
    const approver = await authenticateApiKey(t.db, t.keys.approver);
    const hold = await getProposal(t.db, approver, a.holdProposalId);
    const edited = await editProposal(t.db, registry, approver, a.holdProposalId, {
      args: { ...(hold.args as object), note: 'Customer asked to wait until Monday.' },
    });
    editedProposalId = edited.proposalId!;
    for (const key of ['rep', 'approver', 'admin'] as const) cookies[key] = await t.signIn(key);
  });
  afterAll(() => t.close());

  it('shows the exception queue with severity, SLA countdown, age and links to the order and detail', async () => {
    const page = await html('/exceptions');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-exception-id="${a.exceptionId}"`);
    expect(page.text).toContain(`href="/orders/${a.flaggedOrder}"`);
    expect(page.text).toMatch(/data-countdown="[^"]+Z"[^>]*>due in /);
    expect(page.text).not.toContain(b.exceptionId);
    const filtered = await html('/exceptions?type=credit_hold');
    expect(filtered.text).toContain('No exceptions match');
    const bad = await html('/exceptions?type=bogus');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('not understood');
  });

  it('shows one exception with its evidence, history and proposed actions', async () => {
    const page = await html(`/exceptions/${a.exceptionId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/approvals/${a.correctionProposalId}"`);
    expect(page.text).toContain('History');
    const foreign = await html(`/exceptions/${b.exceptionId}`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).toContain('<h1>Not found</h1>');
  });

  it('shows an order with lines, address problem and timeline; other tenants’ orders are not found', async () => {
    const page = await html(`/orders/${a.flaggedOrder}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('KETTLE-1L');
    expect(page.text).toContain('invalid');
    expect(page.text).toContain('address validation failed');
    expect((await html(`/orders/${b.flaggedOrder}`)).status).toBe(404);
  });

  it('shows the stock of a SKU with the ATS derivation', async () => {
    const page = await html('/inventory/MUG-BLK');
    expect(page.status).toBe(200);
    expect(page.text).toContain('How it is derived');
  });

  it('lists pending proposals in the approvals inbox', async () => {
    const page = await html('/approvals');
    expect(page.text).toContain(`data-proposal-id="${a.correctionProposalId}"`);
    expect(page.text).toContain(`data-proposal-id="${editedProposalId}"`);
    expect(page.text).not.toContain(`data-proposal-id="${a.holdProposalId}"`);
    expect((await html('/approvals?status=all')).text).toContain(`data-proposal-id="${a.holdProposalId}"`);
  });

  it('shows a proposal with rationale, evidence, policy rule and reason, and the decision forms for an approver', async () => {
    const proposal = await getProposal(t.db, await authenticateApiKey(t.db, t.keys.approver), a.correctionProposalId);
    const page = await html(`/approvals/${a.correctionProposalId}`);
    expect(page.text).toContain('correct_shipping_address');
    expect(page.text).toContain('customer confirmed 19107');
    expect(page.text).toContain(proposal.ruleId);
    expect(page.text).toContain(proposal.reason);
    expect(page.text).toContain('id="approve-form"');
    expect(page.text).toContain('id="reject-form"');
    expect(page.text).toContain('id="edit-form"');
  });

  it('shows an edit as a diff against the previous revision', async () => {
    const page = await html(`/approvals/${editedProposalId}`);
    expect(page.text).toContain('class="diff"');
    expect(page.text).toMatch(/<li class="removed">.*- note: &quot;Customer asked to delay shipping until Friday.&quot;<\/li>/);
    expect(page.text).toMatch(/<li class="added">.*\+ note: &quot;Customer asked to wait until Monday.&quot;<\/li>/);
  });

  it('hides the decision forms from the proposer, who cannot approve their own proposal anyway', async () => {
    const page = await html(`/approvals/${a.correctionProposalId}`, 'rep');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('id="approve-form"');
  });

  it('renders the dashboard with sixteen SVG charts, the issue-16 KPIs among them', async () => {
    const page = await html('/?days=7');
    expect(page.status).toBe(200);
    expect(page.text.match(/<svg class="chart"/g)).toHaveLength(16);
    for (const id of [
      'chart-ats-accuracy',
      'chart-backorder-duration',
      'chart-adjustment-reasons',
      'chart-margin-by-channel',
      'chart-settlement-to-erp',
    ])
      expect(page.text).toContain(`data-chart="${id}"`);
    expect(page.text).toContain('data-chart="chart-open-exceptions"');
    expect(page.text).toContain('address validation failed');
  });

  it('lists, searches and reads runbooks with addressable sections', async () => {
    const list = await html('/runbooks');
    expect(list.text).toContain('href="/runbooks/rb-address-validation-failed"');
    const search = await html('/runbooks?q=postcode%20does%20not%20match%20city');
    expect(search.text).toMatch(/href="\/runbooks\/rb-address-validation-failed\?version=\d+#[a-z0-9-]+"/);
    const read = await html('/runbooks/rb-address-validation-failed');
    expect(read.text).toContain('<section id="read-the-validation-result-first"');
    expect((await html('/runbooks/no-such-doc')).status).toBe(404);
  });

  it('shows the runs list (empty until the agent runs)', async () => {
    const page = await html('/runs');
    expect(page.status).toBe(200);
  });
});
