/**
 * The partner scorecard: for each tenant granted to a partner, over a window, SLA adherence, open
 * exceptions by type and age, automation coverage, approval turnaround, actions executed and failed
 * downstream, adoption (chats, active people) and support load (hand-offs, escalations), plus the
 * totals across tenants. Every tenant is read in a READ ONLY transaction inside the partner's scope,
 * so the database admits only granted tenants whatever this code asks; each number comes from the
 * module that owns its table.
 */
import { z } from 'zod';
import { countActionOutcomes } from '../../core/actions/index.ts';
import type { Database } from '../../core/db/database.ts';
import { runInPartnerScope } from '../../core/db/partner-scope.ts';
import { withTenant } from '../../core/db/tenant-scope.ts';
import { countResolutionsByHow, countWorkLoad } from '../../core/exceptions/index.ts';
import { AGE_BUCKETS, exceptionSlaBreachRate, openExceptions } from '../../core/kpis/index.ts';
import { listGrants, type PartnerPrincipal } from '../../core/partners/index.ts';
import { channelMargins } from '../../core/orders/index.ts';
import { approvalTurnaroundIn, loadCostSettings } from '../../policies/index.ts';
import { countChatActivity } from '../../agent/index.ts';

const ratio = z.number().min(0).max(1).nullable();
const ageCounts = z.object(
  Object.fromEntries(AGE_BUCKETS.map((bucket) => [bucket, z.number().int()])) as Record<(typeof AGE_BUCKETS)[number], z.ZodNumber>,
);

export const scorecardMeasuresSchema = z.object({
  sla: z.object({ due: z.number().int(), breached: z.number().int(), adherence: ratio }),
  openExceptions: z.object({
    total: z.number().int(),
    byAge: ageCounts,
    byType: z.record(z.string(), z.object({ total: z.number().int(), byAge: ageCounts })),
  }),
  automation: z.object({ resolved: z.number().int(), automated: z.number().int(), coverage: ratio }),
  approvals: z.object({
    decided: z.number().int(),
    pending: z.number().int(),
    medianHours: z.number().nullable(),
    p90Hours: z.number().nullable(),
    oldestPendingHours: z.number().nullable(),
  }),
  actions: z.object({
    executed: z.number().int(),
    confirmed: z.number().int(),
    failedDownstream: z.number().int(),
    unconfirmed: z.number().int(),
    awaiting: z.number().int(),
  }),
  adoption: z.object({ chats: z.number().int(), chatsPerWeek: z.number(), activeUsers: z.number().int(), triageRuns: z.number().int() }),
  supportLoad: z.object({ raised: z.number().int(), handedOver: z.number().int(), escalations: z.number().int() }),
  /** Gross margin after fulfilment and return costs of orders placed in the window, per currency (never summed across currencies). */
  margin: z.array(z.object({ currency: z.string(), revenue: z.number(), grossMargin: z.number(), rate: z.number().nullable() })),
});
export type ScorecardMeasures = z.infer<typeof scorecardMeasuresSchema>;

export const partnerScorecardSchema = z
  .object({
    partner: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    tenants: z.array(z.object({ tenantId: z.uuid(), slug: z.string(), name: z.string() }).extend(scorecardMeasuresSchema.shape)),
    total: scorecardMeasuresSchema,
  })
  .meta({ id: 'PartnerScorecard' });
export type PartnerScorecard = z.infer<typeof partnerScorecardSchema>;

const share = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

async function tenantMeasures(db: Database, tenantId: string, window: { from: Date; to: Date }): Promise<ScorecardMeasures> {
  return withTenant(db, tenantId, async (tx) => {
    const sla = await exceptionSlaBreachRate(tx, window);
    const open = await openExceptions(tx, window);
    const resolutions = await countResolutionsByHow(tx, window);
    const approvals = await approvalTurnaroundIn(tx, window, window.to);
    const actions = await countActionOutcomes(tx, window);
    const chats = await countChatActivity(tx, window);
    const load = await countWorkLoad(tx, window);
    const margins = await channelMargins(tx, window, await loadCostSettings(tx, tenantId));
    const resolved = resolutions.auto + resolutions.agent + resolutions.human + resolutions.unrecorded;
    const automated = resolutions.auto + resolutions.agent;
    const weeks = Math.max((window.to.getTime() - window.from.getTime()) / (7 * 86_400_000), 1 / 7);
    return {
      sla: { due: sla.total, breached: sla.count, adherence: share(sla.total - sla.count, sla.total) },
      openExceptions: {
        total: open.total,
        byAge: open.byAge,
        byType: Object.fromEntries(Object.entries(open.byType).filter(([, stat]) => stat.total > 0)),
      },
      automation: { resolved, automated, coverage: share(automated, resolved) },
      approvals: {
        decided: approvals.decided,
        pending: approvals.pending,
        medianHours: approvals.medianHours,
        p90Hours: approvals.p90Hours,
        oldestPendingHours: approvals.oldestPendingHours,
      },
      actions,
      adoption: { ...chats, chatsPerWeek: Math.round((chats.chats / weeks) * 10) / 10 },
      supportLoad: load,
      margin: marginByCurrency(margins.byChannel),
    };
  });
}

const money = (value: number) => Math.round(value * 100) / 100;

function marginByCurrency(rows: ReadonlyArray<{ currency: string; revenue: number; grossMargin: number }>): ScorecardMeasures['margin'] {
  const byCurrency = new Map<string, { revenue: number; grossMargin: number }>();
  for (const row of rows) {
    const into = byCurrency.get(row.currency) ?? { revenue: 0, grossMargin: 0 };
    into.revenue += row.revenue;
    into.grossMargin += row.grossMargin;
    byCurrency.set(row.currency, into);
  }
  return [...byCurrency]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sums]) => ({
      currency,
      revenue: money(sums.revenue),
      grossMargin: money(sums.grossMargin),
      rate: share(sums.grossMargin, sums.revenue),
    }));
}

/** Sums counts across tenants; rates are recomputed from the summed parts, never averaged. */
function totalOf(rows: readonly ScorecardMeasures[], weeks: number): ScorecardMeasures {
  const sum = (pick: (row: ScorecardMeasures) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const byAge = Object.fromEntries(
    AGE_BUCKETS.map((bucket) => [bucket, sum((row) => row.openExceptions.byAge[bucket])]),
  ) as ScorecardMeasures['openExceptions']['byAge'];
  const byType: ScorecardMeasures['openExceptions']['byType'] = {};
  for (const row of rows) {
    for (const [type, stat] of Object.entries(row.openExceptions.byType)) {
      const into = (byType[type] ??= { total: 0, byAge: Object.fromEntries(AGE_BUCKETS.map((bucket) => [bucket, 0])) as typeof byAge });
      into.total += stat.total;
      for (const bucket of AGE_BUCKETS) into.byAge[bucket] += stat.byAge[bucket];
    }
  }
  const due = sum((row) => row.sla.due);
  const breached = sum((row) => row.sla.breached);
  const resolved = sum((row) => row.automation.resolved);
  const automated = sum((row) => row.automation.automated);
  const chats = sum((row) => row.adoption.chats);
  const oldest = rows.map((row) => row.approvals.oldestPendingHours).filter((hours): hours is number => hours !== null);
  return {
    sla: { due, breached, adherence: share(due - breached, due) },
    openExceptions: { total: sum((row) => row.openExceptions.total), byAge, byType },
    automation: { resolved, automated, coverage: share(automated, resolved) },
    // Medians do not add up: across tenants only counts and the oldest wait are shown.
    approvals: {
      decided: sum((row) => row.approvals.decided),
      pending: sum((row) => row.approvals.pending),
      medianHours: null,
      p90Hours: null,
      oldestPendingHours: oldest.length ? Math.max(...oldest) : null,
    },
    actions: {
      executed: sum((row) => row.actions.executed),
      confirmed: sum((row) => row.actions.confirmed),
      failedDownstream: sum((row) => row.actions.failedDownstream),
      unconfirmed: sum((row) => row.actions.unconfirmed),
      awaiting: sum((row) => row.actions.awaiting),
    },
    adoption: {
      chats,
      chatsPerWeek: Math.round((chats / weeks) * 10) / 10,
      activeUsers: sum((row) => row.adoption.activeUsers),
      triageRuns: sum((row) => row.adoption.triageRuns),
    },
    supportLoad: {
      raised: sum((row) => row.supportLoad.raised),
      handedOver: sum((row) => row.supportLoad.handedOver),
      escalations: sum((row) => row.supportLoad.escalations),
    },
    margin: marginByCurrency(rows.flatMap((row) => row.margin)),
  };
}

export async function loadPartnerScorecard(
  db: Database,
  partner: PartnerPrincipal,
  window: { from: Date; to: Date },
): Promise<PartnerScorecard> {
  const grants = await listGrants(db, partner.partnerId);
  const tenants: PartnerScorecard['tenants'] = [];
  // Read only, whatever the person's roles: a scorecard never writes.
  await runInPartnerScope({ partnerId: partner.partnerId, readOnly: true }, async () => {
    for (const grant of grants) {
      tenants.push({
        tenantId: grant.tenantId,
        slug: grant.tenantSlug,
        name: grant.tenantName,
        ...(await tenantMeasures(db, grant.tenantId, window)),
      });
    }
  });
  const weeks = Math.max((window.to.getTime() - window.from.getTime()) / (7 * 86_400_000), 1 / 7);
  return {
    partner: partner.partnerSlug,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    tenants,
    total: totalOf(tenants, weeks),
  };
}
