/**
 * `copilot runs export --jsonl [--tenant SLUG] [--since WHEN] [--kind K] [--out FILE]`: every stored
 * run as one JSON transcript per line (the format the evaluation suites read; see README).
 * `copilot runs list` and `copilot runs show <id>` for a look from the shell.
 */
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { parseOrThrow, ValidationError } from '../../core/errors.ts';
import { requireTenant } from '../../core/tenants/tenants.ts';
import { getRunAsOperator, iterateRuns, listRuns } from '../../agent/transcripts/runs.ts';
import type { RunKind } from '../../agent/transcripts/transcript-schema.ts';
import { streamWriter, writeFileAtomically, type WriteText } from '../atomic-file.ts';
import { wholeNumberOption } from '../option-schemas.ts';
import { printJson, printTable } from '../output.ts';
import { BRIEF, withRuntime } from '../runtime.ts';

const SINCE_FORMS =
  'an ISO date (2026-11-01), an ISO date-time (2026-11-01T09:30:00Z; without an offset it is UTC) or a duration back from now (30m, 24h, 7d)';

function sinceError(value: string): ValidationError {
  return new ValidationError(`--since must be ${SINCE_FORMS}, got ${JSON.stringify(value)}`, [
    { path: '--since', message: 'not an ISO date, date-time or duration' },
  ]);
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * `--since`: an ISO date (midnight UTC), an ISO date-time, or a duration back from now (30m, 24h, 7d).
 * Nothing else: Date parsing would also take "12", "March 5" or "yesterday 5" and guess.
 */
export function parseSince(value: string, now: Date = new Date()): Date {
  const text = value.trim();
  const relative = /^(\d+)(m|h|d)$/.exec(text);
  if (relative) {
    const amount = Number(relative[1]);
    if (amount < 1) throw sinceError(value);
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - amount * unit);
  }
  const iso = ISO_DATE_TIME.exec(text);
  if (!iso) throw sinceError(value);
  const [, year, month, day, hour, minute, second = '00', zone] = iso;
  // The calendar date must exist (Date would roll 2026-02-30 over into March).
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const realDate = calendar.toISOString().slice(0, 10) === `${year}-${month}-${day}`;
  if (!realDate || Number(hour ?? 0) > 23 || Number(minute ?? 0) > 59 || Number(second) > 59) throw sinceError(value);
  const date = new Date(hour === undefined ? `${text}T00:00:00Z` : zone ? text : `${text}Z`);
  if (Number.isNaN(date.getTime())) throw sinceError(value);
  return date;
}

/** Why `--out` cannot be written (a directory, or its directory is missing), or undefined if it can. */
async function outPathProblem(path: string): Promise<string | undefined> {
  if ((await stat(path).catch(() => undefined))?.isDirectory()) return 'is a directory';
  const directory = dirname(resolve(path));
  const parent = await stat(directory).catch(() => undefined);
  if (!parent) return `directory ${directory} does not exist`;
  if (!parent.isDirectory()) return `${directory} is not a directory`;
  return undefined;
}

/** Checks `--out` before any work, so a bad path fails at once rather than after the export ran. */
export async function checkOutPath(path: string): Promise<void> {
  const reason = await outPathProblem(path);
  if (reason) throw new ValidationError(`--out ${path}: ${reason}`, [{ path: '--out', message: reason }]);
}

const kindOption = () => new Option('--kind <kind>', 'only triage or chat runs').choices(['triage', 'chat']);

export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('agent run transcripts: export, list, show');

  runs
    .command('export')
    .description('export run transcripts as JSON lines (one run per line)')
    .option('--jsonl', 'JSON Lines output (the only format; accepted for clarity)')
    .option('--tenant <slug>', 'only this tenant (default: all tenants)')
    .option(
      '--since <when>',
      'only runs started at or after: ISO date (2026-11-01), ISO date-time (2026-11-01T09:30:00Z, UTC without an offset), or 30m, 24h, 7d back from now',
    )
    .addOption(kindOption())
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { tenant?: string; since?: string; kind?: RunKind; out?: string }) => {
      // Every option is checked before the database is opened or the output file touched.
      const since = options.since === undefined ? undefined : parseSince(options.since);
      if (options.out) await checkOutPath(options.out);
      await withRuntime(async ({ db }) => {
        const tenant = options.tenant ? await requireTenant(db, options.tenant) : undefined;
        const filters = {
          ...(tenant ? { tenantId: tenant.id } : {}),
          ...(since ? { since } : {}),
          ...(options.kind ? { kind: options.kind } : {}),
        };
        let count = 0;
        const exportTo = async (writeText: WriteText): Promise<void> => {
          for await (const run of iterateRuns(db, filters)) {
            await writeText(`${JSON.stringify(run)}\n`);
            count += 1;
          }
        };
        // A file is replaced only once the whole export is written: a failure leaves the old one intact.
        if (options.out) await writeFileAtomically(options.out, exportTo);
        else await exportTo(streamWriter(process.stdout));
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
      const { '--limit': limit } = parseOrThrow(
        z.object({ '--limit': wholeNumberOption(1, 1000) }),
        { '--limit': options.limit },
        'runs list options',
      );
      await withRuntime(async ({ db }) => {
        const tenant = options.tenant ? await requireTenant(db, options.tenant) : undefined;
        const found = await listRuns(db, {
          ...(tenant ? { tenantId: tenant.id } : {}),
          ...(options.kind ? { kind: options.kind } : {}),
          newestFirst: true,
          limit,
        });
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
      }, BRIEF);
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
          ...run.toolCalls.map(
            (call) =>
              `  ${call.step}. ${call.name} ${JSON.stringify(call.args)} → ${call.status}${call.decision ? ` (${call.decision})` : ''}`,
          ),
          '',
          run.answer ?? '(no answer)',
          ...(run.error ? [`error [${run.error.code}]: ${run.error.message}`] : []),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }, BRIEF);
    });
}
