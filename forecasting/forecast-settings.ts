/** The tenant's forecasting settings: the `forecasting` section of its active policy (defaults where absent). */
import type { Database } from '../core/db/database.ts';
import { forecastingSettingsSchema, getActivePolicy, type ForecastingSettings } from '../policies/index.ts';

export async function loadForecastingSettings(db: Database, tenantId: string): Promise<ForecastingSettings> {
  const policy = await getActivePolicy(db, tenantId);
  // Policies applied before the section existed have none; they get the documented defaults.
  return forecastingSettingsSchema.parse((policy.document as { forecasting?: unknown }).forecasting ?? {});
}
