/**
 * `copilot seed`: deterministic demo tenants with 90 days of operations, generated through the same
 * event path as production traffic (applyEvent, source 'seed'), with exception detection running
 * on every event and a daily sweep, so exceptions are raised and resolved along the timeline just as
 * they would be live. Ends with a full sweep at "now".
 */
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { asOperator, withTenant } from '../db/tenant-scope.ts';
import { ConflictError, parseOrThrow } from '../errors.ts';
import {
  EXCEPTION_TYPES,
  TIME_BASED_EXCEPTION_TYPES,
  registerExceptionDetection,
  sweepExceptions,
  type ExceptionType,
} from '../exceptions/index.ts';
import { createTenant } from '../tenants/tenants.ts';
import { acmeIndustrialProfile } from './catalog-acme.ts';
import { brightsideProfile } from './catalog-brightside.ts';
import { acmeScenarios, brightsideScenarios, STUCK_ORDER_NUMBER, type DemoScenario } from './demo-scenarios.ts';
import { rollUpDailyHistory } from '../inventory/index.ts';
import { seedDemandHistory } from './demand-history.ts';
import { InventoryPlanner, dailyDemand, setUpMasterData } from './inventory-plan.ts';
import { DAY, atLocalHour } from './local-time.ts';
import { OrderLifecycle } from './order-lifecycle.ts';
import { planBackgroundOrders, type PlannedOrder } from './order-plan.ts';
import { SeedRun, type SeedFailure } from './seed-run.ts';
import { createRandom, type Random } from './seeded-random.ts';
import { SimulationClock } from './simulation-clock.ts';
import type { TenantProfile } from './tenant-profile.ts';

/**
 * Default background orders across all tenants for `copilot seed` (scenario orders come on top).
 * `serve` seeds fewer on an empty database (COPILOT_SEED_ORDERS, default 300) to start quickly.
 */
export const DEFAULT_SEED_ORDERS = 1500;
export const DEFAULT_SEED = 'ops-copilot';

export const seedOptionsSchema = z.object({
  tenants: z.number().int().min(1).max(12).default(2),
  orders: z.number().int().min(0).max(50_000).default(DEFAULT_SEED_ORDERS),
  seed: z.union([z.string().min(1).max(100), z.number().int()]).default(DEFAULT_SEED),
  days: z.number().int().min(30).max(365).default(90),
  /** The end of the timeline (default: now). Fix it to reproduce a run exactly. */
  now: z.date().optional(),
  /** Delete existing demo tenants of the same slugs (and all their data) and seed them again. */
  force: z.boolean().default(false),
});
export type SeedOptions = z.input<typeof seedOptionsSchema>;

export interface SeedProgress {
  tenant: string;
  tenantIndex: number;
  tenantCount: number;
  day: number;
  days: number;
  events: number;
}

export interface TenantSeedReport {
  tenantId: string;
  slug: string;
  name: string;
  orders: number;
  scenarioOrders: number;
  events: number;
  eventsByType: Record<string, number>;
  timings: { applyEvent: number; reads: number; sweeps: number; history: number };
  deadLettered: number;
  failures: SeedFailure[];
  humanActions: number;
  scenarios: Array<{ name: string; description: string }>;
  openExceptionsByType: Record<ExceptionType, number>;
  durationMs: number;
}

export interface SeedReport {
  seed: string;
  now: string;
  days: number;
  durationMs: number;
  tenants: TenantSeedReport[];
  totals: { orders: number; events: number; deadLettered: number; openExceptions: number };
  openExceptionsByType: Record<ExceptionType, number>;
  stuckOrder: string;
}

interface TenantPlan {
  slug: string;
  name: string;
  build: (random: Random) => TenantProfile;
  scenarios?: (profile: TenantProfile, end: Date, random: Random) => DemoScenario[];
}

/** The demo tenants in order: the two documented ones, then extra generated tenants of each kind. */
export function demoTenantPlans(count: number): TenantPlan[] {
  const plans: TenantPlan[] = [
    { slug: 'acme-industrial', name: 'Acme Industrial Supply', build: (random) => acmeIndustrialProfile(random), scenarios: acmeScenarios },
    { slug: 'brightside', name: 'Brightside Home Fragrance', build: (random) => brightsideProfile(random), scenarios: brightsideScenarios },
  ];
  const extras = [
    ['northwind-supply', 'Northwind Supply Co.', 'b2b'],
    ['lumen-living', 'Lumen Living', 'd2c'],
    ['keystone-mro', 'Keystone MRO', 'b2b'],
    ['tidewater-goods', 'Tidewater Goods', 'd2c'],
  ] as const;
  for (let index = 2; index < count; index += 1) {
    const extra = extras[index - 2];
    const slug = extra ? extra[0] : `demo-tenant-${index + 1}`;
    const name = extra ? extra[1] : `Demo Tenant ${index + 1}`;
    const b2b = extra ? extra[2] === 'b2b' : index % 2 === 0;
    plans.push({
      slug,
      name,
      build: (random) => (b2b ? acmeIndustrialProfile(random, slug, name) : brightsideProfile(random, slug, name)),
    });
  }
  return plans.slice(0, count);
}

function numberOrders(profile: TenantProfile, orders: PlannedOrder[], random: Random): void {
  orders.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime() || a.key.localeCompare(b.key));
  if (profile.model === 'b2b') {
    const stuck = orders.findIndex((order) => order.key === `erp-503:${STUCK_ORDER_NUMBER}`);
    const base = stuck >= 0 ? Number(STUCK_ORDER_NUMBER) - stuck : 10_001;
    orders.forEach((order, index) => {
      order.number = String(base + index);
    });
    return;
  }
  const sequences = new Map<string, number>();
  for (const order of orders) {
    const sequence = (sequences.get(order.channel.channel) ?? 0) + 1;
    sequences.set(order.channel.channel, sequence);
    const numbered = profile.orderNumber(order.channel.channel, sequence, random.fork(`number/${order.key}`));
    order.number = numbered.number;
    order.externalRef ??= numbered.externalRef;
  }
}

async function existingDemoTenants(db: Database, slugs: readonly string[]): Promise<string[]> {
  return asOperator(db, async (tx) =>
    (await tx.query<{ slug: string }>('SELECT slug FROM tenants WHERE slug = ANY($1::text[]) ORDER BY slug', [slugs])).rows.map(
      (row) => row.slug,
    ),
  );
}

async function openExceptionsByType(db: Database, tenantId: string): Promise<Record<ExceptionType, number>> {
  const counts = Object.fromEntries(EXCEPTION_TYPES.map((type) => [type, 0])) as Record<ExceptionType, number>;
  const rows = await withTenant(db, tenantId, (tx) =>
    tx.query<{ type: ExceptionType; count: number }>(
      `SELECT type, count(*)::int AS count FROM exceptions WHERE status IN ('open', 'triaging', 'awaiting_approval') GROUP BY type`,
    ),
  );
  for (const row of rows.rows) counts[row.type] = row.count;
  return counts;
}

async function seedTenant(
  db: Database,
  plan: TenantPlan,
  context: {
    seed: string;
    end: Date;
    days: number;
    orders: number;
    index: number;
    count: number;
    onProgress?: (progress: SeedProgress) => void;
  },
): Promise<TenantSeedReport> {
  const started = Date.now();
  const random = createRandom(`${context.seed}/${plan.slug}`);
  const profile = plan.build(random.fork('profile'));
  const start = new Date(context.end.getTime() - context.days * DAY);
  const scenarios = plan.scenarios ? plan.scenarios(profile, context.end, random.fork('scenarios')) : [];
  const background = planBackgroundOrders({ profile, count: context.orders, start, end: context.end, random: random.fork('orders') });
  const scenarioOrders = scenarios.flatMap((scenario) => scenario.orders);
  const orders = [...background, ...scenarioOrders];
  numberOrders(profile, orders, random.fork('numbers'));

  const tenant = await createTenant(db, { slug: plan.slug, name: plan.name, timezone: profile.timezone });
  const clock = new SimulationClock(new Date(start.getTime() - 2 * DAY), context.end);
  const run = new SeedRun(db, tenant, profile, clock, random.fork('run'));

  await setUpMasterData(run, new Date(start.getTime() - 2 * DAY));
  const planner = new InventoryPlanner(run, dailyDemand(profile.skus, background, context.days));
  await planner.openingStock(new Date(start.getTime() - DAY));
  let historyStarted = performance.now();
  await seedDemandHistory(run, planner.stockTargets(), start);
  run.stats.timings.history += performance.now() - historyStarted;
  for (const receipt of scenarios.flatMap((scenario) => scenario.openingStock ?? [])) {
    await run.emit('inventory.received', { ...receipt, reference: 'Opening balance' }, new Date(start.getTime() - DAY));
  }
  planner.start(start);
  for (const order of orders) new OrderLifecycle(run, order).schedule();
  for (const order of scenarioOrders) planner.scheduleScenarioSupply(order);
  for (const scenario of scenarios) scenario.schedule?.(run);
  for (let day = start.getTime() + DAY; day <= context.end.getTime(); day += DAY) {
    clock.schedule(atLocalHour(new Date(day), 7, profile.timezone), async (at) => {
      const swept = performance.now();
      await sweepExceptions(db, { tenantId: tenant.id, now: at, types: TIME_BASED_EXCEPTION_TYPES });
      run.stats.timings.sweeps += performance.now() - swept;
    });
  }
  await clock.run((now) => {
    const day = Math.max(0, Math.min(context.days, Math.floor((now.getTime() - start.getTime()) / DAY)));
    context.onProgress?.({
      tenant: plan.slug,
      tenantIndex: context.index,
      tenantCount: context.count,
      day,
      days: context.days,
      events: run.stats.events,
    });
  });
  await sweepExceptions(db, { tenantId: tenant.id, now: context.end });
  // The simulated days join the imported year in the daily history, rolled up from the movement ledger.
  const lastDay = new Date(context.end.getTime() - DAY).toISOString().slice(0, 10);
  historyStarted = performance.now();
  await run.inTenant((tx) => rollUpDailyHistory(tx, { from: start.toISOString().slice(0, 10), to: lastDay }));
  run.stats.timings.history += performance.now() - historyStarted;
  context.onProgress?.({
    tenant: plan.slug,
    tenantIndex: context.index,
    tenantCount: context.count,
    day: context.days,
    days: context.days,
    events: run.stats.events,
  });

  return {
    tenantId: tenant.id,
    slug: plan.slug,
    name: plan.name,
    orders: run.stats.orders,
    scenarioOrders: scenarioOrders.length,
    events: run.stats.events,
    eventsByType: run.stats.eventsByType,
    timings: Object.fromEntries(
      Object.entries(run.stats.timings).map(([key, value]) => [key, Math.round(value)]),
    ) as TenantSeedReport['timings'],
    deadLettered: run.stats.deadLettered,
    failures: run.stats.failures,
    humanActions: run.stats.humanActions,
    scenarios: scenarios.map(({ name, description }) => ({ name, description })),
    openExceptionsByType: await openExceptionsByType(db, tenant.id),
    durationMs: Date.now() - started,
  };
}

/**
 * Seeds the demo tenants. Refuses (ConflictError, nothing changed) when any of them already exists,
 * unless `force` is set, which deletes those tenants with all their data first. Other tenants are
 * never touched.
 */
export async function seedDemoData(
  db: Database,
  input: SeedOptions = {},
  hooks: { onProgress?: (progress: SeedProgress) => void } = {},
): Promise<SeedReport> {
  const options = parseOrThrow(seedOptionsSchema, input, 'seed options');
  const started = Date.now();
  const end = new Date(Math.floor((options.now ?? new Date()).getTime() / 60_000) * 60_000);
  const seed = String(options.seed);
  const plans = demoTenantPlans(options.tenants);
  const slugs = plans.map((plan) => plan.slug);
  const existing = await existingDemoTenants(db, slugs);
  if (existing.length > 0) {
    if (!options.force) {
      throw new ConflictError(
        `demo data is already present (tenant${existing.length > 1 ? 's' : ''} ${existing.join(', ')}); nothing was changed. ` +
          'Run `copilot seed --force` to delete these demo tenants with all their data and seed them again.',
        { existing },
      );
    }
    await asOperator(db, (tx) => tx.query('DELETE FROM tenants WHERE slug = ANY($1::text[])', [existing]));
  }
  registerExceptionDetection();

  const weights = plans.map((plan) => plan.build(createRandom('share')).orderShare);
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const tenants: TenantSeedReport[] = [];
  for (const [index, plan] of plans.entries()) {
    const orders = Math.round((options.orders * weights[index]!) / totalWeight);
    tenants.push(
      await seedTenant(db, plan, { seed, end, days: options.days, orders, index, count: plans.length, onProgress: hooks.onProgress }),
    );
  }
  const openByType = Object.fromEntries(
    EXCEPTION_TYPES.map((type) => [type, tenants.reduce((sum, tenant) => sum + tenant.openExceptionsByType[type], 0)]),
  ) as Record<ExceptionType, number>;
  return {
    seed,
    now: end.toISOString(),
    days: options.days,
    durationMs: Date.now() - started,
    tenants,
    totals: {
      orders: tenants.reduce((sum, tenant) => sum + tenant.orders, 0),
      events: tenants.reduce((sum, tenant) => sum + tenant.events, 0),
      deadLettered: tenants.reduce((sum, tenant) => sum + tenant.deadLettered, 0),
      openExceptions: Object.values(openByType).reduce((sum, count) => sum + count, 0),
    },
    openExceptionsByType: openByType,
    stuckOrder: STUCK_ORDER_NUMBER,
  };
}

/** Whether the database has no tenants at all (what `serve` checks before seeding on start). */
export async function hasNoTenants(db: Database): Promise<boolean> {
  return asOperator(db, async (tx) => (await tx.query('SELECT 1 FROM tenants LIMIT 1')).rowCount === 0);
}
