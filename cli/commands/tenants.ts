import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { loadConfig } from '../../core/config.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { parseOrThrow, ValidationError } from '../../core/errors.ts';
import { readSlaCalendar, type SlaCalendar, WEEKDAYS } from '../../core/exceptions/index.ts';
import { createTenant, listTenants, newTenantSchema, requireTenant } from '../../core/tenants/tenants.ts';
import { changeSlaCalendar } from '../../policies/index.ts';
import { printJson, printTable } from '../output.ts';
import { operatorActor } from '../operator-actor.ts';
import { BRIEF, withRuntime } from '../runtime.ts';

export function registerTenantsCommand(program: Command): void {
  const tenants = program
    .command('tenants')
    .description('list tenants (or create one with `tenants create`)')
    .option('--json', 'print a JSON array of { id, slug, name }')
    .action(async (options: { json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const rows = (await listTenants(db)).map((t) => ({ id: t.id, slug: t.slug, name: t.name }));
        if (options.json) printJson(rows);
        else printTable(rows);
      }, BRIEF);
    });

  tenants
    .command('create')
    .description('create a tenant, empty or from a template (policy, runbooks, SLA calendar, routes, people) in one step')
    .requiredOption('--slug <slug>', 'short unique name (lowercase letters, digits, dashes)')
    .requiredOption('--name <name>', 'display name')
    .option('--timezone <tz>', 'IANA time zone for business-hours rules (from a template: its SLA calendar)', 'UTC')
    .option('--currency <code>', "ISO 4217 currency of the tenant's customers, SKUs and orders that name none", 'USD')
    .option('--template <ref>', 'create from a published template: NAME (latest version) or NAME@VERSION')
    .option('--json', 'print the tenant as JSON (with --template: also keys and route secrets, shown once)')
    .addHelpText(
      'after',
      '\nWith --template, every part is applied or none: if anything fails (a part the product now refuses,\n' +
        "a runbook the index skips), nothing of the tenant remains. API keys of the template's people and\n" +
        'webhook signing secrets are printed once. Compare the tenant with its template later: copilot tenants diff SLUG.',
    )
    .action(
      async (
        own: { slug: string; name: string; timezone: string; currency: string; template?: string; json?: boolean },
        command: Command,
      ) => {
        // `tenants` itself takes --json too, and commander gives a parent's option to the parent wherever it appears.
        const options = { ...own, json: own.json === true || command.optsWithGlobals<{ json?: boolean }>().json === true };
        if (options.template !== undefined) {
          if (command.getOptionValueSource('timezone') === 'cli')
            throw new ValidationError("--timezone and --template cannot be combined: the template's SLA calendar sets the time zone", [
              { path: '--timezone', message: 'not with --template' },
            ]);
          await createFromTemplate({
            slug: options.slug,
            name: options.name,
            currency: options.currency,
            template: options.template,
            json: options.json === true,
          });
          return;
        }
        // Validated before the database is opened (createTenant checks again, for every other caller).
        const input = parseOrThrow(
          newTenantSchema,
          { slug: options.slug, name: options.name, timezone: options.timezone, currency: options.currency },
          'tenant',
        );
        await withRuntime(async ({ db }) => {
          const tenant = await createTenant(db, input);
          if (options.json) printJson({ id: tenant.id, slug: tenant.slug, name: tenant.name, currency: tenant.currency });
          else process.stdout.write(`created tenant ${tenant.slug} (${tenant.id})\n`);
        }, BRIEF);
      },
    );

  registerCalendarCommand(tenants);

  tenants
    .command('diff')
    .description('compare a tenant with the template version it was created from (policy, calendar, routes, people, runbooks)')
    .argument('<tenant>', 'tenant slug or id')
    .option('--json', 'print the differences as JSON ({ inSync, policy, slaCalendar, routes, users, runbooks })')
    .action(async (tenant: string, own: { json?: boolean }, command: Command) => {
      const options = { json: own.json === true || command.optsWithGlobals<{ json?: boolean }>().json === true };
      const [{ diffTenantAgainstTemplate }, { chunkOptionsFromConfig }] = await Promise.all([
        import('../../templates/index.ts'),
        import('../../ingestion/index.ts'),
      ]);
      await withRuntime(async ({ db, config }) => {
        const diff = await diffTenantAgainstTemplate(db, tenant, { chunking: chunkOptionsFromConfig(config) });
        if (options.json) printJson(diff);
        else process.stdout.write(formatDiff(diff));
      }, BRIEF);
    });
}

/** A calendar file: YAML or JSON (JSON is YAML), at most 256 KiB, read whole before the database is opened. */
async function readCalendarFile(file: string): Promise<unknown> {
  let text: string;
  try {
    if ((await stat(file)).size > 256 * 1024) throw Object.assign(new Error('larger than 256 KiB'), { code: 'too large' });
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ValidationError(`cannot read calendar file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, [
      { path: 'file', message: 'unreadable' },
    ]);
  }
  try {
    return parseYaml(text, { maxAliasCount: 100 }) as unknown;
  } catch (error) {
    throw new ValidationError(`calendar file ${file} is not YAML or JSON: ${(error as Error).message.split('\n')[0]}`, [
      { path: 'file', message: 'not YAML or JSON' },
    ]);
  }
}

export function formatCalendar(calendar: SlaCalendar): string {
  const lines = [`time zone ${calendar.timezone}`];
  for (const day of WEEKDAYS)
    lines.push(`  ${day.padEnd(9)} ${calendar.hours[day].length > 0 ? calendar.hours[day].join(', ') : 'closed'}`);
  lines.push(calendar.holidays.length > 0 ? 'holidays:' : 'holidays: none');
  for (const holiday of calendar.holidays) lines.push(`  ${holiday.date}${holiday.name ? ` ${holiday.name}` : ''}`);
  return `${lines.join('\n')}\n`;
}

function registerCalendarCommand(tenants: Command): void {
  tenants
    .command('calendar')
    .description("show or replace a tenant's SLA calendar (time zone, business hours per weekday, holidays)")
    .argument('<tenant>', 'tenant slug or id')
    .option('--set <file>', 'replace the calendar with the one in this YAML or JSON file (validated whole; audited)')
    .option(
      '--json',
      'print the calendar as JSON ({ timezone, hours, holidays, custom, updatedAt, updatedBy }; with --set: { before, after })',
    )
    .addHelpText(
      'after',
      '\nA calendar file:\n' +
        '  timezone: Europe/Berlin\n' +
        '  hours:                       # a weekday left out is closed; no hours at all = 08:00-18:00 Mon-Fri\n' +
        '    monday: ["08:00-12:00", "13:00-18:00"]\n' +
        '    saturday: ["09:00-13:00"]   # "00:00-24:00" = the whole day\n' +
        '  holidays:\n' +
        '    - { date: 2026-12-24, name: Christmas Eve }\n' +
        'The change applies to SLA clocks started afterwards, is written to the audit log\n' +
        "(sla_calendar.changed) and moves the tenant to the calendar's time zone. A bad calendar is refused\n" +
        'with every problem named (exit 2) and nothing changes.',
    )
    .action(async (tenantRef: string, own: { set?: string; json?: boolean }, command: Command) => {
      const options = { ...own, json: own.json === true || command.optsWithGlobals<{ json?: boolean }>().json === true };
      const input = options.set === undefined ? undefined : await readCalendarFile(options.set);
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, tenantRef);
        if (input !== undefined) {
          const change = await changeSlaCalendar(db, tenant.id, input, operatorActor('copilot tenants calendar --set'));
          if (options.json) printJson(change);
          else
            process.stdout.write(
              `SLA calendar of ${tenant.slug} replaced (audited); clocks started from now on use it:\n${formatCalendar(change.after)}`,
            );
          return;
        }
        const stored = await withTenant(db, tenant.id, (tx) => readSlaCalendar(tx, tenant.id));
        if (options.json)
          printJson({ ...stored.calendar, custom: stored.custom, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy });
        else
          process.stdout.write(
            `${tenant.slug}: ${stored.custom ? `own calendar (set by ${stored.updatedBy} at ${stored.updatedAt?.toISOString()})` : "the product's hours"}\n${formatCalendar(stored.calendar)}`,
          );
      }, BRIEF);
    });
}

async function createFromTemplate(options: {
  slug: string;
  name: string;
  currency: string;
  template: string;
  json: boolean;
}): Promise<void> {
  const [{ createTenantFromTemplate, newTenantFromTemplateSchema }, { chunkOptionsFromConfig }, { createEmbedder }] = await Promise.all([
    import('../../templates/index.ts'),
    import('../../ingestion/index.ts'),
    import('../../retrieval/index.ts'),
  ]);
  const input = { slug: options.slug, name: options.name, currency: options.currency, template: options.template };
  // Validated before the database is opened (createTenantFromTemplate checks again).
  parseOrThrow(newTenantFromTemplateSchema, input, 'tenant');
  const config = loadConfig();
  const chunking = chunkOptionsFromConfig(config);
  await withRuntime(async ({ db }) => {
    const created = await createTenantFromTemplate(db, input, {
      actor: operatorActor('copilot tenants create --template'),
      embedder: createEmbedder(config),
      chunking,
    });
    if (options.json) {
      printJson({
        id: created.tenant.id,
        slug: created.tenant.slug,
        name: created.tenant.name,
        timezone: created.tenant.timezone,
        currency: created.tenant.currency,
        template: created.template,
        policyVersion: created.policyVersion,
        users: created.users,
        routes: created.routes,
        runbooks: created.runbooks,
      });
      return;
    }
    const out = (line: string): boolean => process.stdout.write(`${line}\n`);
    out(`created tenant ${created.tenant.slug} (${created.tenant.id}) from template ${created.template.name}@${created.template.version}`);
    out(
      `time zone ${created.tenant.timezone} · policy version ${created.policyVersion} · ${created.routes.length} routes · ` +
        `${created.users.length} people · ${created.runbooks.length} runbooks`,
    );
    for (const user of created.users) out(`  ${user.name} (${user.roles.join(', ')})${user.key ? `: ${user.key}` : ''}`);
    const secrets = created.routes.filter((route) => route.channel === 'webhook');
    for (const route of secrets) out(`  webhook ${route.url} signing secret: ${route.secret}`);
    if (created.users.some((user) => user.key) || secrets.length > 0) out('Keys and secrets above are shown once: store them now.');
  }, BRIEF);
}

type Diff = Awaited<ReturnType<typeof import('../../templates/index.ts').diffTenantAgainstTemplate>>;

const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

export function formatDiff(diff: Diff): string {
  const lines = [
    `${diff.tenant} against ${diff.template.name}@${diff.template.version}${diff.state === 'provisioning' ? ' (creation did not complete)' : ''}: ${
      diff.inSync ? 'in sync' : 'differs'
    }`,
  ];
  const section = (title: string, entries: string[]): void => {
    if (entries.length > 0) lines.push(`${title}:`, ...entries.map((entry) => `  ${entry}`));
  };
  section(
    `policy (tenant at version ${diff.policy.tenantVersion})`,
    diff.policy.changes.map((change) => `${change.path}: ${show(change.template)} → ${show(change.tenant)}`),
  );
  section(
    'SLA calendar',
    diff.slaCalendar.changes.map((change) => `${change.path}: ${show(change.template)} → ${show(change.tenant)}`),
  );
  section('routes', [
    ...diff.routes.onlyInTemplate.map((route) => `- ${route.channel} ${route.url} (in the template, not in the tenant)`),
    ...diff.routes.onlyInTenant.map((route) => `+ ${route.channel} ${route.url} (in the tenant, not in the template)`),
  ]);
  section('people', [
    ...diff.users.missing.map((name) => `- ${name} (in the template, not in the tenant)`),
    ...diff.users.added.map((name) => `+ ${name} (added since)`),
    ...diff.users.rolesChanged.map((user) => `~ ${user.name}: roles ${user.template.join(',')} → ${user.tenant.join(',')}`),
  ]);
  section('runbooks', [
    ...diff.runbooks.missing.map((id) => `- ${id} (in the template, not in the tenant)`),
    ...diff.runbooks.changed.map((id) => `~ ${id} (changed since)`),
    ...diff.runbooks.added.map((id) => `+ ${id} (added since)`),
  ]);
  return `${lines.join('\n')}\n`;
}
