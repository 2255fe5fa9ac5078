/** The reporting window every KPI takes, validated once. */
import { z } from 'zod';
import { parseOrThrow } from '../errors.ts';

export const kpiWindowSchema = z
  .object({ from: z.date(), to: z.date() })
  .refine((window) => window.from < window.to, { message: 'from must be before to', path: ['from'] });
export type KpiWindow = z.infer<typeof kpiWindowSchema>;

export const parseKpiWindow = (input: unknown): KpiWindow => parseOrThrow(kpiWindowSchema, input, 'KPI window');

/** A duration statistic in hours (null when nothing fell in the window). */
export interface DurationStat {
  count: number;
  averageHours: number | null;
  p90Hours: number | null;
}

export interface RateStat {
  /** Denominator. */
  total: number;
  /** Numerator. */
  count: number;
  /** count / total, 0–1, rounded to 4 places; null when total is 0. */
  rate: number | null;
}

export const round = (value: number | null, places = 1): number | null =>
  value === null ? null : Math.round(value * 10 ** places) / 10 ** places;
export const rate = (count: number, total: number): RateStat => ({ total, count, rate: total === 0 ? null : round(count / total, 4) });
