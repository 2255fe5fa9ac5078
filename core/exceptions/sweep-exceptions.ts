/**
 * The periodic full sweep: time-based causes (SLA ages, backorder bands, late parcels, overdue
 * inspections) appear without any event, and a sweep also catches state changed outside the event
 * path. One transaction per tenant, so one tenant's failure does not stop the others.
 */
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { listTenants } from '../tenants/tenants.ts';
import { detectExceptions, type DetectionReport } from './detect-exceptions.ts';
import type { ExceptionType } from './exception-types.ts';

export interface TenantSweepReport extends DetectionReport {
  tenantId: string;
  tenantSlug: string;
  error?: string;
}

export interface SweepOptions {
  /** One tenant (id); default every tenant. */
  tenantId?: string;
  now?: Date;
  /** Only these rules (default: all). The demo seed sweeps just the time-based ones between events. */
  types?: readonly ExceptionType[];
}

/** Rules whose causes appear or change with the passage of time alone (ages, due dates, SLAs). */
export const TIME_BASED_EXCEPTION_TYPES: readonly ExceptionType[] = [
  'shipment_delayed',
  'return_inspection_overdue',
  'backorder_aging',
  'credit_hold',
  'address_validation_failed',
  'invoice_mismatch',
];

export async function sweepExceptions(db: Database, options: SweepOptions = {}): Promise<TenantSweepReport[]> {
  const now = options.now ?? new Date();
  const tenants = (await listTenants(db)).filter((tenant) => !options.tenantId || tenant.id === options.tenantId);
  const reports: TenantSweepReport[] = [];
  for (const tenant of tenants) {
    try {
      const report = await withTenant(db, tenant.id, (tx) =>
        detectExceptions(tx, { tenantId: tenant.id, now, actor: 'exception-sweeper', ...(options.types ? { types: options.types } : {}) }),
      );
      reports.push({ ...report, tenantId: tenant.id, tenantSlug: tenant.slug });
    } catch (error) {
      reports.push({
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        raised: [],
        resolved: [],
        updated: 0,
        suppressed: 0,
        byType: {},
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return reports;
}

export interface SweeperHooks {
  onReport?: (reports: TenantSweepReport[]) => void;
  onError?: (error: unknown) => void;
}

/**
 * Sweeps every `intervalMs` (first sweep after one interval) until stopped. Sweeps never overlap;
 * stop() waits for a sweep in progress so the database can close cleanly afterwards.
 */
export function startExceptionSweeper(db: Database, intervalMs = 60_000, hooks: SweeperHooks = {}): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweepExceptions(db)
        .then((reports) => hooks.onReport?.(reports))
        .catch((error: unknown) => hooks.onError?.(error))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, intervalMs);
    timer.unref?.();
  };
  schedule();

  return async function stopExceptionSweeper(): Promise<void> {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
