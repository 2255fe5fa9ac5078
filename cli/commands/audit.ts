/** `copilot audit verify|list`: check the hash-chained audit log, read a tenant's entries. */
import type { Command } from 'commander';
import { requireTenant } from '../../core/tenants/tenants.ts';
import { listAuditEntries, verifyAuditChain } from '../../policies/index.ts';
import { printJson, printTable } from '../output.ts';
import { BRIEF, withRuntime } from '../runtime.ts';

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('verify and read the append-only audit log');

  audit
    .command('verify')
    .description('recompute every tenant’s hash chain; exits 1 when an entry was altered or removed')
    .option('--tenant <slug>', 'check one tenant only')
    .option('--json', 'print { ok, tenants: [{ tenantId, entries, ok, problems }] }')
    .action(async (options: { tenant?: string; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenant = options.tenant ? await requireTenant(db, options.tenant) : undefined;
        const report = await verifyAuditChain(db, tenant?.id);
        if (options.json) printJson(report);
        else {
          for (const chain of report.tenants) {
            process.stdout.write(`${chain.tenantId}: ${chain.entries} entries, ${chain.ok ? 'intact' : 'BROKEN'}\n`);
            for (const problem of chain.problems) process.stdout.write(`  seq ${problem.seq} [${problem.kind}]: ${problem.message}\n`);
          }
          process.stdout.write(
            report.ok ? `audit log intact (${report.tenants.length} tenant chains)\n` : 'audit log verification FAILED\n',
          );
        }
        process.exitCode = report.ok ? 0 : 1;
      }, BRIEF);
    });

  audit
    .command('list')
    .description('show a tenant’s most recent audit entries')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .option('--entity <id>', 'only entries about this entity (proposal id, policy version, tool)')
    .option('--action <action>', 'only this action, e.g. proposal.executed')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print as JSON')
    .action(async (options: { tenant: string; entity?: string; action?: string; limit: string; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenant = await requireTenant(db, options.tenant);
        const entries = await listAuditEntries(db, tenant.id, {
          ...(options.entity ? { entityId: options.entity } : {}),
          ...(options.action ? { action: options.action } : {}),
          limit: Number(options.limit),
        });
        if (options.json) printJson(entries);
        else
          printTable(
            entries.map((entry) => ({
              seq: entry.seq,
              at: entry.at,
              actor: entry.actor.name ?? entry.actor.kind,
              action: entry.action,
              entity: `${entry.entityType}:${entry.entityId ?? ''}`,
              hash: entry.hash.slice(0, 12),
            })),
          );
      }, BRIEF);
    });
}
