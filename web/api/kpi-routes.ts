/** Operations KPIs of the caller's tenant over a window, and weekly trends. */
import { z } from 'zod';
import { ValidationError } from '../../core/errors.ts';
import type { Role } from '../../core/identity/roles.ts';
import { getPrincipal } from '../context.ts';
import { loadKpiReport, loadKpiTrend } from '../dashboard/dashboard-data.ts';
import type { ApiDependencies } from './dependencies.ts';
import { addRoute, type ApiRouter } from './openapi.ts';
import { toJsonSafe } from './json-safe.ts';
import { dateTimeParam } from './query-fields.ts';
import {
  adjustmentRootCausesSchema,
  atsAccuracySchema,
  backorderDurationSchema,
  channelMarginSchema,
  settlementToErpSchema,
} from '../../tools/read/kpi-schemas.ts';

export const KPI_READER_ROLES: readonly Role[] = ['rep', 'approver', 'admin', 'evaluator'];

const durationStat = z.object({ count: z.number().int(), averageHours: z.number().nullable(), p90Hours: z.number().nullable() });
const rateStat = z.object({ total: z.number().int(), count: z.number().int(), rate: z.number().nullable() });
const ageCounts = z.record(z.string(), z.number().int());

export const kpiReportSchema = z
  .object({
    window: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }),
    orderReleaseTime: durationStat,
    backorderRate: rateStat,
    perfectOrderRate: rateStat.extend({
      failures: z.object({ incomplete: z.number(), late: z.number(), returned: z.number(), exception: z.number() }),
    }),
    returnToRestockCycleTime: durationStat,
    openExceptions: z.object({
      total: z.number().int(),
      byAge: ageCounts,
      byType: z.record(z.string(), z.object({ total: z.number().int(), byAge: ageCounts })),
    }),
    exceptionSlaBreachRate: rateStat.extend({ byType: z.record(z.string(), rateStat) }),
    inventoryAdjustmentFrequency: z.looseObject({ adjustments: z.number().int(), perSkuPerWeek: z.number().nullable() }),
    atsAccuracy: atsAccuracySchema,
    backorderDuration: backorderDurationSchema,
    adjustmentRootCauses: adjustmentRootCausesSchema,
    channelMargin: channelMarginSchema,
    settlementToErp: settlementToErpSchema,
    automationCoverage: z.object({
      resolved: z.number().int(),
      automated: z.number().int(),
      byHow: z.object({ auto: z.number().int(), agent: z.number().int(), human: z.number().int(), unrecorded: z.number().int() }),
      rate: z.number().nullable(),
    }),
    approvalTurnaround: z.object({
      decided: z.number().int(),
      approved: z.number().int(),
      rejected: z.number().int(),
      averageHours: z.number().nullable(),
      medianHours: z.number().nullable(),
      p90Hours: z.number().nullable(),
      pending: z.number().int(),
      oldestPendingHours: z.number().nullable(),
      scope: z.enum(['tenant', 'own']),
    }),
  })
  .meta({ id: 'KpiReport' });

export const kpiTrendSchema = z
  .object({
    points: z.array(
      z.object({
        from: z.iso.datetime(),
        to: z.iso.datetime(),
        orderReleaseHours: z.number().nullable(),
        backorderRate: z.number().nullable(),
        perfectOrderRate: z.number().nullable(),
        returnToRestockHours: z.number().nullable(),
        slaBreachRate: z.number().nullable(),
        atsAccuracy: z.number().nullable(),
        backorderDurationHours: z.number().nullable(),
        adjustmentsPerSkuPerWeek: z.number().nullable(),
        grossMarginRate: z.number().nullable(),
        settlementToErpHours: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'KpiTrend' });

const windowQuery = z.strictObject({
  from: dateTimeParam.optional().meta({ description: 'Window start (default: `days` before `to`)' }),
  to: dateTimeParam.optional().meta({ description: 'Window end (default: now)' }),
  days: z.coerce.number().int().min(1).max(366).default(30),
});

const trendQuery = z.strictObject({
  to: dateTimeParam.optional(),
  periods: z.coerce.number().int().min(2).max(26).default(8),
  days: z.coerce.number().int().min(1).max(31).default(7),
});

const DAY_MS = 86_400_000;

export function registerKpiRoutes(api: ApiRouter, { db }: ApiDependencies): void {
  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/kpis',
      tags: ['kpis'],
      summary:
        'Order release time, backorder rate and duration, perfect order rate, return-to-restock time, ATS accuracy by SKU and channel, adjustments by reason code, gross margin by channel after fulfilment and return costs, settlement to ERP reconciliation time, open exceptions by type and age, SLA breaches, automation coverage and approval turnaround',
      access: KPI_READER_ROLES,
      query: windowQuery,
      response: kpiReportSchema,
      responseDescription: 'The KPIs for the window',
    },
    async (c, { query }) => {
      const to = query.to ?? new Date();
      const from = query.from ?? new Date(to.getTime() - query.days * DAY_MS);
      if (from >= to)
        throw new ValidationError('invalid query parameters: from must be before to', [{ path: 'from', message: 'must be before to' }]);
      return toJsonSafe(await loadKpiReport(db, getPrincipal(c), { from, to }));
    },
  );

  addRoute(
    api,
    {
      method: 'get',
      path: '/v1/kpis/trend',
      tags: ['kpis'],
      summary: 'KPIs over consecutive periods (weekly by default), oldest first',
      access: KPI_READER_ROLES,
      query: trendQuery,
      response: kpiTrendSchema,
      responseDescription: 'One point per period',
    },
    async (c, { query }) => ({
      points: await loadKpiTrend(db, getPrincipal(c).tenantId, { to: query.to ?? new Date(), periods: query.periods, days: query.days }),
    }),
  );
}
