import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../core/config.ts';
import { parseOrThrow } from '../../core/errors.ts';
import { snapshotSettings, snapshotStatus } from '../demo-snapshot.ts';
import { printJson } from '../output.ts';

const optionsSchema = z.object({
  install: z.boolean().optional(),
  force: z.boolean().optional(),
  json: z.boolean().optional(),
});

/** A snapshot younger than this is kept by a repeated `npm install` (the build takes minutes). */
const REBUILD_AFTER_MINUTES = 60;

/** Why `--install` builds nothing: an environment that never starts the embedded demo. */
function installSkipReason(env: NodeJS.ProcessEnv, config: ReturnType<typeof loadConfig>): string | undefined {
  if (env.CI && env.CI !== '0' && env.CI !== 'false') return 'CI is set';
  if (!config.COPILOT_DEMO_SNAPSHOT) return 'COPILOT_DEMO_SNAPSHOT is off';
  if (!config.COPILOT_SEED_ON_START) return 'COPILOT_SEED_ON_START is off';
  if (config.DATABASE_URL) return 'DATABASE_URL is set (the demo snapshot is for the embedded database)';
  return undefined;
}

export function registerDemoSnapshotCommand(program: Command): void {
  program
    .command('demo-snapshot')
    .description('build the demo database a first `npm start` copies instead of seeding (npm install runs this)')
    .option('--install', 'as run by npm install: skip in CI or when the demo is off, keep a fresh snapshot, never fail the install')
    .option('--force', 'rebuild even when the snapshot is current')
    .option('--json', 'print the result as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOrThrow(optionsSchema, raw, 'options');
      const log = (line: string) => process.stderr.write(`demo snapshot: ${line}\n`);
      try {
        const config = loadConfig();
        const skip = options.install ? installSkipReason(process.env, config) : undefined;
        if (skip) {
          log(`not built (${skip}); the first start seeds instead`);
          if (options.json) printJson({ built: false, reason: skip });
          return;
        }
        const status = snapshotStatus(snapshotSettings(config));
        if (status.usable && !options.force && Date.now() - Date.parse(status.manifest.builtAt) < REBUILD_AFTER_MINUTES * 60_000) {
          log(`current (built ${status.manifest.builtAt}); --force rebuilds it`);
          if (options.json) printJson({ built: false, reason: 'current', builtAt: status.manifest.builtAt });
          return;
        }
        log('building the demo database a first `npm start` copies (a few minutes; COPILOT_DEMO_SNAPSHOT=0 skips it)…');
        const { buildDemoSnapshot } = await import('../demo-snapshot-build.ts');
        const built = await buildDemoSnapshot(config, { log });
        log(
          `built in ${(built.totalMs / 1000).toFixed(1)} s (seed ${(built.seedMs / 1000).toFixed(1)} s, ${built.events} events, ` +
            `${built.openExceptions} open exceptions, ${(built.bytes / 1_048_576).toFixed(1)} MB) in ${built.dir}`,
        );
        if (options.json) printJson({ built: true, ...built });
      } catch (error) {
        if (!options.install) throw error;
        // An install never fails for the demo: without a snapshot the first start seeds as before.
        log(`not built: ${(error as Error).message}; the first start seeds instead`);
      }
    });
}
