/**
 * `copilot triage [--tenant SLUG] [--limit N] [--watch] [--json] [--concurrency N]`: runs the triage
 * worker over open exceptions. Without --watch it stops when the queue is empty (or after N); with
 * --watch it keeps polling until interrupted. --json prints one JSON object per handled exception:
 * { exceptionId, type, outcome, proposals: [{ id, tool, decision }], runId }.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { createAgentServices } from '../../agent/agent-services.ts';
import type { TriageDependencies, TriageItem } from '../../agent/triage/triage-exception.ts';
import { runTriage, startTriageWorker } from '../../agent/triage/triage-worker.ts';
import { startTracing } from '../../agent/telemetry/start-tracing.ts';
import { parseOrThrow } from '../../core/errors.ts';
import { requireTenant } from '../../core/tenants/tenants.ts';
import { positiveIntegerOption, wholeNumberOption } from '../option-schemas.ts';
import { describeError } from '../output.ts';
import { onShutdown, withRuntime } from '../runtime.ts';

/** --concurrency has the bounds of COPILOT_WORKER_CONCURRENCY (1–64); --limit is any positive count. */
const triageOptionsSchema = z.object({
  '--limit': positiveIntegerOption.optional(),
  '--concurrency': wholeNumberOption(1, 64).optional(),
});

/** The numeric triage options, validated before anything is opened. */
export function parseTriageOptions(options: { limit?: string; concurrency?: string }): { limit?: number; concurrency?: number } {
  const parsed = parseOrThrow(triageOptionsSchema, { '--limit': options.limit, '--concurrency': options.concurrency }, 'triage options');
  return {
    ...(parsed['--limit'] !== undefined ? { limit: parsed['--limit'] } : {}),
    ...(parsed['--concurrency'] !== undefined ? { concurrency: parsed['--concurrency'] } : {}),
  };
}

function printItem(item: TriageItem, json: boolean): void {
  if (json) {
    const { exceptionId, type, outcome, proposals, runId } = item;
    process.stdout.write(
      `${JSON.stringify({ exceptionId, type, outcome, proposals, runId, ...(item.reason ? { reason: item.reason } : {}) })}\n`,
    );
    return;
  }
  const proposals = item.proposals.map((proposal) => `${proposal.tool}:${proposal.decision}`).join(', ');
  process.stdout.write(
    `${item.type.padEnd(26)} ${item.exceptionId}  ${item.outcome.padEnd(17)} ${proposals || '-'}${item.reason && item.outcome !== 'executed' ? `  (${item.reason.slice(0, 120)})` : ''}\n`,
  );
}

export function registerTriageCommand(program: Command): void {
  program
    .command('triage')
    .description('triage open exceptions with the agent: propose remediations through the policy gate or hand off')
    .option('--tenant <slug>', 'only this tenant’s exceptions (default: all tenants)')
    .option('--limit <n>', 'stop after handling this many exceptions')
    .option('--concurrency <n>', 'parallel triage lanes, 1 to 64 (default: COPILOT_WORKER_CONCURRENCY)')
    .option('--watch', 'keep running and triage new exceptions as they appear (Ctrl-C to stop)')
    .option('--json', 'print one JSON object per handled exception')
    .action(async (options: { tenant?: string; limit?: string; concurrency?: string; watch?: boolean; json?: boolean }) => {
      const numbers = parseTriageOptions(options);
      await withRuntime(async ({ db, config }) => {
        const tracing = await startTracing(config);
        if (tracing) onShutdown(() => tracing.shutdown());
        const tenant = options.tenant ? await requireTenant(db, options.tenant) : undefined;
        const limit = numbers.limit;
        const concurrency = numbers.concurrency ?? config.COPILOT_WORKER_CONCURRENCY;
        const services = createAgentServices(db, config);
        const deps: TriageDependencies = { db, model: services.model, toolboxFor: services.chat.toolboxFor };
        const json = options.json === true;
        const onItem = (item: TriageItem): void => printItem(item, json);
        if (options.watch) {
          const worker = startTriageWorker(deps, {
            concurrency,
            ...(tenant ? { tenantId: tenant.id } : {}),
            onItem,
            onError: (error) => process.stderr.write(`triage: ${describeError(error)}\n`),
          });
          onShutdown(() => worker.stop());
          process.stderr.write(
            `triage worker watching ${tenant ? tenant.slug : 'all tenants'} with ${concurrency} lane(s); Ctrl-C to stop\n`,
          );
          await new Promise<never>(() => {});
        }
        const items = await runTriage(deps, {
          concurrency,
          ...(tenant ? { tenantId: tenant.id } : {}),
          ...(limit ? { limit } : {}),
          onItem,
        });
        const counts: Record<string, number> = {};
        for (const item of items) counts[item.outcome] = (counts[item.outcome] ?? 0) + 1;
        process.stderr.write(
          `triaged ${items.length} exception${items.length === 1 ? '' : 's'}${
            items.length
              ? `: ${Object.entries(counts)
                  .map(([outcome, count]) => `${count} ${outcome}`)
                  .join(', ')}`
              : ' (queue empty)'
          }\n`,
        );
        if (items.some((item) => item.outcome === 'failed')) process.exitCode = 1;
        await tracing?.shutdown();
      });
    });
}
