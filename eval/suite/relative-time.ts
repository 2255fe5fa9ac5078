/**
 * Times in suites are written relative to the moment a case starts ("-3d", "-2h30m", "+1d") or as
 * ISO timestamps, so ages, SLA clocks and "days late" come out the same on every run.
 */
import { z } from 'zod';

const RELATIVE = /^([+-])((?:\d+[dhms])+)$/;
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

export const timeSpecSchema = z.union([
  z.string().regex(RELATIVE, 'a relative time like "-3d", "-2h30m" or "+1d"'),
  z.iso.datetime({ offset: true }),
]);
export type TimeSpec = z.infer<typeof timeSpecSchema>;

export const isRelativeTime = (value: string): boolean => RELATIVE.test(value);

/** The instant a time spec names, relative to `now`. */
export function resolveTime(spec: TimeSpec, now: Date): Date {
  const match = RELATIVE.exec(spec);
  if (!match) return new Date(spec);
  let offset = 0;
  for (const [, amount, unit] of match[2]!.matchAll(/(\d+)([dhms])/g)) offset += Number(amount) * UNIT_MS[unit!]!;
  return new Date(now.getTime() + (match[1] === '-' ? -offset : offset));
}
