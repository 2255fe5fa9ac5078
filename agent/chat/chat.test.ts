/**
 * Chat on the real tools, knowledge index and policy gate with the offline model: an order stuck on a
 * failed ERP sync, a procedure question, a follow-up turn, and a rep of another tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { authenticateApiKey, createApiKey } from '../../core/identity/api-keys.ts';
import type { Principal } from '../../core/identity/roles.ts';
import { detectExceptions } from '../../core/exceptions/index.ts';
import {
  fixtureTenant,
  insertLocation,
  insertOrder,
  insertSku,
  setBalance,
  type FixtureTenant,
} from '../../core/exceptions/testing/exception-fixtures.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import { createTenant } from '../../core/tenants/tenants.ts';
import { ingestBundledCorpus } from '../../ingestion/bundled-corpus.ts';
import { buildDefaultRegistry } from '../../tools/registry.ts';
import { OfflineChatModel } from '../models/offline/offline-chat-model.ts';
import { createGatedToolbox } from '../toolbox/gated-toolbox.ts';
import { getRun } from '../transcripts/runs.ts';
import { runChat, type ChatDependencies } from './chat.ts';

let db: Database;
let tenant: FixtureTenant;
let rep: Principal;
let otherRep: Principal;
let deps: ChatDependencies;

beforeAll(async () => {
  db = await createTestDb();
  await ingestBundledCorpus(db);
  tenant = await fixtureTenant(db, 'acme-chat');
  await tenant.run(async (tx) => {
    const west = await insertLocation(tx, 'WH-WEST');
    const mug = await insertSku(tx, 'MUG-01');
    await setBalance(tx, mug, west, 'available', 25);
    await insertOrder(tx, {
      number: '10482',
      status: 'validated',
      erpSyncStatus: 'failed',
      erpLastError: 'ERP-503',
      lines: [{ skuId: mug, quantity: 2 }],
    });
    await detectExceptions(tx, { tenantId: tenant.tenantId, now: new Date() });
  });
  rep = await authenticateApiKey(db, (await createApiKey(db, { tenantId: tenant.tenantId, roles: ['rep'], userName: 'rita' })).key);
  const other = await createTenant(db, { slug: 'globex', name: 'Globex' });
  otherRep = await authenticateApiKey(db, (await createApiKey(db, { tenantId: other.id, roles: ['rep'], userName: 'bea' })).key);
  const registry = buildDefaultRegistry();
  deps = {
    db,
    model: { id: 'offline', model: new OfflineChatModel() },
    toolboxFor: (principal) => createGatedToolbox(db, registry, principal),
  };
});
afterAll(async () => {
  await db.close();
});

describe('chat with the offline model on the real tools', () => {
  it('explains a stuck order from its record, its exceptions and the runbook, with citations', async () => {
    const result = await runChat(deps, rep, { message: 'why is order SO-10482 stuck?' });
    expect(result.status).toBe('completed');
    const run = await getRun(db, tenant.tenantId, result.runId);
    expect(run.toolCalls.filter((call) => call.status === 'ok').map((call) => call.name)).toEqual(
      expect.arrayContaining(['get_order', 'order_timeline', 'list_exceptions', 'search_runbooks']),
    );
    expect(result.answer).toContain('Order 10482 has status validated');
    expect(result.answer).toMatch(/ERP failed \(ERP-503\)/);
    expect(result.answer).toMatch(/erp_sync_failed/);
    expect(result.answer).not.toMatch(/couldn't find SO-10482/);
    const refs = result.citations.map((citation) => citation.ref);
    expect(refs).toContain('tool:get_order:10482');
    expect(refs.some((ref) => ref.startsWith('rb-erp-sync-failed#') || ref.startsWith('sop-erp-sync-error-catalogue#'))).toBe(true);

    const next = await runChat(deps, rep, { message: 'is MUG-01 in stock?', threadId: result.threadId });
    expect(next.answer).toMatch(/MUG-01 has 23 available to sell/);
  });

  it('answers a procedure question from the runbooks', async () => {
    const result = await runChat(deps, rep, { message: 'how do I handle an oversell?' });
    expect(result.citations.some((citation) => citation.ref.startsWith('rb-oversell-stock-conflict#'))).toBe(true);
    expect(result.answer).toMatch(/Runbook "Oversell/);
  });

  it('gives a rep of another tenant nothing of the order', async () => {
    const result = await runChat(deps, otherRep, { message: 'why is order 10482 stuck?' });
    expect(result.answer).toMatch(/couldn't find 10482/);
    expect(result.answer).not.toMatch(/ERP-503|validated/);
    const run = await getRun(db, otherRep.tenantId, result.runId);
    expect(JSON.stringify(run.toolCalls)).not.toContain('ERP-503');
  });
});
