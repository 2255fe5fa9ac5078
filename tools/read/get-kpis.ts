/** get_kpis: the operations KPIs for a recent window (release time, backorders, perfect orders, exceptions, SLA, adjustments). */
import { z } from 'zod';
import { getKpis, trailingWindow } from '../../core/kpis/index.ts';
import { defineTool } from '../tool.ts';
import { READ_ROLES } from './read-roles.ts';
import {
  adjustmentRootCausesSchema,
  atsAccuracySchema,
  backorderDurationSchema,
  channelMarginSchema,
  settlementToErpSchema,
} from './kpi-schemas.ts';
import { citationsField, toolCitation } from './result-helpers.ts';

const DAY_MS = 86_400_000;

const input = z.strictObject({
  days: z.number().int().min(1).max(365).default(7).describe('Length of the window in days, ending now (1–365, default 7).'),
});

const rateSchema = z.object({
  total: z.number().int(),
  count: z.number().int(),
  rate: z.number().nullable().describe('count / total (0–1); null when total is 0.'),
});
const durationSchema = z.object({ count: z.number().int(), averageHours: z.number().nullable(), p90Hours: z.number().nullable() });
const agesSchema = z.record(z.string(), z.number().int());

const output = z.object({
  window: z.object({ from: z.string(), to: z.string(), days: z.number().int() }),
  orderReleaseTime: durationSchema.describe('Capture to release to the warehouse, for orders released in the window.'),
  backorderRate: rateSchema,
  perfectOrderRate: rateSchema.extend({
    failures: z.object({ incomplete: z.number().int(), late: z.number().int(), returned: z.number().int(), exception: z.number().int() }),
  }),
  returnToRestockCycleTime: durationSchema,
  openExceptions: z.object({
    total: z.number().int(),
    byAge: agesSchema,
    /** Only exception types with live exceptions. */
    byType: z.record(z.string(), z.object({ total: z.number().int(), byAge: agesSchema })),
  }),
  exceptionSlaBreachRate: rateSchema.extend({
    byType: z.record(z.string(), rateSchema).describe('Only exception types with exceptions due in the window.'),
  }),
  inventoryAdjustmentFrequency: z.object({
    adjustments: z.number().int(),
    skusAdjusted: z.number().int(),
    activeSkus: z.number().int(),
    weeks: z.number(),
    perSkuPerWeek: z.number().nullable(),
    byReason: z.record(z.string(), z.number().int()),
    topSkus: z.array(z.object({ skuCode: z.string(), adjustments: z.number().int() })),
  }),
  atsAccuracy: atsAccuracySchema.describe('How often the available-to-sell a channel promised turned out fulfillable, by channel and SKU.'),
  backorderDuration: backorderDurationSchema.describe('How long backordered lines waited for stock.'),
  adjustmentRootCauses: adjustmentRootCausesSchema.describe('Inventory adjustments by reason code (root cause).'),
  channelMargin: channelMarginSchema.describe('Gross margin by channel after cost of goods, refunds, fulfilment and return costs.'),
  settlementToErp: settlementToErpSchema.describe('Hours from a payment settlement to the ERP sync of its order.'),
  citations: citationsField,
});

export const getKpisTool = defineTool({
  name: 'get_kpis',
  title: 'Get operations KPIs',
  description:
    'Returns the operations KPIs for the last N days (default 7): order release time (capture to warehouse release, ' +
    'average and p90 hours), backorder rate, perfect order rate with its failure reasons, return-to-restock cycle time, ' +
    'live exceptions by type and age, exception SLA breach rate by type, and inventory adjustment frequency with the most ' +
    'adjusted SKUs and adjustments by reason code, ATS accuracy by channel and SKU, backorder duration, gross margin by channel ' +
    'after fulfilment and return costs, and payment settlement to ERP reconciliation time. Use it for "how are we doing?", shift handovers, or to judge whether a problem is systemic.',
  kind: 'read',
  risk: 'none',
  roles: READ_ROLES,
  idempotent: true,
  input,
  output,
  async run({ tx, now, costRates }, request) {
    const kpis = await getKpis(tx, trailingWindow(request.days, now), { costs: await costRates?.() });
    const byType = Object.fromEntries(Object.entries(kpis.openExceptions.byType).filter(([, stat]) => stat.total > 0));
    const breachByType = Object.fromEntries(Object.entries(kpis.exceptionSlaBreachRate.byType).filter(([, stat]) => stat.total > 0));
    const from = new Date(kpis.window.from);
    return {
      ...kpis,
      window: { ...kpis.window, days: Math.round((new Date(kpis.window.to).getTime() - from.getTime()) / DAY_MS) },
      openExceptions: { ...kpis.openExceptions, byType },
      exceptionSlaBreachRate: { ...kpis.exceptionSlaBreachRate, byType: breachByType },
      citations: [toolCitation('get_kpis', `${request.days}d`, `Operations KPIs, last ${request.days} days`)],
    };
  },
});
