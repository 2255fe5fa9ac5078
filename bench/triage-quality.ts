/**
 * `npm run bench -- triage --quality [--from DUMP]`: triages every open exception of the seeded demo
 * data with the offline model and measures, per exception type, the share that end in a
 * runbook-grounded proposal or a justified hand-off:
 *  - grounded: the governing runbook for the type was retrieved and the answer cites it (or the
 *    tenant's own document for the type);
 *  - a proposal counts when every proposed tool is one of the runbook's remediations, the gate
 *    accepted its arguments (executed or awaiting approval; a remediation its tool refused on a
 *    precondition counts only when the agent then handed off with that reason)
 *    and every entity argument (order, customer, RMA, SKU, location) comes from the exception or a
 *    tool result of the run, never from nowhere;
 *  - a hand-off counts when its reason names the blocking fact (not a generic fallback, a step or
 *    time limit, or a failed run).
 * Correctness against independently written expectations is what the eval suites measure.
 */
import { readFile } from 'node:fs/promises';
import { migrateAll } from '../core/db/open.ts';
import { openMemoryPglite, type PgliteDatabase } from '../core/db/pglite.ts';
import { loadConfig } from '../core/config.ts';
import { seedDemoData } from '../core/seed/index.ts';
import { ingestBundledCorpus } from '../ingestion/bundled-corpus.ts';
import { createAgentServices } from '../agent/agent-services.ts';
import { getRunAsOperator } from '../agent/transcripts/runs.ts';
import type { RunTranscript } from '../agent/transcripts/transcript-schema.ts';
import { runTriage } from '../agent/triage/triage-worker.ts';
import { buildDefaultRegistry } from '../tools/registry.ts';
import type { TriageItem } from '../agent/triage/triage-exception.ts';

const WRITE_TOOLS = new Set(
  buildDefaultRegistry()
    .list()
    .filter((tool) => tool.kind === 'write')
    .map((tool) => tool.name),
);
const ENTITY_ARGUMENTS = ['order', 'customer', 'rma', 'sku', 'toLocation', 'location', 'reservationId'];
const GENERIC_HANDOFF = /no remediation fits the data|stopped at its|limit|the agent proposed no remediation/i;

export interface QualityVerdict {
  type: string;
  outcome: TriageItem['outcome'];
  grounded: boolean;
  good: boolean;
  why: string;
}

function scalars(value: unknown, into: Set<string>, depth = 0): Set<string> {
  if (depth > 8) return into;
  if (typeof value === 'string' || typeof value === 'number') into.add(String(value));
  else if (Array.isArray(value)) value.forEach((item) => scalars(item, into, depth + 1));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => scalars(item, into, depth + 1));
  return into;
}

export function judgeTriage(item: TriageItem, run: RunTranscript | undefined): QualityVerdict {
  const verdict = (good: boolean, grounded: boolean, why: string): QualityVerdict => ({
    type: item.type,
    outcome: item.outcome,
    grounded,
    good,
    why,
  });
  if (!run || item.outcome === 'failed') return verdict(false, false, `run failed: ${item.reason ?? 'no transcript'}`);
  const runbook = run.input.runbook;
  const documents = new Set(
    [runbook?.documentId, ...run.citations.map((citation) => citation.documentId ?? citation.ref.split('#')[0])].filter(Boolean),
  );
  const cited = run.citations.some(
    (citation) => citation.ref.includes('#') && (citation.ref.startsWith(`${runbook?.documentId}#`) || citation.documentId !== undefined),
  );
  const grounded = Boolean(runbook) && cited && documents.size > 0;
  if (!grounded) return verdict(false, false, 'no governing runbook retrieved and cited');

  const writes = run.toolCalls.filter((call) => WRITE_TOOLS.has(call.name));
  const known = scalars(run.input.exception, new Set<string>());
  for (const call of run.toolCalls) if (call.status === 'ok') scalars(call.result, known);
  for (const call of writes) {
    // A remediation the tool's own precondition refused (the state does not allow it) and that the agent
    // then handed off with that reason is a justified hand-off; a malformed call never is.
    if (call.status === 'failed' && !(call.error?.code === 'precondition_failed' && item.outcome === 'handoff')) {
      return verdict(false, true, `${call.name} failed: ${call.error?.message ?? call.reason}`);
    }
    if (!runbook!.actions.includes(call.name))
      return verdict(false, true, `${call.name} is not among the runbook's remediations (${runbook!.actions.join(', ')})`);
    const args = (call.args ?? {}) as Record<string, unknown>;
    for (const name of ENTITY_ARGUMENTS) {
      const value = args[name];
      if (value !== undefined && !known.has(String(value)))
        return verdict(false, true, `${call.name}.${name} = ${String(value)} appears in no tool result`);
    }
  }
  if (item.outcome === 'handoff') {
    const reason = run.outcome?.reason ?? item.reason ?? '';
    if (!reason || GENERIC_HANDOFF.test(reason)) return verdict(false, true, `hand-off without a specific reason: ${reason || '(none)'}`);
    return verdict(true, true, `hand-off: ${reason}`);
  }
  return verdict(true, true, `${item.outcome}: ${run.proposals.map((proposal) => proposal.tool).join(', ')}`);
}

async function seededDatabase(from: string | undefined, now: Date): Promise<PgliteDatabase> {
  if (from) return openMemoryPglite(new Blob([await readFile(from)]));
  const db = await openMemoryPglite();
  await migrateAll(db);
  process.stderr.write('seeding the demo data (several minutes)…\n');
  await seedDemoData(db, { now });
  await ingestBundledCorpus(db);
  return db;
}

export async function measureTriageQuality(options: { from?: string; now?: Date } = {}): Promise<QualityVerdict[]> {
  const db = await seededDatabase(options.from, options.now ?? new Date());
  const services = createAgentServices(db, loadConfig({ ...process.env, COPILOT_MODEL: 'offline' }));
  const items = await runTriage({ db, model: services.model, toolboxFor: services.chat.toolboxFor }, { concurrency: 1 });
  const verdicts: QualityVerdict[] = [];
  for (const item of items) {
    const run = item.runId ? await getRunAsOperator(db, item.runId).catch(() => undefined) : undefined;
    verdicts.push(judgeTriage(item, run));
  }
  await db.close();
  return verdicts;
}

export function printQuality(verdicts: readonly QualityVerdict[], options: { verbose?: boolean } = {}): void {
  const byType = new Map<string, QualityVerdict[]>();
  for (const verdict of verdicts) byType.set(verdict.type, [...(byType.get(verdict.type) ?? []), verdict]);
  process.stdout.write(
    '\n| exception type | exceptions | grounded proposal or justified hand-off | executed | awaiting approval | hand-off | failed |\n|---|---|---|---|---|---|---|\n',
  );
  const row = (label: string, list: readonly QualityVerdict[]): string => {
    const count = (outcome: string) => list.filter((verdict) => verdict.outcome === outcome).length;
    const good = list.filter((verdict) => verdict.good).length;
    return `| ${label} | ${list.length} | ${good}/${list.length} (${((100 * good) / Math.max(1, list.length)).toFixed(0)}%) | ${count('executed')} | ${count('awaiting_approval')} | ${count('handoff')} | ${count('failed')} |\n`;
  };
  for (const [type, list] of [...byType.entries()].sort(([a], [b]) => a.localeCompare(b))) process.stdout.write(row(type, list));
  process.stdout.write(row('**all**', verdicts));
  if (options.verbose) {
    const lines = [...verdicts]
      .sort((a, b) => a.type.localeCompare(b.type))
      .map((verdict) => `- ${verdict.good ? 'counted' : 'NOT counted'} ${verdict.type}: ${verdict.why}`);
    process.stdout.write(`\nEvery exception:\n${lines.join('\n')}\n`);
    return;
  }
  const bad = verdicts.filter((verdict) => !verdict.good);
  if (bad.length) process.stdout.write(`\nNot counted:\n${bad.map((verdict) => `- ${verdict.type}: ${verdict.why}`).join('\n')}\n`);
}
