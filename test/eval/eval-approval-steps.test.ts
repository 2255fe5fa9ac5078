/**
 * Approval steps inside a chat case, end to end: a rep's refund becomes a proposal, an approver
 * approves, rejects or edits it through the policies module (four-eyes, authority, re-decision),
 * and the step's expectation is checked against the stored proposal afterwards.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import type { EvalReport } from '../../eval/report/report-schema.ts';
import { runEval } from '../../eval/run/run-eval.ts';

const POLICY = fileURLToPath(new URL('../../eval/policies/runbook-aligned.yaml', import.meta.url));

const SUITE = `
name: approvals
kind: chat
scenarios:
  shop:
    tenant: approval-shop
    policy: ${POLICY}
    locations: [{ code: WH-EAST, name: East DC, kind: warehouse, priority: 10 }]
    skus: [{ code: MUG-01, name: Enamel mug, unitCost: 3, price: 10 }]
    customers: [{ code: C-100, name: Dana Reyes }]
    stock: [{ sku: MUG-01, location: WH-EAST, quantity: 100 }]
    orders:
      - { orderNumber: SO-2001, customerCode: C-100, lines: [{ sku: MUG-01, quantity: 10, unitPrice: 10 }], capture: 130 }
cases:
  - id: approve-executes
    fixture: { scenario: shop }
    input:
      turns:
        - user: Please refund $80 on order SO-2001.
          expect:
            proposals: [{ tool: issue_refund, args: { order: SO-2001, amount: 80 }, status: pending_approval }]
        - approval: { action: approve, tool: issue_refund, args: { order: SO-2001 } }
          expect: { status: executed }
  - id: reject-then-approve-is-refused
    fixture: { scenario: shop }
    input:
      turns:
        - user: Please refund $80 on order SO-2001.
        - approval: { action: reject, tool: issue_refund, comment: not owed }
          expect: { status: rejected }
  - id: edit-is-decided-again
    fixture: { scenario: shop }
    input:
      turns:
        - user: Please refund $80 on order SO-2001.
        - approval: { action: edit, tool: issue_refund, set: { amount: 60 } }
          expect: { status: pending, args: { order: SO-2001, amount: 60 } }
        - approval: { action: approve, tool: issue_refund, args: { amount: 60 } }
          expect: { status: pending, error: "four-eyes" }
        - approval: { action: approve, tool: issue_refund, args: { amount: 60 }, person: second-approver }
          expect: { status: executed }
  - id: must-fail-nothing-to-approve
    tags: [must_fail]
    fixture: { scenario: shop }
    input:
      turns:
        - user: What's the status of order SO-2001?
        - approval: { action: approve, tool: issue_refund }
          expect: { status: executed }
  - id: must-fail-approver-lacks-authority
    tags: [must_fail]
    fixture: { scenario: shop }
    input:
      turns:
        - user: Please refund $80 on order SO-2001.
        - approval: { action: approve, tool: issue_refund, roles: [rep] }
          expect: { status: executed }
`;

let dir: string;
let report: EvalReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eval-approvals-'));
  await writeFile(join(dir, 'approvals.yaml'), SUITE);
  ({ report } = await runEval({ suitePaths: [dir], config: loadConfig({}), model: 'offline', concurrency: 2, workers: 1 }));
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const byId = (id: string) => report.cases.find((item) => item.id === id)!;
const failures = (id: string) => JSON.stringify(byId(id).checks.filter((check) => !check.passed));

describe('approval steps in a chat case (suite found by walking a directory)', () => {
  it('approve: the pending refund runs once an approver approves it, with no invariant violation', () => {
    expect(byId('approve-executes').status, failures('approve-executes')).toBe('passed');
    expect(byId('approve-executes').checks.find((check) => check.name === 'approval')).toMatchObject({ turn: 2, passed: true });
  });

  it('reject and edit: the proposal ends rejected; an edit is a new revision decided again, which its editor may not approve but a second approver may', () => {
    expect(byId('reject-then-approve-is-refused').status, failures('reject-then-approve-is-refused')).toBe('passed');
    expect(byId('edit-is-decided-again').status, failures('edit-is-decided-again')).toBe('passed');
  });

  it('fails a step with nothing to act on, and one by a person without the right', () => {
    expect(byId('must-fail-nothing-to-approve').status).toBe('failed');
    expect(failures('must-fail-nothing-to-approve')).toContain('no pending issue_refund proposal matches');
    expect(byId('must-fail-approver-lacks-authority').status).toBe('failed');
    expect(failures('must-fail-approver-lacks-authority')).toMatch(/failed: .*role/);
  });
});
