/**
 * Hand-offs are visible (issue 18 §2): an exception the agent handed to a person says why, in words,
 * at the top of its page and in the queue, with its owner/queue — not a bare "parked" badge — and the
 * queue filters "assigned to me / my queues".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { claimExceptionsForTriage, completeTriage, detectExceptions } from '../../core/exceptions/index.ts';
import { insertOrder, insertSku } from '../../core/exceptions/testing/exception-fixtures.ts';
import { createApiKey } from '../../core/identity/api-keys.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { applyPolicy, registerWorkRouting } from '../../policies/index.ts';
import { signIn, startBrowserHarness, type BrowserHarness } from './browser-harness.ts';

const POLICY = `
format: 1
routing:
  defaultQueue: ops
  queues:
    - { id: ops, members: [rita-rep] }
    - { id: erp-team, members: [sam-rep] }
  rules:
    - id: erp-failures
      when: { exceptionType: erp_sync_failed }
      queue: erp-team
      reason: Failed ERP syncs are the ERP team's.
`;

describe('hand-offs in the browser', () => {
  let harness: BrowserHarness;
  let keys: { rita: string; sam: string };
  let handedOffId: string;

  beforeAll(async () => {
    registerWorkRouting();
    harness = await startBrowserHarness(async (db) => {
      const tenant = await createTenant(db, { slug: 'handoff', name: 'Hand-off Retail' });
      keys = {
        rita: (await createApiKey(db, { tenantId: tenant.id, roles: ['rep'], userName: 'rita-rep' })).key,
        sam: (await createApiKey(db, { tenantId: tenant.id, roles: ['rep'], userName: 'sam-rep' })).key,
      };
      await applyPolicy(db, tenant.id, POLICY);
      await withTenant(db, tenant.id, async (tx) => {
        const sku = await insertSku(tx, 'GASKET');
        await insertOrder(tx, {
          number: 'H-1',
          status: 'released',
          erpSyncStatus: 'failed',
          erpLastError: 'ERP-422',
          lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
        });
        await detectExceptions(tx, { tenantId: tenant.id });
        const [claimed] = await claimExceptionsForTriage(tx, {
          workerId: 'triage-1',
          tenantId: tenant.id,
          types: ['erp_sync_failed'],
          limit: 1,
        });
        handedOffId = claimed!.id;
        await completeTriage(tx, claimed!.id, {
          workerId: 'triage-1',
          outcome: 'handoff',
          note: 'ERP-422 means the customer master data is wrong; a retry would fail again, so someone must fix the record in the ERP.',
        });
      });
    });
  });
  afterAll(() => harness?.close());

  it('shows why the agent handed it over at the top of the page and in the queue, with its queue', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, keys.sam, `/exceptions/${handedOffId}`);
    const banner = page.locator('#assignment');
    expect(await banner.textContent()).toContain('Handed to a person');
    expect(await banner.textContent()).toContain('queue erp-team');
    expect(await banner.textContent()).toContain('The agent handed this to a person: ERP-422 means the customer master data is wrong');
    // The banner comes before the facts: the first thing a person reads.
    const order = await page.evaluate(() => {
      const nodes = [...document.querySelectorAll('#assignment, #facts-heading')];
      return nodes.map((node) => node.id);
    });
    expect(order).toEqual(['assignment', 'facts-heading']);
    expect(await page.locator('#proposals-heading + p').textContent()).toContain('the agent handed this exception to a person');
    await harness.screenshot(page, 'exception-hand-off');

    await page.goto(`${harness.server.url}/exceptions?assigned=my-queues`);
    const row = page.locator(`tr[data-exception-id="${handedOffId}"]`);
    expect(await row.locator('td.assignment').textContent()).toContain('queue erp-team');
    expect(await row.locator('td.assignment .why').textContent()).toContain('ERP-422 means the customer master data is wrong');
    await harness.screenshot(page, 'exception-queue-hand-off');
    await page.close();

    // Rita works the ops queue only: the ERP team's hand-off is not in her queues.
    const rita = await harness.newPage();
    await signIn(rita, harness.server.url, keys.rita, '/exceptions?assigned=my-queues');
    expect(await rita.locator(`tr[data-exception-id="${handedOffId}"]`).count()).toBe(0);
    await rita.close();
  });
});
