/**
 * `copilot runs export --jsonl [--tenant SLUG] [--since WHEN] [--kind K] [--out FILE]`: every stored
 * run as one JSON transcript per line (the format the evaluation suites read; see README).
 * `copilot runs list` and `copilot runs show <id>` for a look from the shell.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Option, type Command } from 'commander';
import { ValidationError } from '../../core/errors.ts';
import { requireTenant } from '../../core/tenants/tenants.ts';
import { getRunAsOperator, iterateRuns, listRuns } from '../../agent/transcripts/runs.ts';
import type { RunKind } from '../../agent/transcripts/transcript-schema.ts';
import { printJson, printTable } from '../output.ts';
import { withRuntime } from '../runtime.ts';

/** An ISO date/time, or a duration back from now: 30m, 24h, 7d. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const relative = /^(\d+)\s*(m|h|d)$/.exec(value.trim());
  if (relative) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(relative[1]) * unit);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new ValidationError(`--since must be an ISO date or a duration like 24h or 7d, got ${JSON.stringify(value)}`, [{ path: '--since', message: 'not a date or duration' }]);
  return date;
}

const kindOption = () => new Option('--kind <kind>', 'only triage or chat runs').choices(['triage', 'chat']);

export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('agent run transcripts: export, list, show');

  runs
    .command('export')
    .description('export run transcripts as JSON lines (one run per line)')
    .option('--jsonl', 'JSON Lines output (the only format; accepted for clarity)')
    .option('--tenant <slug>', 'only this tenant (default: all tenants)')
    .option('--since <when>', 'only runs started at or after: ISO date/time or 30m, 24h, 7d')
    .addOption(kindOption())
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { tenant?: string; since?: string; kind?: RunKind; out?: string }) => {
      await withRuntime(async ({ db }) => {
        const tenant = options.tenant ? await requireTenant(db, options.tenant) : undefined;
        const out = options.out ? createWriteStream(options.out) : process.stdout;
        let count = 0;
        for await (const run of iterateRuns(db, {
          ...(tenant ? { tenantId: tenant.id } : {}),
          ...(options.since ? { since: parseSince(options.since) } : {}),
          ...(options.kind ? { kind: options.kind } : {}),
        })) {
          if (!out.write(`${JSON.stringify(run)}\n`)) await once(out, 'drain');
          count += 1;
        }
        if (options.out) {
          (out as ReturnType<typeof createWriteStream>).end();
          await once(out, 'finish');
        }
        process.stderr.write(`exported ${count} run${count === 1 ? '' : 's'}\n`);
      });
    });

  runs
    .command('list')
    .description('recent runs, newest first')
    .option('--tenant <slug>', 'only this tenant')
    .addOption(kindOption())
    .option('--limit <n>', 'how many (default 20)', '20')
    .option('--json', 'print as JSON')
    .action(async (options: { tenant?: string; kind?: RunKind; limit: string; json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const tenant = options.tenant ? await requireTenant(db, options.tenant) : undefined;
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ValidationError('--limit must be an integer from 1 to 1000');
        const found = await listRuns(db, { ...(tenant ? { tenantId: tenant.id } : {}), ...(options.kind ? { kind: options.kind } : {}), newestFirst: true, limit });
        const rows = found.map((run) => ({
          id: run.id,
          kind: run.kind,
          status: run.status,
          outcome: run.outcome?.kind ?? '',
          model: run.model,
          toolCalls: run.toolCalls.length,
          proposals: run.proposals.length,
          startedAt: run.startedAt,
          ms: run.timings.totalMs ?? '',
        }));
        if (options.json) printJson(rows);
        else printTable(rows);
      });
    });

  runs
    .command('show')
    .description('one run’s full transcript')
    .argument('<run-id>', 'the run id')
    .option('--json', 'print the transcript as JSON (default: a readable summary)')
    .action(async (runId: string, options: { json?: boolean }) => {
      await withRuntime(async ({ db }) => {
        const run = await getRunAsOperator(db, runId);
        if (options.json) {
          printJson(run);
          return;
        }
        const lines = [
          `${run.kind} run ${run.id} — ${run.status}${run.outcome ? ` (${run.outcome.kind}${run.outcome.reason ? `: ${run.outcome.reason}` : ''})` : ''}`,
          `model ${run.model}, ${run.timings.modelCalls ?? 0} model calls, ${run.toolCalls.length} tool calls, ${run.timings.totalMs ?? '?'} ms`,
          `input: ${run.input.message.split('\n')[0]}`,
          ...run.toolCalls.map((call) => `  ${call.step}. ${call.name} ${JSON.stringify(call.args)} → ${call.status}${call.decision ? ` (${call.decision})` : ''}`),
          '',
          run.answer ?? '(no answer)',
          ...(run.error ? [`error [${run.error.code}]: ${run.error.message}`] : []),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
