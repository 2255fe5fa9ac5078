import { Option, type Command } from 'commander';
import { z } from 'zod';
import type { Database, Tx } from '../../core/db/database.ts';
import { asOperator, withTenant } from '../../core/db/tenant-scope.ts';
import { parseOrThrow, ValidationError } from '../../core/errors.ts';
import {
  EXCEPTION_STATUSES,
  EXCEPTION_TYPES,
  SEVERITIES,
  dismissException,
  getException,
  listExceptions,
  reopenException,
  resolveException,
  resolveExceptionId,
  sweepExceptions,
  type ExceptionFilters,
  type OperationalException,
} from '../../core/exceptions/index.ts';
import { listTenants, requireTenant } from '../../core/tenants/tenants.ts';
import { changeExceptionAssignment } from '../../policies/index.ts';
import { printJson, printTable } from '../output.ts';
import { principalFromKey } from './tools.ts';
import { BRIEF, withRuntime } from '../runtime.ts';

const listOptionsSchema = z.object({
  tenant: z.string().optional(),
  type: z.array(z.enum(EXCEPTION_TYPES)).optional(),
  status: z.array(z.enum(['live', 'all', ...EXCEPTION_STATUSES])).optional(),
  severity: z.array(z.enum(SEVERITIES)).optional(),
  slaBreached: z.boolean().optional(),
  owner: z.string().min(1).max(200).optional(),
  queue: z.array(z.string().min(1).max(64)).optional(),
  unassigned: z.boolean().optional(),
  sort: z.enum(['severity', 'oldest', 'newest', 'sla']).default('severity'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  json: z.boolean().optional(),
});

/** The JSON shape of one exception on the CLI: ISO strings, the tenant by slug. */
export function exceptionJson(exception: OperationalException, tenantSlug: string) {
  return {
    id: exception.id,
    tenant: tenantSlug,
    type: exception.type,
    severity: exception.severity,
    status: exception.status,
    title: exception.title,
    detectedAt: exception.detectedAt.toISOString(),
    ackDueAt: exception.ackDueAt.toISOString(),
    slaDueAt: exception.slaDueAt.toISOString(),
    slaBreached: exception.slaBreached,
    entities: exception.codes,
    refs: exception.refs,
    evidence: exception.evidence,
    resolution: {
      ...exception.resolution,
      resolvedAt: exception.resolution.resolvedAt?.toISOString() ?? null,
    },
    triage: { ...exception.triage, claimedAt: exception.triage.claimedAt?.toISOString() ?? null },
    assignment: exception.assignment,
  };
}

function age(from: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 90) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)}h`;
  return `${Math.round(minutes / 1440)}d`;
}

function slaText(exception: OperationalException, now: Date): string {
  if (exception.resolution.resolvedAt) return exception.slaBreached ? 'closed late' : 'met';
  return exception.slaBreached ? `overdue ${age(exception.slaDueAt, now)}` : `due in ${age(now, exception.slaDueAt)}`;
}

/** Runs fn for one tenant (under its scope) or, without --tenant, as the operator across all tenants. */
async function inScope<T>(db: Database, tenant: string | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!tenant) return asOperator(db, fn);
  const found = await requireTenant(db, tenant);
  return withTenant(db, found.id, fn);
}

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
];
/**
 * `--tenant` is also an option of `exceptions` itself, which sees it first wherever it is written;
 * subcommands read it merged with their own (optsWithGlobals), so `exceptions show <id> --tenant x` works.
 */
const tenantOf = (command: Command): string | undefined => (command.optsWithGlobals() as { tenant?: string }).tenant;
const wantsJson = (command: Command): boolean => Boolean((command.optsWithGlobals() as { json?: boolean }).json);

const changeOptions = (command: Command): Command =>
  command
    .option('--tenant <slug>', 'tenant slug or id (required)')
    .option('--note <text>', 'why (kept in the exception history)')
    .option('--actor <name>', 'who is acting (default: cli:<OS user>)')
    .option('--json', 'print the exception as JSON');

export function registerExceptionsCommand(program: Command): void {
  const exceptions = program
    .command('exceptions')
    .description(
      'list operational exceptions (stock conflicts, payment mismatches, failed ERP syncs, …); see also `exceptions sweep|show|take|hand-over|release|resolve|dismiss|reopen`',
    )
    .option('--tenant <slug>', 'one tenant (default: all tenants, as the operator)')
    .option('--type <type>', `exception type, repeatable or comma-separated (${EXCEPTION_TYPES.join(', ')})`, collect)
    .option(
      '--status <status>',
      `status, repeatable: live (default: open, triaging, awaiting_approval), all, or one of ${EXCEPTION_STATUSES.join(', ')}`,
      collect,
    )
    .option('--severity <severity>', `severity, repeatable (${SEVERITIES.join(', ')})`, collect)
    .option('--sla-breached', 'only exceptions past their resolve SLA')
    .option('--owner <name>', 'only exceptions owned by this user')
    .option('--queue <queue>', 'only exceptions in this queue (repeatable)', collect)
    .option('--unassigned', 'only exceptions with neither owner nor queue')
    .addOption(
      new Option('--sort <order>', 'severity (most urgent first), oldest, newest, or sla (soonest due)')
        .choices(['severity', 'oldest', 'newest', 'sla'])
        .default('severity'),
    )
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'print a JSON array (id, tenant, type, severity, status, detectedAt, slaDueAt, entities, refs, evidence, …)')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOrThrow(listOptionsSchema, raw, 'options');
      const now = new Date();
      const statuses = options.status ?? ['live'];
      const filters: ExceptionFilters = { sort: options.sort, limit: options.limit };
      if (statuses.includes('live')) filters.status = 'live';
      else if (!statuses.includes('all'))
        filters.status = statuses.filter((status): status is (typeof EXCEPTION_STATUSES)[number] => status !== 'live' && status !== 'all');
      if (options.type) filters.type = options.type;
      if (options.severity) filters.severity = options.severity;
      if (options.slaBreached) filters.slaBreached = true;
      if (options.owner) filters.owner = options.owner;
      if (options.queue) filters.queue = options.queue;
      if (options.unassigned) filters.unassigned = true;
      await withRuntime(async ({ db }) => {
        const slugs = new Map((await listTenants(db)).map((tenant) => [tenant.id, tenant.slug]));
        const found = await inScope(db, options.tenant, (tx) => listExceptions(tx, filters, now));
        if (options.json) {
          printJson(found.map((exception) => exceptionJson(exception, slugs.get(exception.tenantId) ?? exception.tenantId)));
          return;
        }
        printTable(
          found.map((exception) => ({
            id: exception.id.slice(0, 8),
            tenant: slugs.get(exception.tenantId) ?? '',
            type: exception.type,
            severity: exception.severity,
            status: exception.status,
            age: age(exception.detectedAt, now),
            sla: slaText(exception, now),
            owner: exception.assignment.owner ?? '',
            queue: exception.assignment.queue ?? '',
            title: exception.title,
          })),
        );
      }, BRIEF);
    });

  exceptions
    .command('show')
    .description('one exception with its evidence, entities and history')
    .argument('<id>', 'exception id (or the short prefix lists show)')
    .option('--tenant <slug>', 'tenant slug or id (default: look across tenants as the operator)')
    .option('--json', 'print as JSON')
    .action(async (id: string, _options: unknown, command: Command) => {
      const json = wantsJson(command);
      await withRuntime(async ({ db }) => {
        const slugs = new Map((await listTenants(db)).map((tenant) => [tenant.id, tenant.slug]));
        const detail = await inScope(db, tenantOf(command), async (tx) => getException(tx, await resolveExceptionId(tx, id)));
        const history = detail.history.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() }));
        const view = { ...exceptionJson(detail, slugs.get(detail.tenantId) ?? detail.tenantId), history };
        if (json) printJson(view);
        else {
          process.stdout.write(
            `${detail.title}\n${detail.type} · ${detail.severity} · ${detail.status} · SLA ${slaText(detail, new Date())} (${view.slaDueAt})\n`,
          );
          process.stdout.write(
            `entities: ${JSON.stringify(detail.codes)}\nevidence: ${JSON.stringify(detail.evidence, null, 2)}\n\nhistory:\n`,
          );
          printTable(
            history.map((entry) => ({
              at: entry.occurredAt,
              kind: entry.kind,
              to: entry.toStatus ?? '',
              actor: entry.actor,
              note: entry.note ?? '',
            })),
          );
        }
      }, BRIEF);
    });

  exceptions
    .command('sweep')
    .description('run every detection rule over all tenants (or one) now: time-based causes, and anything changed outside events')
    .option('--tenant <slug>', 'one tenant')
    .option('--json', 'print a JSON array of { tenant, raised, resolved, updated, suppressed, byType }')
    .action(async (_options: unknown, command: Command) => {
      const json = wantsJson(command);
      await withRuntime(async ({ db }) => {
        const tenant = tenantOf(command);
        const tenantId = tenant ? (await requireTenant(db, tenant)).id : undefined;
        const reports = await sweepExceptions(db, tenantId ? { tenantId } : {});
        const rows = reports.map((report) => ({
          tenant: report.tenantSlug,
          raised: report.raised.length,
          resolved: report.resolved.length,
          updated: report.updated,
          suppressed: report.suppressed,
          byType: report.byType,
          ...(report.error ? { error: report.error } : {}),
        }));
        if (json) printJson(rows);
        else
          printTable(
            rows.map((row) => ({
              ...row,
              byType: Object.entries(row.byType)
                .map(([type, counts]) => `${type} +${counts.raised}/-${counts.resolved}`)
                .join(', '),
            })),
          );
        if (reports.some((report) => report.error)) process.exitCode = 1;
      });
    });

  const change = (name: 'resolve' | 'dismiss' | 'reopen', description: string) =>
    changeOptions(exceptions.command(name).description(description).argument('<id>', 'exception id (or its short prefix)')).action(
      async (id: string, options: { note?: string; actor?: string; json?: boolean }, command: Command) => {
        const slug = tenantOf(command);
        if (!slug) throw new ValidationError(`exceptions ${name} needs --tenant <slug>`, [{ path: 'tenant', message: 'required' }]);
        await withRuntime(async ({ db }) => {
          const tenant = await requireTenant(db, slug);
          const change = {
            actor: options.actor ?? `cli:${process.env.USER ?? 'operator'}`,
            ...(options.note ? { note: options.note } : {}),
          };
          const apply = name === 'resolve' ? resolveException : name === 'dismiss' ? dismissException : reopenException;
          const updated = await withTenant(db, tenant.id, async (tx) => apply(tx, await resolveExceptionId(tx, id), change));
          if (wantsJson(command)) printJson(exceptionJson(updated, tenant.slug));
          else process.stdout.write(`${updated.id} is now ${updated.status}\n`);
        }, BRIEF);
      },
    );
  const assignment = (name: 'take' | 'hand-over' | 'release', description: string) => {
    const command = exceptions
      .command(name)
      .description(`${description} (as the user of --key or COPILOT_API_KEY; in the history and the audit log)`)
      .argument('<id>', 'exception id (or its short prefix)')
      .option('--key <key>', 'API key (default: COPILOT_API_KEY)')
      .option('--json', 'print the exception as JSON');
    if (name === 'hand-over') {
      command
        .option('--to-owner <name>', 'the user who takes it over')
        .option('--to-queue <queue>', 'the queue it moves to (a queue of the tenant policy)')
        .requiredOption('--note <text>', 'why, in words (shown at the top of its page)');
    } else command.option('--note <text>', 'why (kept in the history)');
    command.action(async (id: string, options: { key?: string; note?: string; toOwner?: string; toQueue?: string; json?: boolean }) => {
      await withRuntime(async ({ db, config }) => {
        const principal = await principalFromKey(db, config, options.key);
        const exceptionId = await withTenant(db, principal.tenantId, (tx) => resolveExceptionId(tx, id));
        const action =
          name === 'hand-over'
            ? {
                action: 'hand_over',
                to: { ...(options.toOwner ? { owner: options.toOwner } : {}), ...(options.toQueue ? { queue: options.toQueue } : {}) },
                note: options.note,
              }
            : { action: name, ...(options.note ? { note: options.note } : {}) };
        const updated = await changeExceptionAssignment(db, principal, exceptionId, action);
        if (options.json) printJson(exceptionJson(updated, principal.tenantSlug));
        else {
          const { owner, queue, reason } = updated.assignment;
          process.stdout.write(`${updated.id}: owner ${owner ?? '(none)'}, queue ${queue ?? '(none)'} — ${reason?.reason ?? ''}\n`);
        }
      }, BRIEF);
    });
  };
  assignment('take', 'make yourself the owner of an exception');
  assignment('hand-over', 'hand an exception over to another person and/or queue, saying why');
  assignment('release', 'give an exception you own back to its queue');
  change('resolve', 'mark an exception resolved by a person (RES-ACTION)');
  change('dismiss', 'dismiss an exception as a false positive (RES-NOACTION)');
  change('reopen', 'reopen a resolved or dismissed exception');
}
