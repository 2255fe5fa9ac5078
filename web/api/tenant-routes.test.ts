import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTenant } from '../../core/tenants/tenants.ts';
import { listAuditEntries, verifyAuditChain } from '../../policies/index.ts';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

const PATH = '/v1/tenants/current/sla-calendar';
const calendar = {
  timezone: 'Europe/Berlin',
  hours: { monday: ['08:00-12:00', '13:00-18:00'], tuesday: ['08:00-18:00'], saturday: ['09:00-13:00'] },
  holidays: [{ date: '2026-12-24', name: 'Christmas Eve' }, { date: '2026-12-31' }],
};

describe('the tenant’s SLA calendar over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows the product’s hours to the tenant’s people until an admin sets one', async () => {
    const response = await t.request(PATH, { key: 'rep' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      timezone: 'UTC',
      hours: { monday: ['08:00-18:00'], saturday: [], sunday: [] },
      holidays: [],
      custom: false,
      updatedAt: null,
    });
  });

  it('is read by rep, approver, admin, evaluator and changed by admins only (403 naming the role)', async () => {
    const read = await t.request(PATH, { key: 'integration' });
    expect(read.status).toBe(403);
    expect(await read.json()).toMatchObject({
      error: { code: 'forbidden', details: { requiredRoles: ['rep', 'approver', 'admin', 'evaluator'] } },
    });
    for (const key of ['rep', 'approver', 'evaluator', 'integration'] as const) {
      const response = await t.request(PATH, { key, method: 'PUT', json: calendar });
      expect(response.status, key).toBe(403);
      expect(await response.json()).toMatchObject({ error: { details: { requiredRoles: ['admin'] } } });
    }
  });

  it('replaces the calendar, moves the tenant’s time zone, and audits before and after', async () => {
    const response = await t.request(PATH, { key: 'admin', method: 'PUT', json: calendar });
    expect(response.status).toBe(200);
    const change = (await response.json()) as { before: { timezone: string }; after: { hours: Record<string, string[]> } };
    expect(change.before.timezone).toBe('UTC');
    expect(change.after.hours).toMatchObject({ monday: ['08:00-12:00', '13:00-18:00'], wednesday: [], saturday: ['09:00-13:00'] });
    expect(await (await t.request(PATH, { key: 'evaluator' })).json()).toMatchObject({
      timezone: 'Europe/Berlin',
      custom: true,
      updatedBy: 'ada-admin',
      holidays: [{ date: '2026-12-24', name: 'Christmas Eve' }, { date: '2026-12-31' }],
    });
    expect((await findTenant(t.db, 'tenant-a'))?.timezone).toBe('Europe/Berlin');
    const [entry] = await listAuditEntries(t.db, t.tenantA.id, { entityType: 'tenant', limit: 10 });
    expect(entry).toMatchObject({
      action: 'sla_calendar.changed',
      actor: { kind: 'user', name: 'ada-admin' },
      before: { timezone: 'UTC', hours: { monday: ['08:00-18:00'] } },
      after: { timezone: 'Europe/Berlin', holidays: [{ date: '2026-12-24' }, { date: '2026-12-31' }] },
    });
    expect((await verifyAuditChain(t.db, t.tenantA.id)).ok).toBe(true);
    // Another tenant's calendar is untouched.
    expect(await (await t.request(PATH, { key: 'otherRep' })).json()).toMatchObject({ timezone: 'UTC', custom: false });
  });

  it('refuses bad input with a 400 naming every problem, changing nothing', async () => {
    const cases: Array<[unknown, string[]]> = [
      [{ timezone: 'Europe/Atlantis' }, ['timezone']],
      [{ timezone: 'UTC', hours: { monday: ['18:00-08:00'] } }, ['hours.monday.0']],
      [{ timezone: 'UTC', holidays: [{ date: '2026-12-24' }, { date: '2026-12-24', name: 'twice' }] }, ['holidays.1.date']],
      [
        { timezone: 'Mars/Base', hours: { sunday: ['09:00-10:00', '09:30-11:00'] }, holidays: [{ date: '2026-13-01' }] },
        ['timezone', 'hours.sunday.1', 'holidays.0.date'],
      ],
      [{ timezone: 'UTC', hours: {} }, ['hours']],
      [{ timezone: 'UTC', weekend: 'closed' }, ['(root)']],
    ];
    for (const [body, paths] of cases) {
      const response = await t.request(PATH, { key: 'admin', method: 'PUT', json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = ((await response.json()) as { error: { code: string; details: { issues: Array<{ path: string }> } } }).error;
      expect(error.code).toBe('validation_failed');
      expect(error.details.issues.map((issue) => issue.path)).toEqual(paths);
    }
    const bad = await t.request(PATH, {
      key: 'admin',
      method: 'PUT',
      body: '{"timezone":',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(await (await t.request(PATH, { key: 'rep' })).json()).toMatchObject({ timezone: 'Europe/Berlin', holidays: [{}, {}] });
    const changes = (await listAuditEntries(t.db, t.tenantA.id, { entityType: 'tenant', limit: 10 })).filter(
      (entry) => entry.action === 'sla_calendar.changed',
    );
    expect(changes).toHaveLength(1);
  });
});
