import type { Command } from 'commander';
import { migrateAll } from '../../core/db/open.ts';
import { printJson } from '../output.ts';
import { withRuntime } from '../runtime.ts';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (safe to run repeatedly)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      await withRuntime(
        async ({ db }) => {
          const report = await migrateAll(db, (name) => {
            if (!options.json) process.stderr.write(`applied ${name}\n`);
          });
          if (options.json) printJson(report);
          else process.stdout.write(`${report.applied.length} applied, ${report.alreadyApplied} already up to date\n`);
        },
        { migrate: false },
      );
    });
}
