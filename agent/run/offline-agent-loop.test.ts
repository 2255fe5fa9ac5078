/**
 * The offline model's triage without LangGraph gives the graph's runs: the same exceptions triaged from
 * two clones of one database, once by the offline model (offline-agent-loop.ts) and once by the same
 * planner behind a model the loop does not take (so createAgent's graph runs it), compare equal —
 * transcripts, decisions, proposals, answers, outcomes, audit entries and exception history.
 */
import { BaseChatModel, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { asOperator } from '../../core/db/tenant-scope.ts';
import { openMemoryPglite, type PgliteDatabase } from '../../core/db/pglite.ts';
import { detectExceptions } from '../../core/exceptions/index.ts';
import {
  fixtureTenant,
  insertLocation,
  insertOrder,
  insertPayment,
  insertSku,
  setBalance,
} from '../../core/exceptions/testing/exception-fixtures.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { ingestBundledCorpus } from '../../ingestion/bundled-corpus.ts';
import { applyPolicy } from '../../policies/index.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { OfflineChatModel } from '../models/offline/offline-chat-model.ts';
import { createGatedToolbox } from '../toolbox/gated-toolbox.ts';
import { clearTriagePrincipals } from '../triage/triage-principal.ts';
import { runTriage } from '../triage/triage-worker.ts';
import { runsWithoutGraph } from './offline-agent-loop.ts';

const POLICY = `
format: 1
name: loop test policy
rules:
  - id: reallocate-auto
    tool: reallocate_order_line
    decision: allow
    reason: Reallocations to a location with stock run automatically.
  - id: hold-auto
    tool: place_order_hold
    decision: allow
    reason: Holds are protective.
  - id: refund-approval
    tool: issue_refund
    decision: require_approval
    approverRole: approver
    reason: Refunds need an approver.
`;

/** The offline planner behind a model class the loop does not recognise: createAgent's graph runs it. */
class PlannerInGraph extends BaseChatModel {
  constructor(readonly inner: OfflineChatModel) {
    super({});
  }
  _llmType(): string {
    return 'offline-in-graph';
  }
  override bindTools(tools: BindToolsInput[]): PlannerInGraph {
    return new PlannerInGraph(this.inner.bindTools(tools));
  }
  _generate(messages: BaseMessage[]): Promise<ChatResult> {
    return this.inner._generate(messages);
  }
  override _streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    return this.inner._streamResponseChunks(messages, options, runManager);
  }
}

const now = new Date('2026-12-07T11:00:00Z');
const registry = buildDefaultRegistry();
let template: PgliteDatabase;
let tenantId: string;

async function triageAll(model: BaseChatModel): Promise<unknown> {
  clearTriagePrincipals();
  const db: Database = await openMemoryPglite(await template.dumpDataDir(), { sharedMemory: 'brief' });
  try {
    const items = await runTriage(
      { db, model: { id: 'offline', model }, toolboxFor: (principal) => createGatedToolbox(db, registry, principal) },
      { concurrency: 1, workerId: 'loop-test' },
    );
    const read = (sql: string) => asOperator(db, async (tx) => (await tx.query(sql)).rows);
    return normalise({
      items: items.map(({ exceptionId: _, runId: __, proposals, ...item }) => ({
        ...item,
        proposals: proposals.map((p) => [p.tool, p.decision]),
      })),
      runs: await read(
        `SELECT status, input, messages, tool_calls, decisions, proposals, citations, answer, outcome, error FROM agent_runs ORDER BY started_at, id`,
      ),
      audit: await read(`SELECT seq, actor, action, entity_type, entity_id, before, after FROM audit_log ORDER BY seq`),
      history: await read(`SELECT kind, from_status, to_status, actor, note, data FROM exception_events ORDER BY id`),
      proposals: await read(
        `SELECT tool, args, status, decision, evidence, rationale, result, error FROM proposals ORDER BY created_at, tool`,
      ),
    });
  } finally {
    await db.close();
  }
}

/** Ids numbered by first appearance, clock readings and durations masked: what differs between two equal runs. */
function normalise(value: unknown): unknown {
  const ids = new Map<string, string>();
  const text = JSON.stringify(value)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => {
      if (!ids.has(id)) ids.set(id, `<id${ids.size}>`);
      return ids.get(id)!;
    })
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?/g, '<time>')
    // The prompt's clock line reads the wall clock: the two runs may straddle a minute.
    .replace(/Now: [A-Za-z]+ \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, 'Now: <now>')
    .replace(/"(durationMs|totalMs|modelMs|toolMs|at|hash|prev_hash)":("[^"]*"|\d+(\.\d+)?)/g, '"$1":"<x>"');
  return JSON.parse(text);
}

beforeAll(async () => {
  template = await createTestDb();
  await ingestBundledCorpus(template);
  const tenant = await fixtureTenant(template, 'loop-test');
  tenantId = tenant.tenantId;
  await applyPolicy(template, tenantId, POLICY);
  await tenant.run(async (tx) => {
    const east = await insertLocation(tx, 'WH-EAST');
    const west = await insertLocation(tx, 'WH-WEST');
    const tee = await insertSku(tx, 'TEE-BLK-M');
    const mug = await insertSku(tx, 'MUG-01');
    await setBalance(tx, tee, east, 'available', -2);
    await setBalance(tx, tee, east, 'allocated', 2);
    await setBalance(tx, tee, west, 'available', 10);
    await setBalance(tx, mug, west, 'available', 50);
    const stuck = await insertOrder(tx, { number: '1001', status: 'reserved', lines: [{ skuId: tee, quantity: 2, reserved: 2 }] });
    await tx.query(
      `INSERT INTO reservations (tenant_id, order_id, order_line_id, sku_id, location_id, quantity) VALUES (copilot_tenant_id(), $1, $2, $3, $4, 2)`,
      [stuck.id, stuck.lineIds[0], tee, east],
    );
    const paid = await insertOrder(tx, {
      number: '2001',
      status: 'validated',
      total: 100,
      lines: [{ skuId: mug, quantity: 10, unitPrice: 10 }],
    });
    await insertPayment(tx, paid.id, { reference: 'pi_1', captured: 130 });
    await insertOrder(tx, {
      number: '3001',
      status: 'validated',
      erpSyncStatus: 'failed',
      erpLastError: 'ERP-422',
      lines: [{ skuId: mug, quantity: 1 }],
    });
    await detectExceptions(tx, { tenantId, now });
  });
  // The bundled corpus's ingest is most of this on a loaded machine.
}, 600_000);
afterAll(async () => {
  await template.close();
});

describe('the offline loop', () => {
  it('runs the offline model only: any other model keeps the graph', () => {
    expect(runsWithoutGraph(new OfflineChatModel())).toBe(true);
    expect(runsWithoutGraph(new PlannerInGraph(new OfflineChatModel()))).toBe(false);
  });

  it('triages exactly as the graph does: transcripts, decisions, proposals, audit and history', async () => {
    const planner = () => new OfflineChatModel({ now: () => now });
    const inGraph = await triageAll(new PlannerInGraph(planner()));
    const inLoop = await triageAll(planner());
    const summary = inLoop as { items: Array<{ outcome: string }>; runs: unknown[] };
    // Something happened worth comparing: an executed write, one waiting for an approver, a hand-off.
    expect(summary.items.map((item) => item.outcome).sort()).toEqual(['awaiting_approval', 'executed', 'handoff']);
    expect(summary.runs).toHaveLength(3);
    expect(inLoop).toEqual(inGraph);
  }, 600_000);
});
