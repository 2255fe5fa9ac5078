/** `copilot events import|replay|dead-letters`: load event files, and inspect and replay dead letters. */
import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { parseOrThrow } from '../../core/errors.ts';
import { listDeadLetters } from '../../core/events/dead-letters.ts';
import { checkEventsFile, importEventsFile } from '../../core/events/import-events-file.ts';
import { replayDeadLetters } from '../../core/events/replay-dead-letters.ts';
import { getWebhookSecret, listTenants, requireTenant } from '../../core/tenants/tenants.ts';
import { printJson, printTable } from '../output.ts';
import { withRuntime } from '../runtime.ts';

/** What to do about dead-lettered lines: where to list them and how to replay them once fixed. */
export function deadLetterHint(tenantSlug: string): string {
  return `dead letters are kept: list them with \`copilot events dead-letters --tenant ${tenantSlug}\`, fix the cause, then replay them with \`copilot events replay --tenant ${tenantSlug}\``;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `events replay --id`: dead-letter ids are UUIDs (as `events dead-letters` lists them). */
const replayOptionsSchema = z.object({
  '--id': z.array(z.uuid('must be a dead-letter id (a UUID, see `copilot events dead-letters`)')).optional(),
});

const DEAD_LETTER_STATUSES = ['pending', 'replayed', 'all'] as const;

/** Tenant slugs by id, for listings that span tenants. */
async function tenantSlugs(db: Database): Promise<Map<string, string>> {
  return new Map((await listTenants(db)).map((tenant) => [tenant.id, tenant.slug]));
}

export function registerEventsCommand(program: Command): void {
  const events = program.command('events').description('import events, list and replay dead letters');

  events
    .command('import <file>')
    .description(
      'apply a JSON Lines file of events (one per line) for a tenant; bad lines become dead letters and the import continues (exit 1 if any line was dead-lettered)',
    )
    .requiredOption('--tenant <slug>', 'tenant the events belong to')
    .option('--json', 'print the summary as JSON (no progress bar)')
    .action(async (file: string, options: { tenant: string; json?: boolean }) => {
      await checkEventsFile(file);
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        // The bar goes to stderr and only to a terminal, so piped output and --json stay clean.
        const bar =
          !options.json && process.stderr.isTTY
            ? new SingleBar({
                stream: process.stderr,
                format: 'importing [{bar}] {percentage}% | {lines} events | {eta_formatted} left',
                hideCursor: true,
              })
            : undefined;
        let started = false;
        const summary = await importEventsFile(db, tenant.id, file, {
          onProgress: ({ bytes, totalBytes, lines }) => {
            if (!bar) return;
            if (!started) {
              bar.start(totalBytes, 0, { lines: 0 });
              started = true;
            }
            bar.update(bytes, { lines });
          },
        });
        bar?.stop();
        // Every good line is applied regardless; a dead-lettered line still makes the import exit 1 so a
        // script notices, after the summary says which lines failed.
        if (summary.deadLettered.length > 0) process.exitCode = 1;
        if (options.json) {
          printJson({ tenant: tenant.slug, ...summary, deadLetteredCount: summary.deadLettered.length });
          return;
        }
        process.stdout.write(
          `${tenant.slug}: ${summary.lines} events read, ${summary.applied} applied, ${summary.duplicates} duplicate, ${summary.deadLettered.length} dead-lettered\n`,
        );
        if (summary.deadLettered.length > 0) {
          printTable(
            summary.deadLettered.map((failure) => ({
              line: failure.line,
              event: failure.eventId,
              type: failure.type,
              code: failure.code,
              reason: failure.reason,
            })),
          );
          process.stdout.write(`${deadLetterHint(tenant.slug)}\n`);
        }
      });
    });

  events
    .command('secret')
    .description("print a tenant's webhook signing secret (for X-Copilot-Signature); treat it like a password")
    .requiredOption('--tenant <slug>', 'tenant')
    .option('--json', 'print { tenant, secret }')
    .action(async (options: { tenant: string; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        const secret = await getWebhookSecret(db, tenant.id);
        if (options.json) printJson({ tenant: tenant.slug, secret });
        else process.stdout.write(`${secret}\n`);
      });
    });

  events
    .command('replay')
    .description('re-apply pending dead letters (all tenants unless --tenant); each ends replayed or still failing')
    .option('--tenant <slug>', 'only this tenant')
    .option('--id <id>', 'only this dead letter (repeatable)', collect)
    .option('--json', 'print results as JSON')
    .action(async (options: { tenant?: string; id?: string[]; json?: boolean }) => {
      const { '--id': ids } = parseOrThrow(replayOptionsSchema, { '--id': options.id }, 'events replay options');
      await withRuntime(async ({ db }) => {
        const tenantId = options.tenant ? (await requireTenant(db, options.tenant)).id : undefined;
        const summary = await replayDeadLetters(db, { tenantId, ids });
        if (options.json) {
          printJson(summary);
          return;
        }
        process.stdout.write(`${summary.replayed} replayed, ${summary.stillFailing} still failing\n`);
        const slugs = await tenantSlugs(db);
        if (summary.results.length > 0) {
          printTable(
            summary.results.map((r) => ({
              id: r.deadLetterId,
              tenant: slugs.get(r.tenantId),
              event: r.eventId,
              type: r.eventType,
              outcome: r.outcome,
              reason: r.error?.message ?? '',
            })),
          );
        }
      });
    });

  events
    .command('dead-letters')
    .description('list dead letters (all tenants unless --tenant)')
    .option('--tenant <slug>', 'only this tenant')
    .addOption(new Option('--status <status>', 'which dead letters').choices(DEAD_LETTER_STATUSES).default('pending'))
    .option('--json', 'print a JSON array')
    .action(async (options: { tenant?: string; status: (typeof DEAD_LETTER_STATUSES)[number]; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenantId = options.tenant ? (await requireTenant(db, options.tenant)).id : undefined;
        const letters = await listDeadLetters(db, { tenantId, status: options.status });
        const slugs = await tenantSlugs(db);
        const rows = letters.map((letter) => ({
          id: letter.id,
          tenant: slugs.get(letter.tenantId) ?? letter.tenantId,
          eventId: letter.eventId,
          type: letter.eventType,
          source: letter.source,
          status: letter.status,
          code: letter.errorCode,
          reason: letter.reason,
          attempts: letter.attempts,
          firstFailedAt: letter.firstFailedAt,
          lastFailedAt: letter.lastFailedAt,
          replayedAt: letter.replayedAt,
          ...(options.json ? { details: letter.details, payload: letter.payload } : {}),
        }));
        if (options.json) printJson(rows);
        else printTable(rows, ['id', 'tenant', 'eventId', 'type', 'status', 'code', 'attempts', 'reason']);
      });
    });
}
