/** Deterministic demo data generated through the event path. */
export { DEFAULT_SEED, DEFAULT_SEED_ORDERS, demoTenantPlans, hasNoTenants, seedDemoData, seedOptionsSchema } from './seed-demo-data.ts';
export type { SeedOptions, SeedProgress, SeedReport, TenantSeedReport } from './seed-demo-data.ts';
export { STUCK_ORDER_NUMBER } from './demo-scenarios.ts';
export { createRandom } from './seeded-random.ts';
export type { Random } from './seeded-random.ts';
