/**
 * What the triage path's statement savings must never cost: a write is decided and run on the state in
 * its own transaction, not on what an earlier read of the run saw, and every proposal the run makes
 * leaves its audit entries in an intact chain. Real core, tools, gate and offline model.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { detectExceptions } from '../../core/exceptions/index.ts';
import {
  fixtureTenant,
  insertOrder,
  insertPayment,
  insertSku,
  insertLocation,
  setBalance,
  type FixtureTenant,
} from '../../core/exceptions/testing/exception-fixtures.ts';
import { issueRefund } from '../../core/payments/index.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { ingestBundledCorpus } from '../../ingestion/bundled-corpus.ts';
import { applyPolicy, listAuditEntries, listProposals, verifyAuditChain } from '../../policies/index.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { OfflineChatModel } from '../models/offline/offline-chat-model.ts';
import { createGatedToolbox } from '../toolbox/gated-toolbox.ts';
import type { AgentToolbox } from '../toolbox/toolbox.ts';
import { getRun } from '../transcripts/runs.ts';
import { clearTriagePrincipals } from './triage-principal.ts';
import { runTriage } from './triage-worker.ts';

// Refunds run without a person here: only the gate's own re-check stands between a stale read and a second refund.
const POLICY = `
format: 1
name: triage integrity test policy
rules:
  - id: hold-auto
    tool: place_order_hold
    decision: allow
    reason: Holds are protective.
  - id: refund-auto
    tool: issue_refund
    decision: allow
    reason: Refunds of an over-capture run automatically in this test.
  - id: reallocate-auto
    tool: reallocate_order_line
    decision: allow
    reason: Reallocations run automatically.
`;

let db: Database;
let tenant: FixtureTenant;
const registry = buildDefaultRegistry();
const now = new Date();

beforeAll(async () => {
  clearTriagePrincipals();
  db = await createTestDb();
  await ingestBundledCorpus(db);
  tenant = await fixtureTenant(db, 'integrity-test');
  await applyPolicy(db, tenant.tenantId, POLICY);
  await tenant.run(async (tx) => {
    const mug = await insertSku(tx, 'MUG-01');
    const west = await insertLocation(tx, 'WH-WEST');
    await setBalance(tx, mug, west, 'available', 50);
    // Order 2001 of 100 captured as 130: the offline planner drafts a hold and a refund of the 30.
    const paid = await insertOrder(tx, {
      number: '2001',
      status: 'validated',
      total: 100,
      lines: [{ skuId: mug, quantity: 10, unitPrice: 10 }],
    });
    await insertPayment(tx, paid.id, { reference: 'pi_1', captured: 130 });
    await detectExceptions(tx, { tenantId: tenant.tenantId, now });
  });
});
afterAll(async () => {
  await db.close();
});

describe('triage integrity', () => {
  it('never refunds on what an earlier read saw: a full refund made by a person meanwhile fails the agent’s refund in its own transaction', async () => {
    let refundedMeanwhile = false;
    const toolboxFor = (principal: Principal): AgentToolbox => {
      const gated = createGatedToolbox(db, registry, principal);
      return {
        describe: () => gated.describe(),
        async invoke(request) {
          const outcome = await gated.invoke(request);
          // Right after the run read the order (130 captured, nothing refunded), a person refunds all of it outside the run.
          if (request.tool === 'get_order' && !refundedMeanwhile) {
            refundedMeanwhile = true;
            await tenant.run((tx) =>
              issueRefund(
                tx,
                { order: '2001', amount: 130, reason: 'order cancelled, refunded by a person meanwhile' },
                { actor: 'rep:dana', at: now },
              ),
            );
          }
          return outcome;
        },
      };
    };
    const [item] = await runTriage({ db, model: { id: 'offline', model: new OfflineChatModel({ now: () => now }) }, toolboxFor });
    expect(refundedMeanwhile).toBe(true);
    const run = await getRun(db, tenant.tenantId, item!.runId!);
    // The run drafted the refund of the 30 over-captured on what it read …
    expect(run.toolCalls.find((call) => call.name === 'issue_refund')).toMatchObject({
      args: { order: '2001', amount: 30 },
      status: 'failed',
    });
    // … and the gate, checking current state in the write's own transaction, refused it: nothing is refunded twice.
    const refunds = await tenant.run(
      async (tx) => (await tx.query<{ amount: number }>(`SELECT amount::float8 AS amount FROM refunds ORDER BY created_at`)).rows,
    );
    expect(refunds.map((refund) => refund.amount)).toEqual([130]);
    expect(run.proposals.find((proposal) => proposal.tool === 'issue_refund')?.status).not.toBe('executed');
  });

  it('leaves an audit entry for every proposal the runs made and each of its transitions, in an intact chain', async () => {
    const approver: Principal = {
      tenantId: tenant.tenantId,
      tenantSlug: 'integrity-test',
      userId: randomUUID(),
      userName: 'audit',
      roles: ['approver'],
    };
    const proposals = await listProposals(db, approver, { limit: 500 });
    // The hold ran; the refund never became a proposal (its inspection in the gate failed).
    expect(proposals.map((proposal) => [proposal.tool, proposal.status])).toEqual([['place_order_hold', 'executed']]);
    const entries = await listAuditEntries(db, tenant.tenantId, { entityType: 'proposal', limit: 1000 });
    for (const proposal of proposals) {
      const actions = entries.filter((entry) => entry.entityId === proposal.id).map((entry) => entry.action);
      const expected = ['proposal.created', ...(['executed', 'failed'].includes(proposal.status) ? [`proposal.${proposal.status}`] : [])];
      expect(actions.sort(), `${proposal.tool} ${proposal.status}`).toEqual(expected.sort());
    }
    const chain = await verifyAuditChain(db, tenant.tenantId);
    expect(chain.ok).toBe(true);
  });
});
