import type { Command } from 'commander';
import { z } from 'zod';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { parseOrThrow } from '../../core/errors.ts';
import { getKpis, trailingWindow, type Kpis } from '../../core/kpis/index.ts';
import { listTenants, requireTenant } from '../../core/tenants/tenants.ts';
import { printJson } from '../output.ts';
import { BRIEF, withRuntime } from '../runtime.ts';

const optionsSchema = z.object({
  tenant: z.string().optional(),
  days: z.coerce.number().int().min(1).max(3650).default(30),
  json: z.boolean().optional(),
});

const percent = (rate: number | null): string => (rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`);
const hours = (value: number | null): string =>
  value === null ? 'n/a' : value >= 48 ? `${(value / 24).toFixed(1)} d` : `${value.toFixed(1)} h`;

function printKpis(slug: string, kpis: Kpis): void {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`${slug}  (${kpis.window.from.slice(0, 10)} → ${kpis.window.to.slice(0, 10)})`);
  out(
    `  order release time        avg ${hours(kpis.orderReleaseTime.averageHours)}, p90 ${hours(kpis.orderReleaseTime.p90Hours)} over ${kpis.orderReleaseTime.count} orders`,
  );
  out(`  backorder rate            ${percent(kpis.backorderRate.rate)} (${kpis.backorderRate.count}/${kpis.backorderRate.total} orders)`);
  const failures = kpis.perfectOrderRate.failures;
  out(
    `  perfect order rate        ${percent(kpis.perfectOrderRate.rate)} (${kpis.perfectOrderRate.count}/${kpis.perfectOrderRate.total}; not perfect: ${failures.incomplete} incomplete, ${failures.late} late, ${failures.returned} returned, ${failures.exception} with an exception)`,
  );
  out(
    `  return-to-restock         avg ${hours(kpis.returnToRestockCycleTime.averageHours)}, p90 ${hours(kpis.returnToRestockCycleTime.p90Hours)} over ${kpis.returnToRestockCycleTime.count} lines`,
  );
  out(
    `  exception SLA breach rate ${percent(kpis.exceptionSlaBreachRate.rate)} (${kpis.exceptionSlaBreachRate.count}/${kpis.exceptionSlaBreachRate.total} due in the window)`,
  );
  const adjustments = kpis.inventoryAdjustmentFrequency;
  out(
    `  inventory adjustments     ${adjustments.perSkuPerWeek ?? 'n/a'} per SKU per week (${adjustments.adjustments} adjustments on ${adjustments.skusAdjusted} of ${adjustments.activeSkus} SKUs)`,
  );
  const open = kpis.openExceptions;
  out(
    `  open exceptions           ${open.total} (<4h ${open.byAge.under_4h}, 4-24h ${open.byAge['4h_to_24h']}, 1-3d ${open.byAge['1d_to_3d']}, 3-7d ${open.byAge['3d_to_7d']}, >7d ${open.byAge.over_7d})`,
  );
  for (const [type, stat] of Object.entries(open.byType).filter(([, stat]) => stat.total > 0)) out(`    ${type.padEnd(26)} ${stat.total}`);
}

export function registerKpisCommand(program: Command): void {
  program
    .command('kpis')
    .description(
      'operations KPIs: release time, backorder rate, perfect orders, return-to-restock, exceptions by type and age, SLA breaches, adjustments',
    )
    .option('--tenant <slug>', 'one tenant (default: every tenant, each on its own)')
    .option('--days <n>', 'window: the last N days (default 30)')
    .option('--json', 'print JSON: an object for --tenant, otherwise an array of { tenant, …kpis }')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOrThrow(optionsSchema, raw, 'options');
      const window = trailingWindow(options.days);
      await withRuntime(async ({ db }) => {
        const tenants = options.tenant ? [await requireTenant(db, options.tenant)] : await listTenants(db);
        const results = [];
        for (const tenant of tenants)
          results.push({ tenant: tenant.slug, ...(await withTenant(db, tenant.id, (tx) => getKpis(tx, window))) });
        if (options.json) printJson(options.tenant ? results[0] : results);
        else if (results.length === 0) process.stdout.write('(no tenants)\n');
        else
          results.forEach((result, index) => {
            if (index > 0) process.stdout.write('\n');
            printKpis(result.tenant, result);
          });
      }, BRIEF);
    });
}
