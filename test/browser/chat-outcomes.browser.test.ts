/**
 * The chat UI shows what became of a conversation's proposals (issue 18 §3): an open thread lists the
 * actions it proposed with their current status, shows the system's notices (approved, rejected…) among
 * its turns, and picks up a decision made while the page is open without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChat } from '../../agent/chat/chat.ts';
import { registerChatOutcomeMessages } from '../../agent/chat/register-chat-outcomes.ts';
import { refundingModel } from '../../agent/testing/refunding-model.ts';
import { createGatedToolbox } from '../../agent/toolbox/gated-toolbox.ts';
import type { Database } from '../../core/db/database.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { applyPolicy, approveProposal, rejectProposal } from '../../policies/index.ts';
import { createPrincipal, seedTestOrder, type TestPrincipal } from '../../policies/testing/fixtures.ts';
import { TEST_POLICY } from '../../policies/testing/policy-test-context.ts';
import { createTestToolRegistry, installTestSchema } from '../../policies/testing/test-tools.ts';
import { signIn, startBrowserHarness, type BrowserHarness } from './browser-harness.ts';

describe('proposal outcomes in the chat UI', () => {
  let harness: BrowserHarness;
  let db: Database;
  let rep: TestPrincipal;
  let approver: TestPrincipal;
  let threadId: string;
  let approvedId: string;
  let pendingId: string;
  const registry = createTestToolRegistry();
  let unregister: () => void;

  beforeAll(async () => {
    unregister = registerChatOutcomeMessages();
    harness = await startBrowserHarness(async (database) => {
      db = database;
      await installTestSchema(db);
      const tenant = await createTenant(db, { slug: 'chat-outcomes', name: 'Chat Outcomes Ltd' });
      await applyPolicy(db, tenant.id, TEST_POLICY);
      for (const ref of ['A-1', 'A-2']) await seedTestOrder(db, tenant.id, { ref, total: 2000 });
      rep = await createPrincipal(db, tenant.id, ['rep'], 'rita-rep');
      approver = await createPrincipal(db, tenant.id, ['approver'], 'alex-approver');
      const deps = {
        db,
        model: { id: 'scripted', model: refundingModel() },
        toolboxFor: (principal: Parameters<typeof createGatedToolbox>[2]) => createGatedToolbox(db, registry, principal),
      };
      const first = await runChat(deps, rep, { message: 'please refund 120 on A-1' });
      threadId = first.threadId;
      approvedId = first.proposals[0]!.id;
      const second = await runChat(deps, rep, { message: 'and refund 130 on A-2', threadId });
      pendingId = second.proposals[0]!.id;
      await approveProposal(db, registry, approver, approvedId, { comment: 'fine by me' });
    });
  });
  afterAll(async () => {
    unregister?.();
    await harness?.close();
  });

  it('lists the thread’s proposals with their status and its notices, and follows a decision made meanwhile', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, rep.key, '/chat');
    // The thread is listed; opening it shows the conversation.
    await page.locator(`#chat-threads a[href="/chat/${threadId}"]`).click();
    await page.waitForURL((url) => url.pathname === `/chat/${threadId}`);

    const approvedRow = page.locator(`#thread-proposals tr[data-root-id="${approvedId}"]`);
    const pendingRow = page.locator(`#thread-proposals tr[data-root-id="${pendingId}"]`);
    expect(await approvedRow.locator('[data-proposal-status]').textContent()).toBe('executed');
    // The tenant expects no confirmation from the system of record: no downstream badge.
    expect(await approvedRow.locator('[data-downstream]').count()).toBe(0);
    expect(await pendingRow.locator('[data-proposal-status]').textContent()).toBe('pending');

    const notices = page.locator('#chat-log .message.event');
    expect(await notices.count()).toBe(2);
    expect(await notices.nth(0).textContent()).toContain('was approved by alex-approver: “fine by me”');
    expect(await notices.nth(1).getAttribute('data-event-kind')).toBe('action.executed');
    // Notices sit among the turns in the order things happened: after both questions and answers.
    const order = await page.evaluate(() => [...document.querySelectorAll('#chat-log > *')].map((node) => node.className));
    expect(order).toEqual(['message user', 'message assistant', 'message user', 'message assistant', 'message event', 'message event']);
    await harness.screenshot(page, 'chat-thread-outcomes');

    // Decided while the page is open: the notice and the new status appear without a reload.
    await rejectProposal(db, registry, approver, pendingId, { reason: 'order A-2 was already refunded by phone' });
    await page.waitForSelector('#chat-log .message.event[data-event-kind="proposal.rejected"]', { timeout: 15_000 });
    expect(await page.locator('#chat-log .message.event').last().textContent()).toContain('order A-2 was already refunded by phone');
    await page.waitForFunction(
      (id) => document.querySelector(`#thread-proposals tr[data-root-id="${id}"] [data-proposal-status]`)?.textContent === 'rejected',
      pendingId,
      { timeout: 15_000 },
    );
    await page.close();
  });

  it('shows another user nothing of the thread', async () => {
    const page = await harness.newPage();
    await signIn(page, harness.server.url, approver.key, '/chat');
    expect(await page.locator(`#chat-threads a[href="/chat/${threadId}"]`).count()).toBe(0);
    const response = await page.goto(`${harness.server.url}/chat/${threadId}`);
    expect(response?.status()).toBe(404);
    await page.close();
  });
});
