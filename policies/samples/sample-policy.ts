/** The sample policy shipped with the product (seeded for demo tenants, a starting point for real ones). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SAMPLE_POLICY_PATH = fileURLToPath(new URL('./default.yaml', import.meta.url));

export function readSamplePolicy(): string {
  return readFileSync(SAMPLE_POLICY_PATH, 'utf8');
}
