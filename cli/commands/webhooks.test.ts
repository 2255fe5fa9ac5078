import { InvalidArgumentError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { openDatabase } from '../../core/db/open.ts';
import { requireTenant } from '../../core/tenants/tenants.ts';
import { appendTestMessages } from '../../integrations/testing/outbox-fixtures.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../integrations/testing/webhook-receiver.ts';
import { runCli as run, useTempDataDir } from '../testing/run-cli.ts';
import { collectTypes } from './webhooks.ts';

describe('webhooks --types', () => {
  it('takes comma lists of message types and names the bad one', () => {
    expect(collectTypes('action.executed, proposal.approved')).toEqual(['action.executed', 'proposal.approved']);
    expect(() => collectTypes('action.executed,order.created')).toThrow(InvalidArgumentError);
    expect(() => collectTypes('order.created')).toThrow('"order.created" is not a message type');
  });
});

describe('copilot webhooks add / list / deliveries / replay / remove', () => {
  useTempDataDir('copilot-webhooks-cli-', 'data', { migrated: true });
  let receiver: WebhookReceiver | undefined;
  beforeAll(async () => {
    await run('tenants', 'create', '--slug', 'hooks-cli', '--name', 'Hooks CLI');
  });
  afterAll(async () => receiver?.close());

  it('refuses a private target without --allow-private, naming the field and the flag', async () => {
    const refused = await run('webhooks', 'add', '--tenant', 'hooks-cli', '--url', 'https://127.0.0.1:9/hooks');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/url: .*--allow-private/);
  });

  it('shows the secret once, never in listings; dispatch delivers, a permanent refusal dead-letters, replay resends', {
    timeout: 180_000,
  }, async () => {
    receiver = await startWebhookReceiver('whsec_cGxhY2Vob2xkZXJwbGFjZWhvbGRlcnBsYWNlaG9sZGVy');
    const { port, url } = receiver;
    await receiver.close();
    const added = await run(
      'webhooks',
      'add',
      '--tenant',
      'hooks-cli',
      '--url',
      url,
      '--allow-private',
      '--types',
      'exception.opened',
      '--json',
    );
    expect(added.exitCode).toBe(0);
    const { endpoint, secret } = JSON.parse(added.stdout) as { endpoint: { id: string; types: string[] }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint.types).toEqual(['exception.opened']);
    const listed = await run('webhooks', 'list', '--tenant', 'hooks-cli', '--json');
    expect(listed.stdout).toContain(endpoint.id);
    expect(listed.stdout).not.toContain(secret);
    expect((await run('webhooks', 'list', '--tenant', 'hooks-cli')).stdout).not.toContain(secret);

    // Two messages committed while no dispatcher ran (the database is closed between commands).
    const db = await openDatabase(loadConfig());
    const tenant = await requireTenant(db, 'hooks-cli');
    const appended = await appendTestMessages(db, tenant.id, 2, 2);
    await db.close();

    receiver = await startWebhookReceiver(secret, { port });
    receiver.faults.push({ kind: 'status', status: 400 });
    const dispatched = JSON.parse((await run('webhooks', 'dispatch', '--json')).stdout) as { outcomes: Record<string, number> };
    expect(dispatched.outcomes).toEqual({ delivered: 1, retry: 0, dead: 1 });
    const dead = JSON.parse((await run('webhooks', 'deliveries', '--tenant', 'hooks-cli', '--status', 'dead', '--json')).stdout) as Array<{
      id: string;
      lastError: string;
      webhookId: string;
    }>;
    expect(dead).toHaveLength(1);
    expect(dead[0]!.lastError).toBe('HTTP 400');
    expect((await run('webhooks', 'replay', '--tenant', 'hooks-cli', '--dead', '--json')).stdout).toContain(dead[0]!.id);
    expect(JSON.parse((await run('webhooks', 'dispatch', '--json')).stdout)).toMatchObject({ outcomes: { delivered: 1 } });
    expect(receiver.applied.map((message) => message.webhookId).sort()).toEqual(appended.map((message) => message.webhookId).sort());

    const bad = await run('webhooks', 'deliveries', '--tenant', 'hooks-cli', '--limit', '0');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--limit');
    const removed = await run('webhooks', 'remove', endpoint.id, '--tenant', 'hooks-cli', '--json');
    expect(JSON.parse(removed.stdout)).toMatchObject({ removed: true, id: endpoint.id });
    const audit = await run('audit', 'list', '--tenant', 'hooks-cli', '--entity', endpoint.id, '--json');
    expect((JSON.parse(audit.stdout) as Array<{ action: string }>).map((entry) => entry.action).sort()).toEqual([
      'webhook.created',
      'webhook.removed',
    ]);
    expect(audit.stdout).not.toContain(secret);
  });

  it('prints the JSON Schema of the messages', async () => {
    const schema = JSON.parse((await run('webhooks', 'schema')).stdout) as { oneOf: Array<{ title: string }> };
    expect(schema.oneOf.map((entry) => entry.title)).toContain('action.executed');
  });
});
