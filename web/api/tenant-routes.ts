/** GET /v1/tenants/current: the caller's tenant; its SLA calendar, read by its people and changed by its admins. */
import { z } from 'zod';
import { readSlaCalendar, slaCalendarInputSchema, WEEKDAYS } from '../../core/exceptions/index.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import type { Role } from '../../core/identity/roles.ts';
import { requireTenant } from '../../core/tenants/tenants.ts';
import { actorFromPrincipal, changeSlaCalendar } from '../../policies/index.ts';
import { getPrincipal } from '../context.ts';
import type { ApiDependencies } from './dependencies.ts';
import { addRoute, isoDate, isoDateOrNull, type ApiRouter } from './openapi.ts';

export const tenantSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    timezone: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Tenant' });

/** The people who work exceptions see the clocks' calendar; integrations do not need it. */
export const SLA_CALENDAR_READER_ROLES: readonly Role[] = ['rep', 'approver', 'admin', 'evaluator'];

const calendarFields = {
  timezone: z.string().meta({ description: 'IANA time zone: the tenant’s' }),
  hours: z
    .object(
      Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(z.string())])) as Record<(typeof WEEKDAYS)[number], z.ZodArray<z.ZodString>>,
    )
    .meta({ description: 'Open ranges per weekday ("HH:MM-HH:MM", 24:00 = midnight); [] = closed' }),
  holidays: z.array(z.object({ date: z.string().meta({ example: '2026-12-25' }), name: z.string().optional() })),
};

export const slaCalendarSchema = z
  .object({
    ...calendarFields,
    custom: z.boolean().meta({ description: 'false: the product’s hours (08:00–18:00, Monday–Friday, no holidays)' }),
    updatedAt: z.iso.datetime().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'SlaCalendar' });

const slaCalendarChangeSchema = z
  .object({ before: z.object(calendarFields), after: z.object(calendarFields) })
  .meta({ id: 'SlaCalendarChange' });

const slaCalendarBodySchema = slaCalendarInputSchema.meta({
  id: 'SlaCalendarInput',
  description:
    'The whole calendar: time zone, hours per weekday (a weekday left out is closed; no hours at all = the product’s), holidays (dates, optionally named). Validated whole before anything changes.',
});

export function registerTenantRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/tenants/current',
      tags: ['identity'],
      summary: 'The tenant the API key belongs to',
      access: 'authenticated',
      response: tenantSchema,
      responseDescription: 'The tenant',
    },
    async (c) => {
      const tenant = await requireTenant(db, getPrincipal(c).tenantId);
      return { ...tenant, createdAt: isoDate(tenant.createdAt) };
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/tenants/current/sla-calendar',
      tags: ['identity'],
      summary: 'The SLA calendar the tenant’s SLA clocks count business hours in',
      access: SLA_CALENDAR_READER_ROLES,
      response: slaCalendarSchema,
      responseDescription: 'The calendar',
    },
    async (c) => {
      const tenantId = getPrincipal(c).tenantId;
      const stored = await withTenant(db, tenantId, (tx) => readSlaCalendar(tx, tenantId));
      return { ...stored.calendar, custom: stored.custom, updatedAt: isoDateOrNull(stored.updatedAt), updatedBy: stored.updatedBy };
    },
  );

  addRoute(
    api,
    {
      method: 'put',
      path: '/v1/tenants/current/sla-calendar',
      tags: ['identity'],
      summary: 'Replace the tenant’s SLA calendar (admin); audited, used by clocks started afterwards',
      description:
        'A bad calendar (unknown time zone, a range closing before it opens, overlapping ranges, no open weekday, a duplicate or impossible holiday) is a 400 naming every problem, and nothing changes. The tenant’s time zone becomes the calendar’s. Written to the audit log as `sla_calendar.changed` with before and after.',
      access: ['admin'],
      body: slaCalendarBodySchema,
      response: slaCalendarChangeSchema,
      responseDescription: 'The calendar before and after',
    },
    async (c, { body }) => {
      const principal = getPrincipal(c);
      const change = await changeSlaCalendar(db, principal.tenantId, body, actorFromPrincipal(principal));
      c.get('logger').info('SLA calendar changed', { timezone: change.after.timezone, holidays: change.after.holidays.length });
      return change;
    },
  );
}
