import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Database } from '../../core/db/database.ts';
import { parseOrThrow } from '../../core/errors.ts';
import { DEFAULT_SEED, DEFAULT_SEED_ORDERS, seedDemoData, type SeedOptions, type SeedReport } from '../../core/seed/index.ts';
import { printJson } from '../output.ts';
import { withRuntime } from '../runtime.ts';

const optionsSchema = z.object({
  tenants: z.coerce.number().int().min(1).max(12).default(2),
  orders: z.coerce.number().int().min(0).max(50_000).default(DEFAULT_SEED_ORDERS),
  seed: z.string().min(1).max(100).default(DEFAULT_SEED),
  days: z.coerce.number().int().min(30).max(365).default(90),
  now: z.iso.datetime({ offset: true }).optional(),
  force: z.boolean().default(false),
  json: z.boolean().optional(),
});

/** Seeds with a progress bar on an interactive terminal; used by `copilot seed` and `copilot serve`. */
export async function runSeed(db: Database, options: SeedOptions, show: { progress: boolean }): Promise<SeedReport> {
  const bar =
    show.progress && process.stderr.isTTY
      ? new SingleBar({
          stream: process.stderr,
          format: 'seeding {tenant} [{bar}] day {value}/{total} | {events} events',
          hideCursor: true,
        })
      : undefined;
  let current = '';
  try {
    return await seedDemoData(db, options, {
      onProgress: (progress) => {
        if (!bar) return;
        if (progress.tenant !== current) {
          if (current) bar.stop();
          current = progress.tenant;
          bar.start(progress.days, progress.day, { tenant: progress.tenant, events: progress.events });
        } else bar.update(progress.day, { events: progress.events });
      },
    });
  } finally {
    bar?.stop();
  }
}

/** `serving`: the summary `serve` prints, where the key hint is replaced by the demo sign-in key (cli/demo-sign-in-key.ts). */
export function printSeedSummary(
  report: SeedReport,
  write: (line: string) => void,
  options: { serving?: { embedded: boolean } } = {},
): void {
  write(
    `seeded ${report.tenants.length} tenants in ${(report.durationMs / 1000).toFixed(1)} s (seed "${report.seed}", ${report.days} days up to ${report.now})`,
  );
  for (const tenant of report.tenants) {
    write(
      `  ${tenant.slug.padEnd(18)} ${tenant.orders} orders (${tenant.scenarioOrders} in demo scenarios), ${tenant.events} events${tenant.deadLettered ? `, ${tenant.deadLettered} dead-lettered` : ''}`,
    );
  }
  const open = Object.entries(report.openExceptionsByType)
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
  write(`  open exceptions: ${report.totals.openExceptions} (${open})`);
  if (options.serving) {
    write(`  try: ask the copilot "why is order ${report.stuckOrder} stuck?" in the chat, or open the exception queue`);
    if (options.serving.embedded)
      write('  the embedded database serves one process at a time: stop the server before using the copilot CLI on it');
    return;
  }
  write(`  try: order ${report.stuckOrder} is stuck — \`copilot exceptions --tenant acme-industrial --type erp_sync_failed\``);
  write('  API keys are not seeded; create one with: copilot keys create --tenant acme-industrial --role rep --role approver');
}

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('generate deterministic demo tenants (acme-industrial, brightside, …) with 90 days of operations, through the event path')
    .option('--tenants <n>', 'number of demo tenants (default 2: acme-industrial and brightside)')
    .option('--orders <n>', `background orders across all tenants (default ${DEFAULT_SEED_ORDERS}; demo scenarios add about 55)`)
    .option('--seed <text>', `random seed (default "${DEFAULT_SEED}"): the same seed gives the same data`)
    .option('--days <n>', 'length of the history in days (default 90)')
    .option('--now <iso>', 'end of the timeline (default: now); fix it to reproduce a run exactly')
    .option('--force', 'delete existing demo tenants of the same names (with all their data) and seed them again')
    .option('--json', 'print the seed report as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOrThrow(optionsSchema, raw, 'options');
      await withRuntime(async ({ db }) => {
        const report = await runSeed(
          db,
          {
            tenants: options.tenants,
            orders: options.orders,
            seed: options.seed,
            days: options.days,
            force: options.force,
            ...(options.now ? { now: new Date(options.now) } : {}),
          },
          { progress: !options.json },
        );
        if (options.json) printJson(report);
        else printSeedSummary(report, (line) => process.stdout.write(`${line}\n`));
        if (report.totals.deadLettered > 0) process.exitCode = 1;
      });
    });
}
