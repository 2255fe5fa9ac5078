/**
 * Take / hand over / release from the exception's page (issue 18): plain POST forms, refused from
 * another site and never acting on a GET; refusals (an unknown person) shown in words; and the
 * approvals inbox and approval page say who decides a proposal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { detectExceptions } from '../../core/exceptions/index.ts';
import { insertOrder, insertSku } from '../../core/exceptions/testing/exception-fixtures.ts';
import { applyPolicy, invokeTool, registerWorkRouting } from '../../policies/index.ts';
import { createPrincipal, seedTestOrder, type TestPrincipal } from '../../policies/testing/fixtures.ts';
import { TEST_POLICY } from '../../policies/testing/policy-test-context.ts';
import { createTestToolRegistry, installTestSchema } from '../../policies/testing/test-tools.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { signIn, startBrowserHarness, type BrowserHarness } from './browser-harness.ts';

const ROUTING = `
routing:
  defaultQueue: ops
  queues:
    - { id: ops, members: [rita-rep, sam-rep, alex-approver] }
    - { id: erp-team, members: [sam-rep], lead: lee-lead }
  rules:
    - id: big-refunds
      when: { subject: proposal, tool: test_issue_refund, amount: { gt: 100 } }
      queue: ops
      owner: alex-approver
      reason: Refunds above 100 go to Alex.
`;

describe('assignment controls in the browser', () => {
  let harness: BrowserHarness;
  let rita: TestPrincipal;
  let exceptionId: string;
  let proposalId: string;

  beforeAll(async () => {
    registerWorkRouting();
    harness = await startBrowserHarness(async (db) => {
      await installTestSchema(db);
      const tenant = await createTenant(db, { slug: 'assign-ui', name: 'Assign UI Ltd' });
      await applyPolicy(db, tenant.id, `${TEST_POLICY}${ROUTING}`);
      rita = await createPrincipal(db, tenant.id, ['rep'], 'rita-rep');
      await createPrincipal(db, tenant.id, ['rep'], 'sam-rep');
      await createPrincipal(db, tenant.id, ['approver'], 'alex-approver');
      await withTenant(db, tenant.id, async (tx) => {
        const sku = await insertSku(tx, 'VALVE');
        await insertOrder(tx, {
          number: 'T-1',
          status: 'released',
          erpSyncStatus: 'failed',
          erpLastError: 'ERP-503',
          lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
        });
        exceptionId = (await detectExceptions(tx, { tenantId: tenant.id })).raised[0]!;
      });
      await seedTestOrder(db, tenant.id, { ref: 'A-1', total: 2000 });
      const outcome = await invokeTool(db, createTestToolRegistry(), {
        principal: rita,
        tool: 'test_issue_refund',
        args: { orderRef: 'A-1', amount: 150 },
        origin: { kind: 'user' },
      });
      proposalId = outcome.proposalId!;
    });
  });
  afterAll(() => harness?.close());

  it('takes, hands over with a reason and refuses an unknown person, all by POST', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, rita.key, `/exceptions/${exceptionId}`);
    expect(await page.locator('#assignment').textContent()).toContain('waiting in queue ops');

    await page.locator('#take-form button').click();
    await page.waitForURL((url) => url.search === '?assignment=taken');
    expect(await page.locator('#assignment-controls .notice.ok').textContent()).toBe('You have it now.');
    expect(await page.locator('#assignment').textContent()).toContain('with rita-rep');
    // Hers now: no "take", but release is offered.
    expect(await page.locator('#take-form').count()).toBe(0);
    expect(await page.locator('#release-form').count()).toBe(1);

    // A person who does not exist: refused in words, nothing changes.
    await page.locator('#hand-over-owner').fill('nobody-here');
    await page.locator('#hand-over-note').fill('Needs the ERP team.');
    await page.locator('#hand-over-form button').click();
    await page.waitForSelector('#assignment-controls .notice.error');
    expect(await page.locator('#assignment-controls .notice.error').textContent()).toMatch(/nobody-here/);
    expect(await page.locator('#assignment').textContent()).toContain('with rita-rep');

    await page.goto(`${harness.server.url}/exceptions/${exceptionId}`);
    await page.locator('#hand-over-owner').fill('sam-rep');
    await page.locator('#hand-over-queue').fill('erp-team');
    await page.locator('#hand-over-note').fill('ERP-503 again: the ERP team knows this connector.');
    await page.locator('#hand-over-form button').click();
    await page.waitForURL((url) => url.search === '?assignment=handed_over');
    const banner = await page.locator('#assignment').textContent();
    expect(banner).toContain('with sam-rep in queue erp-team');
    expect(banner).toContain('ERP-503 again: the ERP team knows this connector.');
    expect(await page.locator('section[aria-labelledby="history-heading"]').textContent()).toContain('handed over');
    await harness.screenshot(page, 'exception-assignment-controls');

    // Nothing acts on a GET, and another site cannot post with her session.
    const get = await page.request.get(`${harness.server.url}/exceptions/${exceptionId}/assignment`);
    expect(get.status()).toBe(404);
    const forged = await page.request.post(`${harness.server.url}/exceptions/${exceptionId}/assignment`, {
      form: { action: 'take' },
      headers: { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(forged.status()).toBe(403);
    await page.goto(`${harness.server.url}/exceptions/${exceptionId}`);
    expect(await page.locator('#assignment').textContent()).toContain('with sam-rep');
    await page.close();
  });

  it('shows who decides a proposal in the inbox and on its page', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, rita.key, '/approvals');
    const cell = page.locator(`#approvals-inbox tr[data-proposal-id="${proposalId}"] td.assignment`);
    expect(await cell.textContent()).toContain('alex-approver · queue ops');
    expect(await cell.textContent()).toContain('Refunds above 100 go to Alex.');
    await page.goto(`${harness.server.url}/approvals/${proposalId}`);
    expect(await page.locator('#proposal-assignment').textContent()).toContain('alex-approver · queue ops');
    await page.close();
  });
});
