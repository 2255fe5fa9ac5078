/** Output schemas of the KPIs computed by core/orders, core/inventory and core/payments (get_kpis and GET /v1/kpis share them). */
import { z } from 'zod';

const atsCell = {
  promised: z.number().int().describe('Order lines the channel accepted (its available-to-sell promised the stock).'),
  fulfillable: z.number().int().describe('Of those, reserved without ever being backordered.'),
  rate: z.number().nullable().describe('fulfillable / promised (0–1); null when nothing was promised.'),
};

export const atsAccuracySchema = z.object({
  ...atsCell,
  byChannel: z.array(z.object({ channel: z.string(), ...atsCell })),
  worstSkus: z
    .array(z.object({ skuCode: z.string(), channel: z.string(), ...atsCell }))
    .describe('Most broken promises first, at most 10.'),
});

export const backorderDurationSchema = z.object({
  count: z.number().int().describe('Backorders that ended (filled or cancelled) in the window.'),
  averageHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  cancelled: z.number().int().describe('Of those, ended by cancelling the order.'),
  open: z.number().int().describe('Backordered lines still waiting at the end of the window.'),
  openAverageHours: z.number().nullable(),
});

export const adjustmentRootCausesSchema = z.array(
  z.object({
    reasonCode: z.string(),
    adjustments: z.number().int(),
    share: z.number().describe('Share of all adjustments in the window (0–1).'),
    perSkuPerWeek: z.number().nullable(),
    unitsAdded: z.number().int(),
    unitsRemoved: z.number().int(),
    skus: z.number().int(),
  }),
);

export const channelMarginSchema = z.object({
  costs: z
    .object({ perShipment: z.number(), perUnit: z.number(), perReturn: z.number() })
    .describe('The cost rates used: the costs section of the tenant policy (zero where not set).'),
  byChannel: z.array(
    z.object({
      channel: z.string(),
      currency: z.string(),
      orders: z.number().int(),
      revenue: z.number(),
      refunds: z.number(),
      costOfGoods: z.number(),
      fulfilmentCost: z.number(),
      returnCost: z.number(),
      grossMargin: z.number(),
      marginRate: z.number().nullable(),
    }),
  ),
});

export const settlementToErpSchema = z.object({
  settled: z.number().int(),
  reconciled: z.number().int(),
  averageHours: z.number().nullable(),
  p90Hours: z.number().nullable(),
  unreconciled: z.number().int().describe('Settled in the window, no successful ERP sync of the order since.'),
});
