import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { detectExceptions } from '../../core/exceptions/index.ts';
import { insertOrder, insertSku } from '../../core/exceptions/testing/exception-fixtures.ts';
import { applyPolicy, registerWorkRouting } from '../../policies/index.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

const POLICY = `
format: 1
routing:
  defaultQueue: ops
  queues:
    - id: ops
      members: [rita-rep]
    - id: finance
      members: [arne-approver]
  rules:
    - id: edi-to-finance
      when: { channel: edi }
      queue: finance
      reason: EDI orders are finance's.
`;

interface Listed {
  id: string;
  codes: { orderNumber?: string };
  assignment: { queue: string | null; owner: string | null; reason: { reason: string } | null };
}

describe('/v1/work and assignment changes', () => {
  let t: TestApp;
  let webId: string;
  beforeAll(async () => {
    registerWorkRouting();
    t = await createTestApp();
    await applyPolicy(t.db, t.tenantA.id, POLICY);
    await withTenant(t.db, t.tenantA.id, async (tx) => {
      const sku = await insertSku(tx, 'PUMP');
      const failing = {
        status: 'released',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
      };
      await insertOrder(tx, { number: 'W-1', channel: 'web', ...failing });
      await insertOrder(tx, { number: 'E-1', channel: 'edi', ...failing });
      await detectExceptions(tx, { tenantId: t.tenantA.id });
    });
  });
  afterAll(async () => t?.close());

  it('shows each person the work of their queues, with why it is there', async () => {
    const rita = (await (await t.request('/v1/work', { key: 'rep' })).json()) as { user: string; queues: string[]; exceptions: Listed[] };
    expect(rita.user).toBe('rita-rep');
    expect(rita.queues).toEqual(['ops']);
    const ritaErp = rita.exceptions.filter((item) => item.codes.orderNumber);
    expect(ritaErp.map((item) => item.codes.orderNumber)).toEqual(['W-1']);
    expect(ritaErp[0]!.assignment).toMatchObject({
      queue: 'ops',
      owner: null,
      reason: { reason: expect.stringMatching(/default queue ops/) },
    });
    webId = ritaErp[0]!.id;
    const arne = (await (await t.request('/v1/work?scope=queues', { key: 'approver' })).json()) as { exceptions: Listed[] };
    expect(arne.exceptions.map((item) => item.codes.orderNumber)).toContain('E-1');
    expect(arne.exceptions.map((item) => item.codes.orderNumber)).not.toContain('W-1');
    expect((await t.request('/v1/work', { key: 'otherRep' })).status).toBe(200);
    const other = (await (await t.request('/v1/work?scope=all', { key: 'otherRep' })).json()) as { exceptions: Listed[] };
    expect(other.exceptions).toEqual([]);
    expect((await t.request('/v1/work?scope=everything', { key: 'rep' })).status).toBe(400);
  });

  it('takes, hands over and releases over HTTP; bad input is a 400 naming the field', async () => {
    const path = `/v1/exceptions/${webId}/assignment`;
    const taken = await t.request(path, { key: 'rep', method: 'POST', json: { action: 'take' } });
    expect(taken.status).toBe(200);
    expect(((await taken.json()) as Listed).assignment).toMatchObject({ owner: 'rita-rep', queue: 'ops' });
    const mine = (await (await t.request('/v1/exceptions?assigned=me', { key: 'rep' })).json()) as { exceptions: Listed[] };
    expect(mine.exceptions.map((item) => item.id)).toEqual([webId]);
    expect((await t.request(path, { key: 'approver', method: 'POST', json: { action: 'take' } })).status).toBe(409);
    const noNote = await t.request(path, { key: 'rep', method: 'POST', json: { action: 'hand_over', to: { owner: 'arne-approver' } } });
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(await noNote.json())).toContain('note');
    const unknownAction = await t.request(path, { key: 'rep', method: 'POST', json: { action: 'steal' } });
    expect(unknownAction.status).toBe(400);
    const handed = await t.request(path, {
      key: 'rep',
      method: 'POST',
      json: { action: 'hand_over', to: { owner: 'arne-approver', queue: 'finance' }, note: 'Needs a credit decision' },
    });
    expect(handed.status).toBe(200);
    expect(((await handed.json()) as Listed).assignment.reason?.reason).toBe(
      'rita-rep handed it over to arne-approver in queue finance: Needs a credit decision',
    );
    expect((await t.request(path, { key: 'rep', method: 'POST', json: { action: 'release' } })).status).toBe(403);
    expect((await t.request(path, { key: 'approver', method: 'POST', json: { action: 'release' } })).status).toBe(200);
    expect((await t.request(path, { key: 'evaluator', method: 'POST', json: { action: 'take' } })).status).toBe(403);
    expect((await t.request(path, { key: 'otherAdmin', method: 'POST', json: { action: 'take' } })).status).toBe(404);
    const detail = (await (await t.request(`/v1/exceptions/${webId}`, { key: 'rep' })).json()) as { history: Array<{ kind: string }> };
    expect(detail.history.map((entry) => entry.kind)).toEqual(['detected', 'assigned', 'taken', 'handed_over', 'released']);
  });
});
