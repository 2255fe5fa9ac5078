/**
 * The eval runner end to end on a small suite (real template, fixtures built through events, the
 * offline model, the real gate): statuses, diffs of a case that must fail, reports on disk; then
 * `eval replay` of the transcripts it wrote — no drift on the same build, drift when the reference
 * differs, cassettes for runs of another model, and a clear failure when a cassette runs out.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import type { RunTranscript } from '../../agent/transcripts/transcript-schema.ts';
import { listEvalReports, readEvalReport, writeEvalReport } from '../../eval/report/report-store.ts';
import type { EvalReport } from '../../eval/report/report-schema.ts';
import { replayTranscripts } from '../../eval/replay/replay-transcripts.ts';
import { readTranscriptsFile, writeTranscriptsFile, type StoredTranscript } from '../../eval/replay/transcripts-file.ts';
import { runEval, type EvalTranscript } from '../../eval/run/run-eval.ts';
import { prepareCaseFixture } from '../../eval/run/case-fixture.ts';
import { triageOne } from '../../eval/run/run-case.ts';
import { RunTemplates } from '../../eval/run/templates.ts';
import { selectException } from '../../eval/fixtures/select-exception.ts';
import { loadSuiteFile } from '../../eval/suite/load-suite.ts';
import { authenticateApiKey, createApiKey } from '../../core/identity/api-keys.ts';
import { runChat } from '../../agent/chat/chat.ts';
import { createChatModel } from '../../agent/models/create-chat-model.ts';
import { createGatedToolbox } from '../../agent/toolbox/gated-toolbox.ts';
import { getRun } from '../../agent/transcripts/runs.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';

const POLICY = fileURLToPath(new URL('../../eval/policies/runbook-aligned.yaml', import.meta.url));

const SUITE = `
name: mini
kind: triage
scenarios:
  shop:
    tenant: mini-shop
    policy: ${POLICY}
    locations: [{ code: WH-EAST, name: East DC, kind: warehouse, priority: 10 }]
    skus: [{ code: MUG-01, name: Enamel mug, unitCost: 3, price: 10 }]
    customers: [{ code: C-100, name: Dana Reyes }]
    stock: [{ sku: MUG-01, location: WH-EAST, quantity: 100 }]
    orders:
      - { orderNumber: "2001", customerCode: C-100, lines: [{ sku: MUG-01, quantity: 10, unitPrice: 10 }], capture: 130 }
cases:
  - id: refund-excess
    tags: [payment_mismatch]
    fixture: { scenario: shop }
    input: { exception: { type: payment_mismatch, order: "2001" } }
    expect:
      outcome: executed
      trajectory: { mode: superset, steps: [get_exception, { tool: get_order, args: { order: "2001" } }] }
      proposals:
        - { tool: place_order_hold, args: { order: "2001", reasonCode: PAY-MISMATCH }, decision: allow }
        - { tool: issue_refund, args: { order: "2001", amount: 30 }, decision: allow }
      citations: { must: [rb-payment-mismatch], may: [pol-refund-approval-matrix, sop-payment-settlement-references, pol-sla-definitions] }
  - id: must-fail-wrong-amount
    tags: [payment_mismatch, must_fail]
    fixture: { scenario: shop }
    input: { exception: { type: payment_mismatch, order: "2001" } }
    expect:
      proposals:
        - { tool: place_order_hold }
        - { tool: issue_refund, args: { amount: 31 } }
  - id: must-error-no-such-exception
    tags: [must_fail]
    fixture: { scenario: shop }
    input: { exception: { type: credit_hold, customer: C-100 } }
`;

let dir: string;
let report: EvalReport;
let transcripts: EvalTranscript[];
const config = loadConfig({});
// One set of templates for the file's run and every replay (each base build migrates and ingests the
// bundled corpus: seconds of CPU); the builds are counted to show that they are shared.
const templateBuilds: string[] = [];
const templates = new RunTemplates(config, (message) => {
  if (message === 'template: migrating') templateBuilds.push(message);
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eval-run-'));
  await writeFile(join(dir, 'mini.yaml'), SUITE);
  ({ report, transcripts } = await runEval({
    suitePaths: [join(dir, 'mini.yaml')],
    config,
    model: 'offline',
    concurrency: 2,
    workers: 1,
    templates,
  }));
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const byId = (id: string) => report.cases.find((item) => item.id === id)!;

describe('copilot eval on a small suite', () => {
  it('passes the correct case and scores its metrics', () => {
    const passing = byId('refund-excess');
    expect(passing.status, JSON.stringify(passing.checks.filter((check) => !check.passed))).toBe('passed');
    expect(passing.runs[0]!.proposals.map((proposal) => [proposal.tool, proposal.decision, proposal.status])).toEqual([
      ['place_order_hold', 'allow', 'executed'],
      ['issue_refund', 'allow', 'executed'],
    ]);
    expect(passing.scores).toMatchObject({
      trajectory: { checked: 1, matched: 1 },
      proposals: { truePositives: 2, falsePositives: 0, falseNegatives: 0 },
      compliant: true,
    });
  });

  it('fails a case whose expectation is wrong, with a diff naming the field', () => {
    const failing = byId('must-fail-wrong-amount');
    expect(failing.status).toBe('failed');
    const proposals = failing.checks.find((check) => check.name === 'proposals')!;
    expect(proposals.passed).toBe(false);
    expect(proposals.diff.join('\n')).toContain('args.amount: expected 31, got 30');
  });

  it('reports a case whose fixture cannot produce its input as an error, never a pass', () => {
    const broken = byId('must-error-no-such-exception');
    expect(broken.status).toBe('error');
    expect(broken.error).toMatch(/raised no live credit_hold \(customer C-100\) exception/);
  });

  it('summarises with policy compliance and per-tag rates', () => {
    expect(report.summary).toMatchObject({ cases: 3, passed: 1, failed: 1, errors: 1, policyCompliance: 1 });
    expect(report.summary.byTag.find((tag) => tag.tag === 'must_fail')).toMatchObject({ cases: 2, passed: 0 });
  });

  it('writes the report where the UI lists and reads it', async () => {
    const reports = join(dir, 'reports');
    const written = await writeEvalReport(reports, report);
    expect(written.markdown).toMatch(/report\.md$/);
    const listed = await listEvalReports(reports);
    expect(listed).toEqual([expect.objectContaining({ id: report.id, suite: 'mini', cases: 3, passed: 1, failed: 2, model: 'offline' })]);
    const view = await readEvalReport(reports, report.id);
    expect(view!.text).toContain('must-fail-wrong-amount');
    expect(view!.text).toContain('args.amount: expected 31, got 30');
    expect(view!.metrics.policyCompliance).toBe(1);
    expect(await readEvalReport(reports, '../../etc')).toBeUndefined();
  });
});

describe('copilot eval replay', () => {
  let stored: StoredTranscript[];
  const reference = (): StoredTranscript => structuredClone(stored.find((entry) => entry.eval?.case === 'refund-excess')!);

  beforeAll(async () => {
    const file = join(dir, 'transcripts.jsonl');
    await writeTranscriptsFile(file, transcripts);
    stored = await readTranscriptsFile(file);
  });

  it('reads back the transcripts with the case they belong to', () => {
    expect(stored.map((entry) => entry.eval?.case).sort()).toEqual(['must-fail-wrong-amount', 'refund-excess']);
  });

  it('finds no drift when the same build re-runs a run', async () => {
    const result = await replayTranscripts([reference()], { config, concurrency: 1, templates });
    expect(result.items[0]).toMatchObject({ drifted: false, source: 'fixture', replayedWith: 'offline' });
    expect(result.items[0]!.error).toBeUndefined();
  });

  it('reports drift in trajectory, proposals, decisions and citations when the reference differs', async () => {
    const changed = reference();
    const transcript: RunTranscript = changed.transcript;
    const refund = transcript.toolCalls.find((call) => call.name === 'issue_refund')!;
    refund.args = { ...(refund.args as object), amount: 25 };
    refund.decision = 'require_approval';
    refund.status = 'pending_approval';
    transcript.proposals = transcript.proposals.filter((proposal) => proposal.tool !== 'issue_refund');
    transcript.citations = [...transcript.citations, { ref: 'pol-refund-approval-matrix#the-matrix' }];
    const result = await replayTranscripts([changed], { config, concurrency: 1, templates });
    const drift = result.items[0]!.drift!;
    expect(result.drifted).toBe(1);
    expect(drift.trajectory.join('\n')).toMatch(/- issue_refund .*"amount":25/);
    expect(drift.trajectory.join('\n')).toMatch(/\+ issue_refund .*"amount":30/);
    expect(drift.proposals).toEqual([expect.stringMatching(/^\+ issue_refund .* allow \(executed\)/)]);
    expect(drift.decisions.join('\n')).toContain('- issue_refund → require_approval [pending_approval]');
    expect(drift.citations).toEqual(['- pol-refund-approval-matrix#the-matrix']);
  });

  it('replays a run of another model from its cassette, offline, without drift', async () => {
    const recorded = reference();
    recorded.transcript.model = 'openai:gpt-test';
    const result = await replayTranscripts([recorded], { config, concurrency: 1, templates });
    expect(result.items[0], JSON.stringify(result.items[0])).toMatchObject({ replayedWith: 'cassette', drifted: false, warnings: [] });
  });

  it('fails clearly when the cassette runs out of recorded responses', async () => {
    const truncated = reference();
    truncated.transcript.model = 'openai:gpt-test';
    const lastAssistant = truncated.transcript.messages.map((message) => message.role).lastIndexOf('assistant');
    truncated.transcript.messages = truncated.transcript.messages.slice(0, lastAssistant);
    const result = await replayTranscripts([truncated], { config, concurrency: 1, templates });
    expect(result.items[0]!.drifted, JSON.stringify(result.items[0])).toBe(true);
    expect(result.items[0]!.drift!.status.join('\n')).toMatch(
      /cassette divergence: model call #\d+: the cassette holds only \d+ recorded responses/,
    );
  });

  it('replays exported runs on an in-memory copy of their database (the recorded exception reopened on the copy)', async () => {
    const loaded = await loadSuiteFile(join(dir, 'mini.yaml'));
    if (loaded.kind !== 'agent') throw new Error('mini.yaml is an agent suite');
    const fixture = await prepareCaseFixture(
      templates,
      config,
      { scenario: 'shop' },
      { dir, scenarios: loaded.suite.scenarios },
      new Date(),
    );
    const model = createChatModel({ ...config, COPILOT_MODEL: 'offline' });
    const registry = buildDefaultRegistry();
    const exception = await selectException(fixture.db, fixture.tenant.id, { type: 'payment_mismatch', order: '2001' }, new Date());
    const triageRunId = await triageOne({ model, registry }, fixture.db, fixture.tenant, exception);
    const key = await createApiKey(fixture.db, { tenantId: fixture.tenant.id, roles: ['rep'], userName: 'rita-rep' });
    const principal = await authenticateApiKey(fixture.db, key.key);
    const chat = await runChat(
      { db: fixture.db, model, toolboxFor: (caller) => createGatedToolbox(fixture.db, registry, caller) },
      principal,
      { message: 'What is the status of order 2001?' },
    );
    const exported = [await getRun(fixture.db, fixture.tenant.id, triageRunId), await getRun(fixture.db, fixture.tenant.id, chat.runId)];
    const dump = await fixture.db.dumpDataDir();
    await fixture.db.close();

    const result = await replayTranscripts(
      exported.map((transcript, index) => ({ line: index + 1, transcript })),
      { config, concurrency: 1, templates, loadDataDump: async () => dump },
    );
    const [triage, question] = result.items;
    expect(triage).toMatchObject({ source: 'database', kind: 'triage' });
    expect(triage!.error).toBeUndefined();
    expect(triage!.replayRunId).toBeDefined();
    // The data moved on since the recording (the hold is on, 30 refunded): the replay shows it.
    expect(triage!.drifted).toBe(true);
    expect(question).toMatchObject({ source: 'database', kind: 'chat', drifted: false });
    expect(question!.error).toBeUndefined();
  }, 240_000);

  it('needs a database for runs that were not recorded by eval', async () => {
    const exported = reference();
    delete exported.eval;
    const result = await replayTranscripts([exported], { config, concurrency: 1, templates });
    expect(result.items[0]!.error).toMatch(/not recorded by `copilot eval`; replaying it needs its database/);
  });

  it('builds the base template once for the run and every replay that shares it', () => {
    expect(templateBuilds).toEqual(['template: migrating']);
  });
});
