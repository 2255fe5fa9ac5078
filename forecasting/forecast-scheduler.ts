/**
 * Runs the forecast for every tenant once a day (after `hourUtc`, default 02:00 UTC) and once soon
 * after start, inside the server. Several replicas may run it: reconciling predicted exceptions is
 * idempotent (one live exception per cause, by the queue's unique index), so a double run only costs time.
 */
import type { Database } from '../core/db/database.ts';
import { listTenants } from '../core/tenants/tenants.ts';
import { runForecast, type ForecastRunReport } from './run-forecast.ts';

export interface ForecastSchedulerOptions {
  hourUtc?: number;
  /** First run this long after start (default 30 s; the demo then shows predicted exceptions right away). */
  firstRunAfterMs?: number;
  checkEveryMs?: number;
  onReport?: (slug: string, report: ForecastRunReport) => void;
  onError?: (error: unknown) => void;
}

export function startForecastScheduler(db: Database, options: ForecastSchedulerOptions = {}): () => Promise<void> {
  const hourUtc = options.hourUtc ?? 2;
  let lastRunDay: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const runAll = async (): Promise<void> => {
    lastRunDay = new Date().toISOString().slice(0, 10);
    for (const tenant of await listTenants(db)) {
      if (stopped) return;
      try {
        options.onReport?.(tenant.slug, await runForecast(db, tenant.id));
      } catch (error) {
        options.onError?.(error);
      }
    }
  };
  const schedule = (delay: number): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      const now = new Date();
      const due = lastRunDay === null || (lastRunDay !== now.toISOString().slice(0, 10) && now.getUTCHours() >= hourUtc);
      running = (due ? runAll() : Promise.resolve())
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          running = undefined;
          schedule(options.checkEveryMs ?? 10 * 60_000);
        });
    }, delay);
    timer.unref?.();
  };
  schedule(options.firstRunAfterMs ?? 30_000);

  return async function stopForecastScheduler(): Promise<void> {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
