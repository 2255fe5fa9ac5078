import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { ValidationError } from '../errors.ts';
import { createTestDb } from '../testing/test-db.ts';
import { findTenant } from '../tenants/tenants.ts';
import { raiseException, reconcilePredictedExceptions } from './detect-exceptions.ts';
import { sampleEvidence } from './testing/evidence-fixtures.ts';
import { exceptionsOfType, fixtureTenant, insertLocation, insertSku, type FixtureTenant } from './testing/exception-fixtures.ts';
import { readSlaCalendar, setSlaCalendarIn } from './tenant-sla-calendar.ts';

const weekdays = {
  monday: ['09:00-17:00'],
  tuesday: ['09:00-17:00'],
  wednesday: ['09:00-17:00'],
  thursday: ['09:00-17:00'],
  friday: ['09:00-17:00'],
};
const berlin = { timezone: 'Europe/Berlin', hours: weekdays, holidays: [{ date: '2026-12-24', name: 'Christmas Eve' }] };
// Wednesday 23 December 2026, 15:30 in Berlin.
const now = new Date('2026-12-23T14:30:00Z');

let db: Database;
let shop: FixtureTenant;
let other: FixtureTenant;

beforeAll(async () => {
  db = await createTestDb();
  shop = await fixtureTenant(db, 'calendar-shop');
  other = await fixtureTenant(db, 'other-shop');
});
afterAll(async () => db.close());

describe('a tenant’s SLA calendar', () => {
  it('is the product’s hours until one is set, then the tenant’s (time zone on the tenant)', async () => {
    const before = await shop.run((tx) => readSlaCalendar(tx, shop.tenantId));
    expect(before).toMatchObject({
      custom: false,
      calendar: { timezone: 'UTC', hours: { monday: ['08:00-18:00'], sunday: [] }, holidays: [] },
    });
    const change = await shop.run((tx) => setSlaCalendarIn(tx, shop.tenantId, berlin, 'test'));
    expect(change.before.timezone).toBe('UTC');
    expect(change.after).toMatchObject({ timezone: 'Europe/Berlin', hours: { monday: ['09:00-17:00'], saturday: [] } });
    const after = await shop.run((tx) => readSlaCalendar(tx, shop.tenantId));
    expect(after).toMatchObject({ custom: true, updatedBy: 'test', calendar: change.after });
    expect((await findTenant(db, 'calendar-shop'))?.timezone).toBe('Europe/Berlin');
  });

  it('refuses a bad calendar whole, writing nothing', async () => {
    const attempt = shop.run((tx) =>
      setSlaCalendarIn(tx, shop.tenantId, { timezone: 'America/Chicago', hours: { monday: ['17:00-09:00'] }, holidays: [] }, 'test'),
    );
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(
      shop.run((tx) =>
        setSlaCalendarIn(
          tx,
          shop.tenantId,
          { timezone: 'Nowhere/Special', holidays: [{ date: '2026-12-24' }, { date: '2026-12-24' }] },
          't',
        ),
      ),
    ).rejects.toMatchObject({ issues: [{ path: 'timezone' }, { path: 'holidays.1.date', message: 'duplicate holiday 2026-12-24' }] });
    expect((await shop.run((tx) => readSlaCalendar(tx, shop.tenantId))).calendar).toMatchObject({
      timezone: 'Europe/Berlin',
      hours: weekdays,
    });
    expect((await findTenant(db, 'calendar-shop'))?.timezone).toBe('Europe/Berlin');
  });

  it('is the tenant’s own: another tenant’s transaction neither sees nor writes it', async () => {
    await expect(other.run((tx) => readSlaCalendar(tx, shop.tenantId))).rejects.toMatchObject({ code: 'not_found' });
    await expect(other.run((tx) => setSlaCalendarIn(tx, shop.tenantId, { timezone: 'UTC' }, 'intruder'))).rejects.toThrow();
    expect((await shop.run((tx) => readSlaCalendar(tx, shop.tenantId))).updatedBy).toBe('test');
  });

  it('clocks raised exceptions: its hours, its holiday, its time zone', async () => {
    await shop.run((tx) =>
      raiseException(tx, {
        tenantId: shop.tenantId,
        type: 'action_failed_downstream',
        now,
        finding: {
          dedupeKey: 'action_failed_downstream:calendar',
          severity: 'medium',
          title: 'refund reversed',
          refs: {},
          codes: {},
          evidence: sampleEvidence('action_failed_downstream').evidence,
        },
      }),
    );
    const [row] = await shop.run((tx) => exceptionsOfType(tx, 'action_failed_downstream'));
    // Resolve 4 business hours: 1.5h on Wednesday until 17:00, Thursday 24th is a holiday, Friday 09:00 + 2.5h = 11:30 CET.
    expect(row!.sla_due_at.toISOString()).toBe('2026-12-25T10:30:00.000Z');
  });

  it('clocks predicted exceptions, with "business days" as the calendar’s days', async () => {
    const ids = await shop.run(async (tx) => ({ sku: await insertSku(tx, 'BRG-6204'), location: await insertLocation(tx, 'DC-EAST') }));
    await shop.run((tx) =>
      reconcilePredictedExceptions(tx, {
        tenantId: shop.tenantId,
        type: 'stockout_risk',
        now,
        findings: [
          {
            dedupeKey: `stockout_risk:${ids.sku}:${ids.location}`,
            severity: 'medium',
            title: 'BRG-6204 at DC-EAST: projected to run out in 9 days',
            refs: { skuId: ids.sku, locationId: ids.location },
            codes: { skuCode: 'BRG-6204', locationCode: 'DC-EAST' },
            evidence: sampleEvidence('stockout_risk').evidence,
            resolveBy: new Date('2027-01-15T00:00:00Z'),
          },
        ],
      }),
    );
    const [row] = await shop.run((tx) => exceptionsOfType(tx, 'stockout_risk'));
    // 2 business days of 8 hours: Wednesday 1.5h, (holiday), Friday 8h, Monday 28th 6.5h → 15:30 CET.
    expect(row!.sla_due_at.toISOString()).toBe('2026-12-28T14:30:00.000Z');
  });

  it('applies a change to clocks started afterwards; due times already set stay', async () => {
    await shop.run((tx) =>
      setSlaCalendarIn(
        tx,
        shop.tenantId,
        {
          timezone: 'Europe/Berlin',
          hours: Object.fromEntries(
            Object.keys(weekdays)
              .concat('saturday', 'sunday')
              .map((day) => [day, ['00:00-24:00']]),
          ),
        },
        'test',
      ),
    );
    const [kept] = await shop.run((tx) => exceptionsOfType(tx, 'action_failed_downstream'));
    expect(kept!.sla_due_at.toISOString()).toBe('2026-12-25T10:30:00.000Z');
    await shop.run((tx) =>
      raiseException(tx, {
        tenantId: shop.tenantId,
        type: 'action_unconfirmed',
        now,
        finding: {
          dedupeKey: 'action_unconfirmed:calendar',
          severity: 'medium',
          title: 'not confirmed',
          refs: {},
          codes: {},
          evidence: sampleEvidence('action_unconfirmed').evidence,
        },
      }),
    );
    const [fresh] = await shop.run((tx) => exceptionsOfType(tx, 'action_unconfirmed'));
    // 24/7 now: 8 business hours are 8 hours, holiday or not.
    expect(fresh!.sla_due_at.toISOString()).toBe('2026-12-23T22:30:00.000Z');
  });
});
