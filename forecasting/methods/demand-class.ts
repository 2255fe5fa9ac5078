/**
 * Demand classification by average demand interval (ADI) and the squared coefficient of variation
 * of non-zero demand sizes (CV²), after Syntetos, Boylan & Croston (2005): the cut-offs 1.32 and 0.49
 * are where Croston-type methods start to beat exponential smoothing (and SBA beats Croston).
 */
import { z } from 'zod';

export const DEMAND_CLASSES = ['smooth', 'erratic', 'intermittent', 'lumpy'] as const;
export const demandClassSchema = z.enum(DEMAND_CLASSES);
export type DemandClass = z.infer<typeof demandClassSchema>;

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

/** Why a series gets no forecast: each is a defined outcome, never NaN. */
export const NO_FORECAST_REASONS = ['no_history', 'short_history', 'all_zero', 'too_few_sales', 'invalid_values'] as const;
export type NoForecastReason = (typeof NO_FORECAST_REASONS)[number];

export type Classification =
  | { ok: true; demandClass: DemandClass; adi: number; cv2: number; nonZeroPeriods: number; periods: number }
  | { ok: false; reason: NoForecastReason; nonZeroPeriods: number; periods: number };

/** The fewest non-zero periods from which interval and size statistics mean anything. */
export const MIN_NON_ZERO_PERIODS = 2;
/** The fewest periods (two weekly cycles) a series needs before it is classified at all. */
export const MIN_PERIODS = 14;

export function classifyDemand(values: readonly number[]): Classification {
  const periods = values.length;
  if (periods === 0) return { ok: false, reason: 'no_history', nonZeroPeriods: 0, periods };
  if (values.some((value) => !Number.isFinite(value) || value < 0)) {
    return { ok: false, reason: 'invalid_values', nonZeroPeriods: 0, periods };
  }
  const sizes = values.filter((value) => value > 0);
  if (periods < MIN_PERIODS) return { ok: false, reason: 'short_history', nonZeroPeriods: sizes.length, periods };
  if (sizes.length === 0) return { ok: false, reason: 'all_zero', nonZeroPeriods: 0, periods };
  if (sizes.length < MIN_NON_ZERO_PERIODS) return { ok: false, reason: 'too_few_sales', nonZeroPeriods: sizes.length, periods };
  const adi = periods / sizes.length;
  const mean = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
  const variance = sizes.reduce((sum, size) => sum + (size - mean) ** 2, 0) / sizes.length;
  const cv2 = variance / (mean * mean);
  const intermittentTiming = adi >= ADI_CUTOFF;
  const variableSize = cv2 >= CV2_CUTOFF;
  const demandClass: DemandClass = intermittentTiming ? (variableSize ? 'lumpy' : 'intermittent') : variableSize ? 'erratic' : 'smooth';
  return { ok: true, demandClass, adi, cv2, nonZeroPeriods: sizes.length, periods };
}
