/** `copilot webhooks`: a tenant's outbound webhook endpoints, their delivery log, replay, and the message schema. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { z } from 'zod';
import { parseOrThrow } from '../../core/errors.ts';
import { messageJsonSchema, OUTBOX_MESSAGE_TYPES, type OutboxMessageType } from '../../core/outbox/index.ts';
import { requireTenant } from '../../core/tenants/tenants.ts';
import {
  createWebhookEndpoint,
  DEFAULT_RETRY_POLICY,
  DELIVERY_STATUSES,
  dispatchOnce,
  ENDPOINT_CHANNELS,
  type EndpointChannel,
  listWebhookDeliveries,
  notificationSettings,
  listWebhookEndpoints,
  removeWebhookEndpoint,
  replayWebhookDeliveries,
  updateWebhookEndpoint,
  type WebhookDelivery,
} from '../../integrations/index.ts';
import { positiveIntegerOption } from '../option-schemas.ts';
import { printJson, printTable } from '../output.ts';
import { BRIEF, withRuntime } from '../runtime.ts';
import { operatorActor } from './keys.ts';

/** `--types a,b` (or repeated): each must be a message type. */
export function collectTypes(value: string, previous: OutboxMessageType[] = []): OutboxMessageType[] {
  const types = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const unknown = types.find((type) => !(OUTBOX_MESSAGE_TYPES as readonly string[]).includes(type));
  if (types.length === 0 || unknown !== undefined) {
    throw new InvalidArgumentError(
      `${unknown === undefined ? 'no type given' : `"${unknown}" is not a message type`}. Types: ${OUTBOX_MESSAGE_TYPES.join(', ')}.`,
    );
  }
  return [...new Set([...previous, ...(types as OutboxMessageType[])])];
}

const deliveryRow = (delivery: WebhookDelivery) => ({
  id: delivery.id,
  endpoint: delivery.endpointId.slice(0, 8),
  type: delivery.messageType,
  key: delivery.orderingKey,
  status: delivery.status,
  attempts: delivery.attempts,
  last: delivery.lastStatus ?? '',
  error: delivery.lastError ?? '',
  next: delivery.nextAttemptAt,
});

const collectList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
];

export function registerWebhooksCommand(program: Command): void {
  const webhooks = program.command('webhooks').description('outbound webhook endpoints: add, list, remove, deliveries, replay');

  webhooks
    .command('add')
    .description('add an endpoint; its signing secret (whsec_…) is printed once')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .requiredOption(
      '--url <url>',
      'https:// URL (signed POSTs; Slack incoming / Teams workflow webhook URL), or mailto:a@b.c[,…] for email',
    )
    .addOption(
      new Option('--channel <channel>', 'webhook (signed Standard Webhooks POST), slack, teams or email')
        .choices([...ENDPOINT_CHANNELS])
        .default('webhook'),
    )
    .option('--queue <queue>', 'route: only work.* notices for this queue (repeatable)', collectList, [])
    .option('--user <name>', 'route: only work.* notices for this user (repeatable)', collectList, [])
    .option('--digest <severities>', 'slack/teams/email: collect notices of these severities (e.g. low or low,medium) into a digest')
    .option('--digest-minutes <n>', 'how often a digest goes out (default 60)')
    .addOption(
      new Option('--types <types...>', `message types (comma-separated; default all): ${OUTBOX_MESSAGE_TYPES.join(', ')}`).argParser(
        collectTypes,
      ),
    )
    .option('--description <text>', 'what the endpoint is for')
    .option('--disabled', 'add it paused (messages queue until it is enabled)')
    .option('--allow-private', 'operator only: allow loopback/private addresses and plain http (for receivers inside your network)')
    .option('--json', 'print { endpoint, secret }')
    .action(
      async (options: {
        tenant: string;
        url: string;
        types?: OutboxMessageType[];
        channel: EndpointChannel;
        queue: string[];
        user: string[];
        digest?: string;
        digestMinutes?: string;
        description?: string;
        disabled?: boolean;
        allowPrivate?: boolean;
        json?: boolean;
      }) => {
        await withRuntime(async ({ db }) => {
          const tenant = await requireTenant(db, options.tenant);
          const created = await createWebhookEndpoint(
            db,
            tenant.id,
            {
              url: options.url,
              channel: options.channel,
              types: options.types ?? [],
              queues: options.queue,
              users: options.user,
              ...(options.digest
                ? {
                    digest: {
                      severities: options.digest.split(',').map((part) => part.trim()) as never,
                      ...(options.digestMinutes ? { everyMinutes: Number(options.digestMinutes) } : {}),
                    },
                  }
                : {}),
              description: options.description ?? '',
              enabled: options.disabled !== true,
            },
            { actor: operatorActor('copilot webhooks add'), allowPrivate: options.allowPrivate === true },
          );
          if (options.json) printJson(created);
          else {
            process.stdout.write(`${created.secret}\n`);
            process.stderr.write(
              `endpoint ${created.endpoint.id} → ${created.endpoint.url} (${created.endpoint.types.join(', ') || 'all types'}). ` +
                'The signing secret above is shown only once; store it with the receiver now.\n',
            );
          }
        }, BRIEF);
      },
    );

  webhooks
    .command('list')
    .description('list a tenant’s endpoints (never their secrets)')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--json', 'print as JSON')
    .action(async (options: { tenant: string; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        const endpoints = await listWebhookEndpoints(db, tenant.id);
        if (options.json) printJson(endpoints);
        else
          printTable(
            endpoints.map((endpoint) => ({
              id: endpoint.id,
              url: endpoint.url,
              types: endpoint.types.join(',') || 'all',
              enabled: endpoint.enabled ? 'yes' : 'paused',
              failures: endpoint.consecutiveFailures,
              breaker:
                endpoint.circuitOpenUntil && endpoint.circuitOpenUntil > new Date()
                  ? `open until ${endpoint.circuitOpenUntil.toISOString()}`
                  : '',
            })),
          );
      }, BRIEF);
    });

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    webhooks
      .command(name)
      .description(
        enabled ? 'resume an endpoint (closes its circuit breaker; queued messages go out)' : 'pause an endpoint (messages queue)',
      )
      .argument('<endpoint-id>', 'endpoint id')
      .requiredOption('--tenant <slug>', 'tenant slug or id')
      .option('--json', 'print as JSON')
      .action(async (id: string, options: { tenant: string; json?: boolean }) => {
        await withRuntime(async ({ db }) => {
          const tenant = await requireTenant(db, options.tenant);
          const endpoint = await updateWebhookEndpoint(db, tenant.id, id, { enabled }, operatorActor(`copilot webhooks ${name}`));
          if (options.json) printJson(endpoint);
          else process.stdout.write(`endpoint ${endpoint.id} ${enabled ? 'enabled' : 'paused'}\n`);
        }, BRIEF);
      });
  }

  webhooks
    .command('remove')
    .description('remove an endpoint with its delivery log (pending deliveries to it are dropped)')
    .argument('<endpoint-id>', 'endpoint id')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--json', 'print as JSON')
    .action(async (id: string, options: { tenant: string; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        const removed = await removeWebhookEndpoint(db, tenant.id, id, operatorActor('copilot webhooks remove'));
        if (options.json) printJson({ removed: true, id: removed.id, url: removed.url });
        else process.stdout.write(`removed endpoint ${removed.id} (${removed.url})\n`);
      }, BRIEF);
    });

  webhooks
    .command('deliveries')
    .description('the delivery log: each message per endpoint, its status, attempts and last error')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--endpoint <id>', 'only this endpoint')
    .addOption(new Option('--status <status>', 'only this status').choices([...DELIVERY_STATUSES]))
    .option('--type <type>', 'only this message type')
    .option('--limit <n>', 'at most this many (newest first)', '50')
    .option('--json', 'print as JSON (with every attempt)')
    .action(
      async (options: {
        tenant: string;
        endpoint?: string;
        status?: (typeof DELIVERY_STATUSES)[number];
        type?: string;
        limit: string;
        json?: boolean;
      }) => {
        const limit = parseOrThrow(positiveIntegerOption.pipe(z.number().max(1000)), options.limit, '--limit');
        await withRuntime(async ({ db }) => {
          const tenant = await requireTenant(db, options.tenant);
          const deliveries = await listWebhookDeliveries(db, tenant.id, {
            ...(options.endpoint ? { endpointId: options.endpoint } : {}),
            ...(options.status ? { status: options.status } : {}),
            ...(options.type ? { type: options.type } : {}),
            limit,
          });
          if (options.json) printJson(deliveries);
          else printTable(deliveries.map(deliveryRow));
        }, BRIEF);
      },
    );

  webhooks
    .command('replay')
    .description('send deliveries again (same webhook-id, fresh retry horizon): by id, or every dead one')
    .argument('[delivery-ids...]', 'delivery ids')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--dead', 'replay every dead delivery (of --endpoint, if given)')
    .option('--endpoint <id>', 'with --dead: only this endpoint')
    .option('--json', 'print { replayed: [ids] }')
    .action(async (ids: string[], options: { tenant: string; dead?: boolean; endpoint?: string; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        const replayed = await replayWebhookDeliveries(
          db,
          tenant.id,
          {
            ...(ids.length ? { deliveryIds: ids } : {}),
            ...(options.dead ? { allDead: true } : {}),
            ...(options.endpoint ? { endpointId: options.endpoint } : {}),
          },
          operatorActor('copilot webhooks replay'),
        );
        if (options.json) printJson({ replayed });
        else
          process.stdout.write(
            `${replayed.length} deliveries queued again${replayed.length ? ' (the running dispatcher sends them)' : ''}\n`,
          );
      }, BRIEF);
    });

  webhooks
    .command('dispatch')
    .description('deliver everything due now, once, and exit (serve runs a dispatcher continuously)')
    .option('--json', 'print { attempts, outcomes }')
    .action(async (options: { json?: boolean }) => {
      await withRuntime(async ({ db, config }) => {
        const report = await dispatchOnce(db, {
          notifications: notificationSettings(config),
          timeoutMs: config.COPILOT_WEBHOOK_TIMEOUT_MS,
          retry: { ...DEFAULT_RETRY_POLICY, horizonMs: config.COPILOT_WEBHOOK_RETRY_HOURS * 3_600_000 },
        });
        if (options.json) printJson(report);
        else
          process.stdout.write(
            `${report.attempts} attempts: ${report.outcomes.delivered} delivered, ${report.outcomes.retry} to retry, ${report.outcomes.dead} dead\n`,
          );
      }, BRIEF);
    });

  webhooks
    .command('schema')
    .description('print the JSON Schema of every outbound message type')
    .action(() => {
      printJson(messageJsonSchema());
    });
}
