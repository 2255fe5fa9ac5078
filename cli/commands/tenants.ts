import type { Command } from 'commander';
import { parseOrThrow } from '../../core/errors.ts';
import { createTenant, listTenants, newTenantSchema } from '../../core/tenants/tenants.ts';
import { printJson, printTable } from '../output.ts';
import { withRuntime } from '../runtime.ts';

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
      });
    });

  tenants
    .command('create')
    .description('create a tenant')
    .requiredOption('--slug <slug>', 'short unique name (lowercase letters, digits, dashes)')
    .requiredOption('--name <name>', 'display name')
    .option('--timezone <tz>', 'IANA time zone for business-hours rules', 'UTC')
    .option('--json', 'print the tenant as JSON')
    .action(async (options: { slug: string; name: string; timezone: string; json?: boolean }) => {
      // Validated before the database is opened (createTenant checks again, for every other caller).
      const input = parseOrThrow(newTenantSchema, { slug: options.slug, name: options.name, timezone: options.timezone }, 'tenant');
      await withRuntime(async ({ db }) => {
        const tenant = await createTenant(db, input);
        if (options.json) printJson({ id: tenant.id, slug: tenant.slug, name: tenant.name });
        else process.stdout.write(`created tenant ${tenant.slug} (${tenant.id})\n`);
      });
    });
}
