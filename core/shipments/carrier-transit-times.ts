/**
 * How long each carrier service takes from each location, learned from delivered shipments: the
 * number of deliveries and the median hours from shipped to delivered, per location × carrier ×
 * service level. Late-shipment risk uses it to say whether a faster service can absorb a late pick.
 */
import { z } from 'zod';
import type { Tx } from '../db/database.ts';
import { parseOrThrow } from '../errors.ts';

export const carrierTransitQuerySchema = z
  .object({ from: z.date(), to: z.date() })
  .refine((window) => window.from < window.to, { message: 'from must be before to', path: ['from'] });

export interface CarrierTransitTime {
  locationId: string;
  carrier: string;
  /** The shipment's service level; null when the WMS did not report one (the carrier's default service). */
  serviceLevel: string | null;
  shipments: number;
  medianHours: number;
}

export async function readCarrierTransitTimes(tx: Tx, input: { from: Date; to: Date }): Promise<CarrierTransitTime[]> {
  const window = parseOrThrow(carrierTransitQuerySchema, input, 'carrier transit query');
  const result = await tx.query<{
    location_id: string;
    carrier: string;
    service_level: string | null;
    shipments: number;
    median_hours: number;
  }>(
    `SELECT location_id, carrier, service_level, count(*)::int AS shipments,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - shipped_at) / 3600)::float8 AS median_hours
       FROM shipments
      WHERE delivered_at IS NOT NULL AND shipped_at IS NOT NULL AND delivered_at > shipped_at
        AND shipped_at >= $1 AND shipped_at < $2
      GROUP BY 1, 2, 3
      ORDER BY 1, 2, 3`,
    [window.from, window.to],
  );
  return result.rows.map((row) => ({
    locationId: row.location_id,
    carrier: row.carrier,
    serviceLevel: row.service_level,
    shipments: row.shipments,
    medianHours: Math.round(row.median_hours * 10) / 10,
  }));
}
