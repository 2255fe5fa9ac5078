import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startBrowserHarness, type BrowserHarness } from './browser-harness.ts';
import { seedOperationsWorld, type OperationsWorld } from './operations-world.ts';

describe('operations in the browser', () => {
  let harness: BrowserHarness;
  let world: OperationsWorld;

  beforeAll(async () => {
    harness = await startBrowserHarness(async (db) => {
      world = await seedOperationsWorld(db);
    });
  });
  afterAll(() => harness?.close());

  it('answers a question about an order in the chat, with citations that open the runbook passage', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, world.keys.rep, '/chat');
    await page.getByLabel('Message').fill(`Why is order ${world.scenario.flaggedOrder} stuck?`);
    await page.keyboard.press('Enter');
    const answer = page.locator('.message.assistant').first();
    await answer.locator('.run-link a').waitFor({ timeout: 60_000 });
    expect(await answer.locator('.answer').textContent()).toContain(world.scenario.flaggedOrder);
    expect(await answer.locator('.steps li').count()).toBeGreaterThan(0);
    const citation = answer.locator('.citations a').first();
    expect(await citation.getAttribute('href')).toMatch(/^\/runbooks\/[a-z0-9._-]+(\?version=\d+)?#[a-z0-9-]+$/);
    await harness.screenshot(page, 'chat');

    // A request to act becomes a proposal shown inline; its status follows the approver's decision live.
    await page.getByLabel('Message').fill(`Please refund 5 on order ${world.scenario.healthyOrder}, a mug arrived chipped.`);
    await page.keyboard.press('Enter');
    const proposal = page.locator('.message.assistant').nth(1).locator('.proposal-inline');
    await proposal.waitFor({ timeout: 60_000 });
    expect(await proposal.textContent()).toContain('issue_refund');
    const href = await proposal.locator('a').getAttribute('href');
    const proposalId = href!.split('/').pop()!;
    expect(await proposal.locator('.badge').textContent()).toBe('pending_approval');
    const approval = await fetch(`${harness.server.url}/v1/proposals/${proposalId}/approve`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${world.keys.approver}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(approval.status).toBe(200);
    await expect.poll(() => proposal.locator('.badge').textContent(), { timeout: 15_000 }).toBe('executed');
    await harness.screenshot(page, 'chat-proposal');

    await citation.click();
    await page.waitForURL(/\/runbooks\//);
    const target = new URL(page.url()).hash.slice(1);
    expect(await page.locator(`section#${target}`).count()).toBe(1);
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(target);
    await harness.screenshot(page, 'runbook-passage');

    await page.goto(`${harness.server.url}/chat`);
    await page.goBack();
    await page.goto(`${harness.server.url}/runs`);
    await page.locator('table a').first().click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    expect(await page.locator('#run-timeline .tool-call').count()).toBeGreaterThan(0);
    await harness.screenshot(page, 'run-viewer');
    await page.close();
  });

  it('does not let a rep approve: no buttons, and the server refuses', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, world.keys.rep, `/approvals/${world.scenario.correctionProposalId}`);
    expect(await page.locator('#approve-form').count()).toBe(0);
    const status = await page.evaluate(async (id) => {
      const response = await fetch(`/v1/proposals/${id}/approve`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      return response.status;
    }, world.scenario.correctionProposalId);
    expect(status).toBe(403);
    await page.close();
  });

  it('lets an approver approve a pending proposal, which resolves its exception, and reject another', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, world.keys.approver, '/exceptions');
    const row = page.locator(`tr[data-exception-id="${world.scenario.exceptionId}"]`);
    expect(await row.textContent()).toContain('open');
    await harness.screenshot(page, 'exception-queue');

    await page.goto(`${harness.server.url}/approvals`);
    await harness.screenshot(page, 'approvals-inbox');
    await page.locator(`tr[data-proposal-id="${world.scenario.correctionProposalId}"] a`).first().click();
    await page.waitForURL(new RegExp(`/approvals/${world.scenario.correctionProposalId}$`));
    expect(await page.getByRole('heading', { name: 'Evidence' }).count()).toBe(1);
    await harness.screenshot(page, 'approval-detail');
    await page.getByLabel('Comment (optional)').fill('Matches the customer call.');
    await page.getByRole('button', { name: 'Approve and execute' }).click();
    await expect.poll(() => page.locator('#proposal-outcome').textContent()).toContain('Approved and executed');

    await page.goto(`${harness.server.url}/exceptions/${world.scenario.exceptionId}`);
    expect(await page.locator('dl.facts').first().textContent()).toContain('resolved');
    await harness.screenshot(page, 'exception-resolved');

    await page.goto(`${harness.server.url}/approvals/${world.scenario.holdProposalId}`);
    await page.getByLabel('Reason for rejecting').fill('Customer withdrew the request.');
    await page.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => page.locator('#proposal-outcome').textContent()).toContain('Rejected');
    await page.reload();
    expect(await page.locator('h1 [data-proposal-status]').textContent()).toBe('rejected');
    await page.close();
  });

  it('renders the dashboard charts', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, world.keys.admin, '/');
    expect(await page.locator('svg.chart').count()).toBe(16);
    for (const id of [
      'chart-release-time',
      'chart-backorder-rate',
      'chart-perfect-order-rate',
      'chart-return-to-restock',
      'chart-open-exceptions',
      'chart-sla-breaches',
      'chart-automation',
      'chart-approval-turnaround',
      'chart-ats-accuracy',
      'chart-ats-by-channel',
      'chart-backorder-duration',
      'chart-adjustment-frequency',
      'chart-adjustment-reasons',
      'chart-gross-margin',
      'chart-margin-by-channel',
      'chart-settlement-to-erp',
    ]) {
      const box = await page.locator(`svg[data-chart="${id}"]`).boundingBox();
      expect(box?.width, id).toBeGreaterThan(200);
    }
    // Decided so far: the refund from the chat and the correction (approved), the hold (rejected).
    expect(await page.locator('.stat').filter({ hasText: 'Approval turnaround' }).textContent()).toContain('3 decided');
    await harness.screenshot(page, 'dashboard-charts');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await harness.screenshot(page, 'dashboard-charts-phone');
    await page.close();
  });

  it('serves every other page, and an admin creates and revokes a key from the UI', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, world.keys.admin, '/settings/api-keys');
    await page.getByLabel('rep', { exact: true }).check();
    await page.getByLabel('User name').fill('new-rep');
    await page.getByRole('button', { name: 'Create key' }).click();
    const created = page.locator('#new-key');
    await created.waitFor();
    const key = (await created.textContent())!;
    expect(key).toMatch(/^ocp_/);
    const me = await fetch(`${harness.server.url}/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
    expect(((await me.json()) as { userName: string }).userName).toBe('new-rep');
    await harness.screenshot(page, 'api-keys');

    for (const [path, name, heading] of [
      [`/orders/${world.scenario.flaggedOrder}`, 'order', `Order ${world.scenario.flaggedOrder}`],
      ['/inventory/MUG-BLK', 'inventory', 'MUG-BLK'],
      ['/runbooks?q=address%20does%20not%20match', 'runbooks-search', 'Runbooks'],
      ['/runs', 'runs', 'Agent runs'],
      ['/evals', 'evals', 'Evaluation reports'],
    ] as const) {
      const response = await page.goto(`${harness.server.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(heading);
      await harness.screenshot(page, name);
    }
    await page.close();
  });
});
