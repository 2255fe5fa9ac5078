/**
 * Notifications through the outbox (issue 18 §2): routed work reaches Slack and Teams webhooks (real
 * HTTP receivers on loopback checking the payload shapes) and email (a real SMTP server on loopback,
 * mails parsed); per-queue and per-user routes, one notice per target, a digest for low severity, and
 * a failing channel retried without holding anything up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { detectExceptions, listExceptions } from '../../core/exceptions/index.ts';
import { fixtureTenant, insertOrder, insertSku, type FixtureTenant } from '../../core/exceptions/testing/exception-fixtures.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { createWebhookEndpoint, dispatchOnce, listWebhookDeliveries, type DispatcherOptions } from '../../integrations/index.ts';
import { startChatReceiver, startMailReceiver, type ChatReceiver, type MailReceiver } from '../../integrations/testing/notice-receivers.ts';
import { applyPolicy, registerWorkRouting, SYSTEM_ACTOR } from '../../policies/index.ts';
import { appendWorkAssigned } from '../../policies/routing/work-notice.ts';

const POLICY = `
format: 1
routing:
  defaultQueue: ops
  queues:
    - { id: ops, members: [rita] }
    - { id: erp-team, members: [sam], lead: lee }
  rules:
    - id: erp-web
      when: { exceptionType: erp_sync_failed, channel: web }
      queue: erp-team
      owner: sam
      reason: Web orders stuck before the ERP belong to Sam.
`;

describe('notifications: Slack, Teams and email routes', () => {
  let db: Database;
  let tenant: FixtureTenant;
  let chat: ChatReceiver;
  let mail: MailReceiver;
  let options: DispatcherOptions;
  let exceptionId: string;
  const actor = SYSTEM_ACTOR;
  const add = (input: Parameters<typeof createWebhookEndpoint>[2]) =>
    createWebhookEndpoint(db, tenant.tenantId, input, { actor, allowPrivate: true });

  beforeAll(async () => {
    registerWorkRouting();
    [chat, mail] = await Promise.all([startChatReceiver(), startMailReceiver()]);
    db = await createTestDb();
    tenant = await fixtureTenant(db, 'notify-test');
    await applyPolicy(db, tenant.tenantId, POLICY);
    options = {
      timeoutMs: 2000,
      retry: { baseDelayMs: 1000, maxDelayMs: 1000, horizonMs: 3_600_000 },
      notifications: { publicUrl: 'https://copilot.example.com/', smtp: { url: mail.url, from: 'Ops Copilot <copilot@example.com>' } },
    };
    await add({ url: `${chat.url}/slack`, channel: 'slack', queues: ['erp-team'] });
    // A second route to the same Slack webhook (Sam's own): the notice still arrives once.
    await add({ url: `${chat.url}/slack`, channel: 'slack', users: ['sam'] });
    await add({ url: `${chat.url}/teams`, channel: 'teams', users: ['sam'] });
    await add({ url: 'mailto:erp@example.com', channel: 'email', queues: ['erp-team'] });
    await add({ url: 'mailto:ops@example.com', channel: 'email', queues: ['ops'], digest: { severities: ['low'], everyMinutes: 5 } });
    await add({ url: `${chat.url}/other-team`, channel: 'slack', queues: ['finance'] });
    await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'VALVE');
      await insertOrder(tx, {
        number: 'N-1',
        channel: 'web',
        status: 'released',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
      });
      await detectExceptions(tx, { tenantId: tenant.tenantId });
    });
    exceptionId = (await tenant.run((tx) => listExceptions(tx, { status: 'live', type: 'erp_sync_failed' })))[0]!.id;
  });
  afterAll(async () => {
    await db?.close();
    await Promise.all([chat?.close(), mail?.close()]);
  });

  it('tells the routed queue and owner on each channel once, naming what waits, why, the deadline and a link', async () => {
    const report = await dispatchOnce(db, options);
    expect(report.outcomes.dead).toBe(0);
    const slack = chat.received.get('/slack') as Array<{ text: string; blocks: Array<Record<string, unknown>> }>;
    expect(slack).toHaveLength(1);
    expect(slack[0]!.text).toMatch(/^New work: exception waiting — Order N-1/);
    const section = slack[0]!.blocks.find((block) => block.type === 'section') as { text: { type: string; text: string } };
    expect(section.text.type).toBe('mrkdwn');
    expect(section.text.text).toContain('*Why:* Web orders stuck before the ERP belong to Sam.');
    expect(section.text.text).toMatch(/\*Deadline:\* Acknowledge by \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(section.text.text).toContain(`<https://copilot.example.com/exceptions/${exceptionId}|Open the page>`);
    const actions = slack[0]!.blocks.find((block) => block.type === 'actions') as { elements: Array<{ type: string; url: string }> };
    expect(actions.elements[0]).toMatchObject({ type: 'button', url: `https://copilot.example.com/exceptions/${exceptionId}` });

    const teams = chat.received.get('/teams') as Array<{
      type: string;
      attachments: Array<{ contentType: string; content: Record<string, unknown> }>;
    }>;
    expect(teams).toHaveLength(1);
    expect(teams[0]!.type).toBe('message');
    expect(teams[0]!.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = teams[0]!.attachments[0]!.content as { type: string; version: string; body: Array<Record<string, unknown>> };
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(JSON.stringify(card.body)).toContain('"type":"Action.OpenUrl"');
    expect(JSON.stringify(card.body)).toContain(`https://copilot.example.com/exceptions/${exceptionId}`);
    expect(chat.received.get('/other-team')).toBeUndefined();

    const erpMails = mail.mails.filter((entry) => entry.to && JSON.stringify(entry.to).includes('erp@example.com'));
    expect(erpMails).toHaveLength(1);
    expect(erpMails[0]!.subject).toMatch(/^\[Ops Copilot\] New work: exception waiting — Order N-1/);
    expect(erpMails[0]!.text).toContain('Why: Web orders stuck before the ERP belong to Sam.');
    expect(erpMails[0]!.text).toContain(`Open: https://copilot.example.com/exceptions/${exceptionId}`);
    expect(erpMails[0]!.html).toContain(`href="https://copilot.example.com/exceptions/${exceptionId}"`);
    expect(erpMails[0]!.from?.text).toContain('copilot@example.com');

    // Nothing new: nothing is sent again.
    await dispatchOnce(db, options);
    expect(chat.received.get('/slack')).toHaveLength(1);
    expect(mail.mails).toHaveLength(1);
  });

  it('collects low-severity notices into one digest mail per route, sent when the digest is due', async () => {
    const now = new Date();
    for (const title of ['Invoice INV-1 differs by 0.40', 'Invoice INV-2 differs by 0.10']) {
      await withTenant(db, tenant.tenantId, (tx) =>
        appendWorkAssigned(
          tx,
          {
            tenantId: tenant.tenantId,
            subject: { kind: 'exception', id: crypto.randomUUID(), title, type: 'invoice_mismatch', severity: 'low', status: 'open' },
            queue: 'ops',
            owner: null,
            reason: 'No routing rule matched, so it waits in the default queue ops.',
            rule: 'default:queue',
            deadline: new Date(now.getTime() + 86_400_000),
            recipients: { queues: ['ops'], users: [] },
            at: now,
          },
          'assigned',
          'routing',
        ),
      );
    }
    await dispatchOnce(db, { ...options, now: () => now });
    expect(mail.mails.filter((entry) => JSON.stringify(entry.to).includes('ops@example.com'))).toHaveLength(0);
    await dispatchOnce(db, { ...options, now: () => new Date(now.getTime() + 6 * 60_000) });
    const digests = mail.mails.filter((entry) => JSON.stringify(entry.to).includes('ops@example.com'));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe('[Ops Copilot] Digest: 2 items waiting');
    expect(digests[0]!.text).toContain('Invoice INV-1 differs by 0.40');
    expect(digests[0]!.text).toContain('Invoice INV-2 differs by 0.10');
    const deliveries = await listWebhookDeliveries(db, tenant.tenantId, {});
    expect(deliveries.filter((delivery) => delivery.status === 'digested')).toHaveLength(2);
    await dispatchOnce(db, { ...options, now: () => new Date(now.getTime() + 20 * 60_000) });
    expect(mail.mails.filter((entry) => JSON.stringify(entry.to).includes('ops@example.com'))).toHaveLength(1);
  });

  it('a failing channel is retried, visible in the delivery log, and holds nothing else up', async () => {
    chat.failNext('/teams', 1, 503);
    const now = new Date();
    await withTenant(db, tenant.tenantId, (tx) =>
      appendWorkAssigned(
        tx,
        {
          tenantId: tenant.tenantId,
          subject: {
            kind: 'proposal',
            id: crypto.randomUUID(),
            title: 'issue_refund awaits approval',
            type: 'issue_refund',
            severity: null,
            status: 'pending',
          },
          queue: 'erp-team',
          owner: 'sam',
          reason: 'Refunds need an approver.',
          rule: 'default:queue',
          deadline: new Date(now.getTime() + 3_600_000),
          recipients: { queues: [], users: ['sam'] },
          at: now,
        },
        'handed_over',
        'rita',
      ),
    );
    const first = await dispatchOnce(db, { ...options, now: () => now });
    expect(first.outcomes.retry).toBe(1);
    // Slack got it at once, and its link opens the approval page (a GET that never decides anything).
    const slack = chat.received.get('/slack') as Array<{ text: string; blocks: unknown[] }>;
    expect(slack.at(-1)!.text).toMatch(/^Handed over: approval waiting/);
    expect(JSON.stringify(slack.at(-1)!.blocks)).toMatch(/https:\/\/copilot\.example\.com\/approvals\/[0-9a-f-]{36}/);
    const failed = (await listWebhookDeliveries(db, tenant.tenantId, { status: 'pending' })).find(
      (delivery) => delivery.lastStatus === 503,
    );
    expect(failed).toMatchObject({ attempts: 1, lastError: 'HTTP 503' });
    await dispatchOnce(db, { ...options, now: () => new Date(now.getTime() + 5_000) });
    const teams = chat.received.get('/teams') as unknown[];
    expect(JSON.stringify(teams.at(-1))).toContain('Decide by');
  });

  it('refuses bad routes with a 400-style error naming the field', async () => {
    await expect(add({ url: 'mailto:not-an-address', channel: 'email' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(add({ url: `${chat.url}/slack`, channel: 'slack', types: ['action.executed'] })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { issues: [{ path: 'types.0' }] },
    });
    await expect(add({ url: `${chat.url}/x`, channel: 'webhook', digest: { severities: ['low'] } })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      createWebhookEndpoint(db, tenant.tenantId, { url: 'http://127.0.0.1/slack', channel: 'slack' }, { actor }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
