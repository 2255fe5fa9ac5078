/**
 * Routing exceptions to people (issue 18 §2): rules of the tenant policy route by type, severity,
 * customer tier, amount and channel; unmatched work goes to the default queue; take / hand over /
 * release are in the history, the audit log and the outbox; the SLA escalation ladder climbs with a
 * controllable clock, each rung once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../core/db/database.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { detectExceptions, getException, listExceptions, onExceptionsOpened } from '../../core/exceptions/index.ts';
import {
  fixtureTenant,
  insertCustomer,
  insertOrder,
  insertSku,
  type FixtureTenant,
} from '../../core/exceptions/testing/exception-fixtures.ts';
import { listOutboxMessages } from '../../core/outbox/index.ts';
import { createTestDb } from '../../core/testing/test-db.ts';
import {
  applyPolicy,
  changeExceptionAssignment,
  escalateDueWork,
  listAuditEntries,
  registerWorkRouting,
  validatePolicySource,
  verifyAuditChain,
} from '../../policies/index.ts';
import { createPrincipal, type TestPrincipal } from '../../policies/testing/fixtures.ts';

const POLICY = `
format: 1
routing:
  defaultQueue: ops
  queues:
    - id: ops
      members: [rita]
    - id: erp-team
      name: ERP integration team
      members: [rita, sam]
      lead: lee
      onCall: otto
  rules:
    - id: vip-to-key-accounts
      when: { customerTier: [vip, key_account], amount: { gte: 1000 } }
      queue: erp-team
      owner: sam
      reason: Large orders of VIP customers go to Sam in the ERP team.
    - id: erp-failures
      when: { exceptionType: erp_sync_failed, channel: web }
      queue: erp-team
      reason: Web orders that failed to reach the ERP are the ERP team's.
  escalation:
    exceptions:
      - { notify: owner, clock: ack, minutesBefore: 30 }
      - { notify: queueLead, clock: ack, minutesBefore: 0 }
      - { notify: onCall, clock: resolve, minutesBefore: 0 }
`;

describe('routing exceptions to people', () => {
  let db: Database;
  let tenant: FixtureTenant;
  let rita: TestPrincipal;
  let sam: TestPrincipal;
  let admin: TestPrincipal;
  const exceptionsOf = async (orderNumber: string) =>
    (await tenant.run((tx) => listExceptions(tx, { status: 'live' }))).filter((item) => item.codes.orderNumber === orderNumber);

  beforeAll(async () => {
    registerWorkRouting();
    db = await createTestDb();
    tenant = await fixtureTenant(db, 'routing-test');
    rita = await createPrincipal(db, tenant.tenantId, ['rep'], 'rita');
    sam = await createPrincipal(db, tenant.tenantId, ['rep', 'approver'], 'sam');
    admin = await createPrincipal(db, tenant.tenantId, ['admin'], 'ada');
    await createPrincipal(db, tenant.tenantId, ['approver'], 'lee');
    await applyPolicy(db, tenant.tenantId, POLICY);
    await tenant.run(async (tx) => {
      const sku = await insertSku(tx, 'VALVE');
      const vip = await insertCustomer(tx, 'C-VIP', { tier: 'vip' });
      const failing = {
        status: 'released',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-503',
        lines: [{ skuId: sku, quantity: 1, reserved: 1 }],
      };
      await insertOrder(tx, { number: 'R-1', channel: 'web', ...failing });
      await insertOrder(tx, { number: 'R-2', channel: 'edi', ...failing });
      await insertOrder(tx, { number: 'R-3', channel: 'edi', customerId: vip, total: 2500, ...failing });
    });
    await tenant.run((tx) => detectExceptions(tx, { tenantId: tenant.tenantId, now: new Date('2025-03-03T10:00:00Z') }));
  });
  afterAll(async () => db?.close());

  it('routes by the first matching rule and sends unmatched work to the default queue, each with its reason', async () => {
    const [web] = await exceptionsOf('R-1');
    const [edi] = await exceptionsOf('R-2');
    const [vip] = await exceptionsOf('R-3');
    expect(web!.assignment).toMatchObject({
      queue: 'erp-team',
      owner: null,
      reason: { by: 'rule', rule: 'erp-failures', policyVersion: 1, reason: "Web orders that failed to reach the ERP are the ERP team's." },
    });
    expect(edi!.assignment).toMatchObject({
      queue: 'ops',
      owner: null,
      reason: { rule: 'default:queue', reason: expect.stringMatching(/default queue ops/) },
    });
    expect(vip!.assignment).toMatchObject({ queue: 'erp-team', owner: 'sam', reason: { rule: 'vip-to-key-accounts' } });

    const history = (await tenant.run((tx) => getException(tx, web!.id))).history;
    expect(history.map((entry) => entry.kind)).toEqual(['detected', 'assigned']);
    expect(history[1]).toMatchObject({ actor: 'routing', data: { to: { queue: 'erp-team', owner: null }, rule: 'erp-failures' } });

    const notices = (await tenant.run((tx) => listOutboxMessages(tx, { type: 'work.assigned' }))).map((message) => message.payload);
    expect(notices).toHaveLength(3);
    expect(notices.find((notice) => (notice.subject as { id: string }).id === vip!.id)).toMatchObject({
      change: 'assigned',
      queue: 'erp-team',
      owner: 'sam',
      link: `/exceptions/${vip!.id}`,
      deadline: vip!.ackDueAt.toISOString(),
      recipients: { queues: ['erp-team'], users: ['sam'] },
      reason: 'Large orders of VIP customers go to Sam in the ERP team.',
    });
    const audit = await listAuditEntries(db, tenant.tenantId, { action: 'work.routed' });
    expect(audit).toHaveLength(1);
    expect((audit[0]!.after as { assignments: unknown[] }).assignments).toHaveLength(3);
  });

  it('lists what is assigned to me or my queues', async () => {
    const mine = await tenant.run((tx) => listExceptions(tx, { status: 'live', owner: 'sam' }));
    expect(mine.map((item) => item.codes.orderNumber)).toEqual(['R-3']);
    const samQueues = await tenant.run((tx) =>
      listExceptions(tx, { status: 'live', owner: 'sam', queue: ['erp-team'], mineOrQueues: true }),
    );
    expect(samQueues.map((item) => item.codes.orderNumber).sort()).toEqual(['R-1', 'R-3']);
    const ops = await tenant.run((tx) => listExceptions(tx, { status: 'live', queue: 'ops' }));
    expect(ops.map((item) => item.codes.orderNumber)).toEqual(['R-2']);
  });

  it('take, hand over and release: checked, in the history, the audit log and the outbox', async () => {
    const [edi] = await exceptionsOf('R-2');
    const taken = await changeExceptionAssignment(db, rita, edi!.id, { action: 'take' });
    expect(taken.assignment).toMatchObject({ queue: 'ops', owner: 'rita', reason: { by: 'person', actor: 'rita' } });
    await expect(changeExceptionAssignment(db, sam, edi!.id, { action: 'take' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/owned by rita/),
    });
    await expect(changeExceptionAssignment(db, sam, edi!.id, { action: 'release' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      changeExceptionAssignment(db, rita, edi!.id, { action: 'hand_over', to: { owner: 'nobody-here' }, note: 'x' }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { issues: [{ path: 'to.owner' }] } });
    await expect(
      changeExceptionAssignment(db, rita, edi!.id, { action: 'hand_over', to: { queue: 'nope' }, note: 'x' }),
    ).rejects.toMatchObject({ code: 'validation_failed', details: { issues: [{ path: 'to.queue' }] } });
    await expect(changeExceptionAssignment(db, rita, edi!.id, { action: 'hand_over', to: { owner: 'sam' } })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      changeExceptionAssignment(db, rita, edi!.id, { action: 'hand_over', to: { owner: 'sam' }, note: 'bad\u0000note' }),
    ).rejects.toMatchObject({ code: 'validation_failed' });

    const handed = await changeExceptionAssignment(db, rita, edi!.id, {
      action: 'hand_over',
      to: { owner: 'sam', queue: 'erp-team' },
      note: 'EDI partner escalated; Sam owns that integration',
    });
    expect(handed.assignment).toMatchObject({
      queue: 'erp-team',
      owner: 'sam',
      reason: { by: 'person', reason: 'rita handed it over to sam in queue erp-team: EDI partner escalated; Sam owns that integration' },
    });
    const released = await changeExceptionAssignment(db, sam, edi!.id, { action: 'release', note: 'off sick tomorrow' });
    expect(released.assignment).toMatchObject({ queue: 'erp-team', owner: null });
    await changeExceptionAssignment(db, admin, edi!.id, { action: 'take' });

    const history = (await tenant.run((tx) => getException(tx, edi!.id))).history;
    expect(history.map((entry) => [entry.kind, entry.actor])).toEqual([
      ['detected', 'exception-rules'],
      ['assigned', 'routing'],
      ['taken', 'rita'],
      ['handed_over', 'rita'],
      ['released', 'sam'],
      ['taken', 'ada'],
    ]);
    const audit = await listAuditEntries(db, tenant.tenantId, { entityId: edi!.id });
    expect(audit.map((entry) => entry.action).filter((action) => action !== 'work.routed')).toEqual(
      expect.arrayContaining(['exception.taken', 'exception.handed_over', 'exception.released']),
    );
    const notices = (await tenant.run((tx) => listOutboxMessages(tx, { type: 'work.assigned' })))
      .filter((message) => (message.payload.subject as { id: string }).id === edi!.id)
      .map((message) => [message.payload.change, message.payload.recipients]);
    expect(notices.reverse()).toEqual([
      ['assigned', { queues: ['ops'], users: [] }],
      ['taken', { queues: [], users: [] }],
      ['handed_over', { queues: [], users: ['sam'] }],
      ['released', { queues: ['erp-team'], users: [] }],
      ['taken', { queues: [], users: [] }],
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('other tenants cannot see or change the assignment', async () => {
    const other = await fixtureTenant(db, 'routing-other');
    const stranger = await createPrincipal(db, other.tenantId, ['admin'], 'eve');
    const [web] = await exceptionsOf('R-1');
    await expect(changeExceptionAssignment(db, stranger, web!.id, { action: 'take' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('climbs the escalation ladder as the clocks run down, each rung once and recorded', async () => {
    const [vip] = await exceptionsOf('R-3');
    const ackDue = vip!.ackDueAt.getTime();
    const at = (offsetMinutes: number) => new Date(ackDue + offsetMinutes * 60_000);
    const stepsOf = async () =>
      (await tenant.run((tx) => getException(tx, vip!.id))).history
        .filter((entry) => entry.kind === 'escalated')
        .map((entry) => entry.data);
    expect(await escalateDueWork(db, at(-31))).toMatchObject({ exceptionSteps: 0 });
    expect(await stepsOf()).toEqual([]);
    await escalateDueWork(db, at(-29));
    await escalateDueWork(db, at(-29));
    expect(await stepsOf()).toEqual([{ step: 'owner', number: 1, notify: { queues: [], users: ['sam'] } }]);
    await escalateDueWork(db, at(1));
    expect((await stepsOf()).map((step) => step.step)).toEqual(['owner', 'queueLead']);
    await escalateDueWork(db, new Date(vip!.slaDueAt.getTime() + 1));
    expect(await stepsOf()).toEqual([
      { step: 'owner', number: 1, notify: { queues: [], users: ['sam'] } },
      { step: 'queueLead', number: 2, notify: { queues: [], users: ['lee'] } },
      { step: 'onCall', number: 3, notify: { queues: [], users: ['otto'] } },
    ]);
    const escalated = (await tenant.run((tx) => listOutboxMessages(tx))).filter(
      (message) =>
        message.type.endsWith('.escalated') &&
        (message.payload.exceptionId === vip!.id || (message.payload.subject as { id?: string })?.id === vip!.id),
    );
    expect(
      escalated
        .filter((message) => message.type === 'exception.escalated')
        .map((message) => message.payload.step)
        .reverse(),
    ).toEqual(['owner', 'queueLead', 'onCall']);
    expect(
      escalated
        .filter((message) => message.type === 'work.escalated')
        .map((message) => message.payload.step)
        .reverse(),
    ).toEqual([
      { number: 1, notify: 'owner', clock: 'ack' },
      { number: 2, notify: 'queueLead', clock: 'ack' },
      { number: 3, notify: 'onCall', clock: 'resolve' },
    ]);
  });

  it('rejects a routing section that names an undeclared queue or an unknown field, with the line', () => {
    const result = validatePolicySource(`format: 1
routing:
  queues: [{ id: a }]
  rules:
    - id: r1
      queue: missing
      reason: x
    - id: r2
      when: { colour: red }
      queue: a
      reason: y
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => [issue.path, issue.line])).toEqual(
      expect.arrayContaining([
        ['routing.rules[0].queue', 6],
        ['routing.rules[1].when.colour', expect.any(Number)],
      ]),
    );
  });

  it('without routing rules work goes to the built-in default queue; a failing listener never blocks detection', async () => {
    const removeBroken = onExceptionsOpened(async () => {
      throw new Error('router exploded');
    });
    const plain = await fixtureTenant(db, 'routing-plain');
    await plain.run(async (tx) => {
      const sku = await insertSku(tx, 'PIPE');
      await insertOrder(tx, {
        number: 'P-1',
        status: 'released',
        erpSyncStatus: 'failed',
        erpLastError: 'ERP-500',
        lines: [{ skuId: sku, quantity: 1 }],
      });
    });
    const report = await plain.run((tx) => detectExceptions(tx, { tenantId: plain.tenantId })).finally(removeBroken);
    expect(report.raised.length).toBeGreaterThan(0);
    for (const id of report.raised) {
      const exception = await withTenant(db, plain.tenantId, (tx) => getException(tx, id));
      expect(exception.assignment).toMatchObject({ queue: 'ops', reason: { rule: 'default:queue', policyVersion: 0 } });
    }
  });
});
